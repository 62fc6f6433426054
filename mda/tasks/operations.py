"""Domain operations on tasks beyond a bare state change: what completing a task records."""
from datetime import date

from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.reviews import orders
from mda.reviews.models import RestrainingOrder, RiskAssessment, RiskAssessmentAnswer
from mda.tasks.models import Task
from workflows import RISK_INSTRUMENTS, restraining_order_task


def add_risk_assessment(dossier: Dossier, user, *, instrument: str, assessed_on: date, outcome: str, level: str,
                        answers: dict[str, str], decided_by_org_id: int, today: date) -> RiskAssessment:
    """Records a risk assessment with the answers to its instrument's items (checked by the
    caller); when a RiHG points to a temporary restraining order (*huisverbod*: two red signals
    in one part), ``decided_by_org_id`` (the police) get the urgent task to consider it."""
    given = {item: str(answer) for item, answer in answers.items() if answer not in (None, "")}
    points = RISK_INSTRUMENTS[instrument].points_to_restraining_order(given)
    assessment = RiskAssessment(
        dossier_id=dossier.id, instrument=instrument, assessed_on=assessed_on, outcome=outcome.strip(), level=level,
        points_to_restraining_order=points, organisation_id=user.organisation_id, author_id=user.id,
        answers=[RiskAssessmentAnswer(item=item, answer=answer) for item, answer in given.items()])
    db.session.add(assessment)
    if points:
        create_tasks(dossier, [restraining_order_task(decided_by_org_id, assessed_on,
                                                      task_context(dossier.region_id), recorded_on=today)],
                     user, today)
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, object=f"risk_assessment:{assessment.id}",
           detail=f"{instrument} {level}; points to restraining order" if points else f"{instrument} {level}")
    return assessment


def complete_risk_assessment(task: Task, user, *, result: str, outcome: str, level: str, answers: dict[str, str],
                             today: date | None = None, assessed_on: date | None = None) -> RiskAssessment:
    """Completes a police RiHG task by recording the RiHG (``add_risk_assessment``)."""
    today = today or clock.today()
    fire(task, "complete", user, result=result, today=today, through_record=True)
    return add_risk_assessment(db.session.get(Dossier, task.dossier_id), user, instrument="rihg",
                               assessed_on=assessed_on or today, outcome=outcome, level=level, answers=answers,
                               decided_by_org_id=user.organisation_id, today=today)


def complete_restraining_order(task: Task, user, *, result: str, imposed_on: date | None, version=NO_FORM,
                               today: date | None = None) -> Task | None:
    """Completes "consider a huisverbod"; when the mayor imposed it, the order is recorded on the
    dossier and the police get the task to decide on its extension before the 10 days end.
    Returns that task, if any."""
    today = today or clock.today()
    fire(task, "complete", user, result=result, version=version, today=today)
    if imposed_on is None:
        return None
    dossier = db.session.get(Dossier, task.dossier_id)
    order = orders.impose(user, dossier, imposed_on=imposed_on, person_id=task.person_id,
                          decided_by_org_id=task.organisation_id, today=today)
    record("update", user=user, dossier_id=task.dossier_id, object=f"task:{task.id}",
           detail=f"restraining order imposed on {imposed_on.isoformat()}")
    return orders.extension_task(order)


def extend_restraining_order(task: Task, user, *, result: str, ends_on: date, version=NO_FORM,
                             today: date | None = None) -> RestrainingOrder | None:
    """Completes "decide on extending the huisverbod" with the extension the mayor decided: the
    order runs until ``ends_on``. None when the task's order is not on record (imposed before
    orders were kept): the task is then completed by the caller like any other."""
    today = today or clock.today()
    check_version(task, version)
    return orders.extend_by_task(task, user, ends_on=ends_on, result=result, today=today)
