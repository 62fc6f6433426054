"""What steps of the engine tell people: a task handed to another organisation tells that
organisation; a declined task tells the dossier's coordinator, who must give it to someone else."""
from sqlalchemy import select

from mda.dossiers.models import Dossier
from mda.engine.core import Step, effect
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
