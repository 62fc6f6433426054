"""How the engine drives a handover of *zicht op veiligheid* (``workflows.HANDOVER_WORKFLOW``) and a
decision on reopening (``workflows.REOPENING_WORKFLOW``), and what follows their steps and the
case's reopening.

A proposed handover tells the named organisation's staff, its answer tells the case coordinator.
A holder that leaves the team no longer holds: its handover is withdrawn. A decision on reopening,
either way, completes the decision tasks of the holder and the coordinator's organisation. When the
case is reopened, the pending decision is taken with the reopening's reason, the handover ends
(the team holds the family again) and the safety plan is reviewed again, as after a relapse.
"""
from datetime import date

from sqlalchemy import select

from mda.closing.models import Handover, ReopeningDecision
from mda.closing.queries import live_handover, on_team, pending_decision
from mda.core.persistence import flush
from mda.core.redirects import path_for
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.core import Lifecycle, Step, effect, fire, register
from mda.extensions import db
from mda.inbox.operations import CASE_ROLES, notify, staff_of
from mda.orgs.models import Organisation
from mda.safetyplan.operations import reopen as review_the_plan_again
from mda.tasks.models import PENDING_STATES, Task
from workflows import HandoverFacts

REOPENED = "De casus is heropend na een nieuwe melding; het team houdt het gezin weer zelf in het oog."
HOLDER_LEFT = "{name} is uit het team en houdt geen zicht op veiligheid meer: {reason}"
DECIDED = {"reopened": "Besloten: heropenen. {reason}", "kept_closed": "Besloten: niet heropenen. {reason}"}


def handover_url(dossier_id: int) -> str:
    return path_for("closing.handover", dossier_id=dossier_id)


def _dossier(row) -> Dossier:
    return row.dossier or db.session.get(Dossier, row.dossier_id)


def _agreement(handover: Handover, data: dict, state: str) -> dict:
    """The proposal's input while it is being proposed, the row's own terms afterwards."""
    if state == "new":
        return {name: data.get(name) for name in ("organisation_id", "watches", "frequency", "until")}
    return {"organisation_id": handover.organisation_id, "watches": handover.watches,
            "frequency": handover.frequency, "until": handover.until}


def _handover_facts(handover: Handover, today: date, data: dict) -> HandoverFacts:
    state = handover.state or "new"
    terms = _agreement(handover, data, state)
    organisation = db.session.get(Organisation, terms["organisation_id"]) if terms["organisation_id"] else None
    other = live_handover(handover.dossier_id, but=handover.id)
    return HandoverFacts(state, today, organisation.name if organisation else "", organisation.kind if organisation
                         else None, on_team(handover.dossier_id, terms["organisation_id"]),
                         terms["watches"] or "", terms["frequency"] or "", terms["until"],
                         other.organisation.name if other is not None else None)


def _apply_handover(step: Step) -> None:
    handover: Handover = step.row
    user_id = step.user.id if step.user else None
    if step.event == "propose":
        handover.organisation_id = step.data["organisation_id"]
        handover.watches = step.data["watches"].strip()
        handover.frequency, handover.until = step.data["frequency"], step.data["until"]
        handover.proposed_on, handover.proposed_by_id = step.today, user_id
        db.session.add(handover)
    elif step.event in ("accept", "decline"):
        handover.answered_on, handover.answered_by_id, handover.answer_reason = step.today, user_id, step.reason
    else:
        handover.ended_on, handover.end_reason = step.today, step.reason


register(Lifecycle(
    "handover",
    facts=_handover_facts,
    dossier_state=lambda handover: _dossier(handover).state,
    apply=_apply_handover,
    label=lambda handover, event: f"handover.{event}:{handover.id}",
))


def _apply_decision(step: Step) -> None:
    decision: ReopeningDecision = step.row
    decision.reason, decision.decided_on = step.reason, step.today
    decision.decided_by_id = step.user.id if step.user else None


register(Lifecycle(
    "reopening",
    facts=lambda decision, today, data: None,
    dossier_state=lambda decision: _dossier(decision).state,
    on_ended=frozenset({"keep_closed"}),
    apply=_apply_decision,
    label=lambda decision, event: f"reopening.{event}:{decision.id}",
))


@effect("handover", "propose", order=10)
def ask_the_organisation(step: Step) -> None:
    handover: Handover = step.row
    notify("handover_proposed", url=handover_url(handover.dossier_id), key=f"handover_proposed:{handover.id}",
           users=staff_of([handover.organisation_id], but=step.user, roles=CASE_ROLES),
           dossier_id=handover.dossier_id, today=step.today)


@effect("handover", "accept", "decline", order=10)
def tell_the_coordinator(step: Step) -> None:
    handover: Handover = step.row
    coordinator_id = _dossier(handover).coordinator_id
    if step.user is None or coordinator_id != step.user.id:
        notify("handover_answered", url=handover_url(handover.dossier_id),
               key=f"handover_answered:{handover.id}", users=[coordinator_id], dossier_id=handover.dossier_id,
               today=step.today)


@effect("team_membership", "leave", order=8)
def a_leaving_holder_no_longer_holds(step: Step) -> None:
    membership: TeamMembership = step.row
    handover = live_handover(membership.dossier_id)
    if handover is not None and handover.organisation_id == membership.organisation_id:
        fire(handover, "withdraw", step.user, today=step.today,
             reason=HOLDER_LEFT.format(name=membership.organisation.name, reason=step.reason))


@effect("case", "reopen", order=10)
def take_the_decision_end_the_handover_and_review_the_plan(step: Step) -> None:
    dossier: Dossier = step.row
    decision = pending_decision(dossier.id)
    if decision is not None:
        fire(decision, "reopen", step.user, reason=step.reason, today=step.today)
    holder = live_handover(dossier.id)
    if holder is not None:
        fire(holder, "end" if holder.state == "accepted" else "withdraw", step.user, reason=REOPENED,
             today=step.today)
    review_the_plan_again(dossier, step.user, step.today)


@effect("reopening", order=10)
def complete_the_decision_tasks(step: Step) -> None:
    """The decision was taken: the decision tasks of the holder and the coordinator's organisation
    are done, whoever of them took it."""
    decision: ReopeningDecision = step.row
    result = DECIDED[decision.state].format(reason=step.reason).strip()
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == decision.dossier_id, Task.kind == "reopening_decision",
            Task.dedupe_key.startswith(f"reopening_decision:{decision.id}:"),
            Task.state.in_(PENDING_STATES)).order_by(Task.id))):
        if task.state == "declined":
            continue
        if task.state == "open":
            fire(task, "accept", step.user, today=step.today)
        fire(task, "complete", step.user, result=result, through_record=True, today=step.today)
    flush()
