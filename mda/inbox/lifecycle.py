"""What steps of the engine tell people: a task handed to another organisation tells that
organisation; a declined task tells the dossier's coordinator, who must give it to someone else; a
relapse tells the coordinator and the team."""
from sqlalchemy import func, select

from mda.dossiers.models import Dossier
from mda.engine.core import Step, effect
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.inbox import events
from mda.tasks.lifecycle import successor_of
from mda.tasks.models import Task


@effect("task", "reassign", order=20)
def tell_the_new_organisation(step: Step) -> None:
    successor = successor_of(step.row)
    if successor is not None:
        events.task_handed_over(successor, step.user, step.today)


@effect("task", "decline", order=20)
def tell_the_coordinator(step: Step) -> None:
    task: Task = step.row
    coordinator_id = db.session.scalar(select(Dossier.coordinator_id).where(Dossier.id == task.dossier_id))
    events.task_declined(task, coordinator_id, step.user, step.today)


@effect("case", "relapse", order=40)
def tell_the_team_of_the_relapse(step: Step) -> None:
    """Once per relapse: named by the signal that caused it, else by the step's log row."""
    dossier: Dossier = step.row
    signal_id = step.data.get("signal_id")
    if signal_id is not None:
        cause = f"signal:{signal_id}"
    else:
        cause = "step:" + str(db.session.scalar(select(func.max(TransitionLog.id)).where(
            TransitionLog.dossier_id == dossier.id, TransitionLog.workflow == "case",
            TransitionLog.event == "relapse")))
    team = [m.organisation_id for m in dossier.memberships if m.status == "active"]
    events.relapse(dossier, team, step.user, cause, step.today)
