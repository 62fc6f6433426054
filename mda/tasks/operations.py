"""Domain operations on tasks beyond a bare state change: what completing a task records."""
from datetime import date

from mda.audit.log import record
from mda.dossiers.models import Dossier
from mda.engine.core import create_tasks, fire_task
from mda.engine.facts import task_context
from mda.extensions import db
from mda.plans.models import RiskAssessment
from mda.tasks.models import Task
from workflows import restraining_order_task


def complete_risk_assessment(task: Task, user, *, result: str, outcome: str,
                             points_to_restraining_order: bool, version=None,
                             today: date | None = None, assessed_on: date | None = None) -> RiskAssessment:
    """Completes a police RiHG task and records the assessment; when the RiHG points to a
    temporary restraining order (*huisverbod*), the police get the urgent task to consider it."""
    today = today or date.today()
    assessed_on = assessed_on or today
    fire_task(task, "complete", user, result=result, version=version, today=today)
    assessment = RiskAssessment(
        dossier_id=task.dossier_id, instrument="rihg", assessed_on=assessed_on, outcome=outcome.strip(),
        points_to_restraining_order=points_to_restraining_order,
        organisation_id=user.organisation_id, author_id=user.id)
    db.session.add(assessment)
    if points_to_restraining_order:
        dossier = db.session.get(Dossier, task.dossier_id)
        create_tasks(dossier, [restraining_order_task(user.organisation_id, assessed_on,
                                                      task_context(dossier.region_id), recorded_on=today)],
                     user, today)
    db.session.flush()
    record("create", user=user, dossier_id=task.dossier_id, object=f"risk_assessment:{assessment.id}",
           detail="rihg; points to restraining order" if points_to_restraining_order else "rihg")
    return assessment
