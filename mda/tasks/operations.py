"""Domain operations on tasks beyond a bare state change: what completing a task records."""
from datetime import date

from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.reviews.models import RiskAssessment
from mda.tasks.models import Task
from workflows import restraining_order_extension_task, restraining_order_task


def add_risk_assessment(dossier: Dossier, user, *, instrument: str, assessed_on: date, outcome: str,
                        points_to_restraining_order: bool, decided_by_org_id: int,
                        today: date) -> RiskAssessment:
    """Records a risk assessment; when a RiHG points to a temporary restraining order
    (*huisverbod*), ``decided_by_org_id`` (the police) get the urgent task to consider it."""
    assessment = RiskAssessment(
        dossier_id=dossier.id, instrument=instrument, assessed_on=assessed_on, outcome=outcome.strip(),
        points_to_restraining_order=points_to_restraining_order,
        organisation_id=user.organisation_id, author_id=user.id)
    db.session.add(assessment)
    if points_to_restraining_order:
        create_tasks(dossier, [restraining_order_task(decided_by_org_id, assessed_on,
                                                      task_context(dossier.region_id), recorded_on=today)],
                     user, today)
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, object=f"risk_assessment:{assessment.id}",
           detail=f"{instrument}; points to restraining order" if points_to_restraining_order else instrument)
    return assessment


def complete_risk_assessment(task: Task, user, *, result: str, outcome: str,
                             points_to_restraining_order: bool, version=NO_FORM,
                             today: date | None = None, assessed_on: date | None = None) -> RiskAssessment:
    """Completes a police RiHG task and records the assessment (``add_risk_assessment``)."""
    today = today or clock.today()
    fire(task, "complete", user, result=result, version=version, today=today)
    return add_risk_assessment(db.session.get(Dossier, task.dossier_id), user, instrument="rihg",
                               assessed_on=assessed_on or today, outcome=outcome,
                               points_to_restraining_order=points_to_restraining_order,
                               decided_by_org_id=user.organisation_id, today=today)


def complete_restraining_order(task: Task, user, *, result: str, imposed_on: date | None, version=NO_FORM,
                               today: date | None = None) -> Task | None:
    """Completes "consider a huisverbod"; when the mayor imposed it, the police get the task to
    decide on its extension before the 10 days end. Returns that task, if any."""
    today = today or clock.today()
    fire(task, "complete", user, result=result, version=version, today=today)
    if imposed_on is None:
        return None
    dossier = db.session.get(Dossier, task.dossier_id)
    created = create_tasks(dossier, [restraining_order_extension_task(
        task.organisation_id, imposed_on, task_context(dossier.region_id), person_id=task.person_id)], user, today)
    db.session.flush()
    record("update", user=user, dossier_id=task.dossier_id, object=f"task:{task.id}",
           detail=f"restraining order imposed on {imposed_on.isoformat()}")
    return created[0] if created else None
