"""Handing over *zicht op veiligheid*, and a new report after closure: every step goes through
``mda.engine.core.fire``."""
from datetime import date

from sqlalchemy import select

from mda.access import Action as Right
from mda.audit.log import record
from mda.closing.models import Handover, ReopeningDecision
from mda.closing.queries import closed_on, current_holder, pending_decision
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version, flush
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier, Signal, TeamMembership
from mda.engine.core import fire, following
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.orgs.models import Organisation
from mda.tasks.creation import create_tasks
from workflows import reopening_decision_tasks
from workflows.vocabulary import SAFETY_HOLDER_KINDS


def holder_candidates(dossier: Dossier) -> list[Organisation]:
    """The active partners on the team that can keep zicht op veiligheid."""
    return list(db.session.scalars(
        select(Organisation).join(TeamMembership, TeamMembership.organisation_id == Organisation.id)
        .where(TeamMembership.dossier_id == dossier.id, TeamMembership.status == "active",
               Organisation.kind.in_(SAFETY_HOLDER_KINDS))
        .order_by(Organisation.name)))


def propose_handover(user, dossier: Dossier, *, organisation_id: int | None, watches: str, frequency: str | None,
                     until: date | None, today: date | None = None) -> Handover:
    """The coordinator hands zicht op veiligheid over to a partner on the team, with the monitoring
    agreement; its staff are asked to accept it."""
    ensure_open(dossier, "handover.propose", field="organisation_id")
    return fire(Handover(dossier=dossier, dossier_id=dossier.id), "propose", user, organisation_id=organisation_id,
                watches=watches or "", frequency=frequency, until=until, today=today)


def accept_handover(user, handover: Handover, *, version=NO_FORM, today: date | None = None) -> Handover:
    return fire(handover, "accept", user, version=version, today=today)


def decline_handover(user, handover: Handover, *, reason: str, version=NO_FORM) -> Handover:
    return fire(handover, "decline", user, reason=reason, version=version)


def withdraw_handover(user, handover: Handover, *, reason: str, version=NO_FORM) -> Handover:
    return fire(handover, "withdraw", user, reason=reason, version=version)


def re_reported(user, dossier: Dossier, signal: Signal, today: date | None = None) -> ReopeningDecision:
    """A new report on a closed dossier is never filed silently: it is marked as a re-report (the
    impact monitor counts it), and the holder of zicht op veiligheid and the last coordinator's
    organisation each get a task to decide on reopening the case (one decision for every report
    until it is taken)."""
    today = today or clock.today()
    closed = closed_on(dossier.id)
    signal.dossier_closed_on = closed or today
    decision = pending_decision(dossier.id)
    if decision is None:
        holder = current_holder(dossier.id)
        decision = ReopeningDecision(dossier_id=dossier.id, signal_id=signal.id, closed_on=closed,
                                     holder_id=holder.organisation_id if holder else None)
        db.session.add(decision)
        flush()
        record("create", user=user, dossier_id=dossier.id, object=f"reopening:{decision.id}",
               detail=f"signal {signal.id}")
    deciders = [org for org in (decision.holder_id, dossier.coordinator.organisation_id) if org is not None]
    templates = reopening_decision_tasks(decision.id, deciders, signal.reported_on, closed, signal.acute, today,
                                         task_context(dossier.region_id, today))
    for task in create_tasks(dossier, templates, user, today):
        flush()
        record("create", user=user, dossier_id=dossier.id, object=f"task:{task.id}", detail="reopening_decision")
    return decision


def decide_reopening(user, decision: ReopeningDecision, *, reopen: bool, reason: str, version=NO_FORM,
                     today: date | None = None) -> ReopeningDecision:
    """The holder or the last coordinator decides: the case goes back to phase 1 (its history
    intact), or it stays closed; either way with the reason."""
    check_version(decision, version)
    if not reopen:
        return fire(decision, "keep_closed", user, reason=reason, today=today)
    dossier = decision.dossier or db.session.get(Dossier, decision.dossier_id)
    with following(user, Right.REOPENING_DECIDE, decision, "reopening.decide"):
        fire(dossier, "reopen", user, reason=reason, today=today)
    return decision
