"""Veilig Thuis's safety assessment, and the legal hold of a dossier."""
from datetime import date

from sqlalchemy import select

from mda.access import Action as Right
from mda.audit.log import record
from mda.casework.facts import case_facts
from mda.casework.feedback import tell_reporters
from mda.casework.models import SafetyAssessment
from mda.core import clock
from mda.core.persistence import check_version, flush
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier
from mda.engine.core import fire, following
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.tasks.creation import create_tasks
from mda.tasks.lifecycle import reassign
from mda.tasks.models import PENDING_STATES, Task
from workflows import tasks_on_assessment
from workflows.vocabulary import ASSESSMENT_OUTCOMES

ASSESSED_BY = "{name} heeft de veiligheidsbeoordeling vastgelegd."


def record_assessment(user, dossier: Dossier, *, outcome: str, route: str, assessed_on: date,
                      explanation: str, today: date | None = None) -> SafetyAssessment:
    """Records the assessment, completes the dossier's pending assessment task (whoever holds it:
    without Veilig Thuis on the team it went to the coordinator's organisation), creates the
    tasks its route needs (an investigation within 10 weeks of the assessment), and tells the
    reporters what follows."""
    ensure_open(dossier, "assessment.record", field="outcome")
    today = today or clock.today()
    assessment = SafetyAssessment(dossier_id=dossier.id, outcome=outcome, route=route,
                                  assessed_on=assessed_on, explanation=explanation.strip(),
                                  organisation_id=user.organisation_id, author_id=user.id)
    db.session.add(assessment)
    db.session.flush()
    task = db.session.scalar(select(Task).where(
        Task.dossier_id == dossier.id, Task.kind == "safety_assessment",
        Task.state.in_(PENDING_STATES)).order_by(Task.id).limit(1))
    if task is not None:
        # Recording the assessment is doing its task: Veilig Thuis takes it over, accepts and
        # completes it, authorised by its right to record the assessment.
        with following(user, Right.ASSESSMENT_RECORD, dossier, "assessment.record"):
            if task.organisation_id != user.organisation_id or task.state == "declined":
                task = reassign(task, user, organisation_id=user.organisation_id,
                                reason=ASSESSED_BY.format(name=user.organisation.name), today=today)
            if task.state == "open":
                fire(task, "accept", user, today=today)
            fire(task, "complete", user, result=ASSESSMENT_OUTCOMES[outcome].nl, today=today)
    facts = case_facts(dossier, today)
    create_tasks(dossier, tasks_on_assessment(facts, task_context(dossier.region_id)), user, today)
    db.session.flush()
    record("update", user=user, dossier_id=dossier.id, object="assessment.record", detail=f"{outcome}/{route}")
    tell_reporters(user, dossier, "assessment", route, assessed_on)
    return assessment


def set_legal_hold(user, dossier: Dossier, *, until: date, reason: str, version) -> None:
    """Keeps a dossier past its retention period, e.g. until the youngest child turns 18."""
    check_version(dossier, version)
    dossier.legal_hold_until = until
    dossier.legal_hold_reason = reason.strip()
    flush()
    record("update", user=user, dossier_id=dossier.id, object="legal_hold.set", detail=f"until {until.isoformat()}")
