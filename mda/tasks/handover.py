"""Handing several tasks to another organisation at once, with one reason: the case coordinator's
bulk hand-over on the work list. Each task goes through the engine's own ``reassign`` (the same
checks as one task on its page: an active partner on the team of a kind that does the work, health
data only to a care partner, a school's signal only to a school); one task refused refuses them all.
"""
from dataclasses import dataclass
from datetime import date

from mda.errors import ConflictError, Refused
from mda.extensions import db
from mda.tasks.lifecycle import reassign
from mda.tasks.models import Task
from workflows import Reason

CHANGED = Reason("changed_meanwhile", "Deze taak is intussen gewijzigd; bekijk de lijst opnieuw.",
                 "This task has been changed meanwhile; look at the list again.")
ALREADY_HOLDS = Reason("already_holds", "Deze organisatie heeft de taak al.",
                       "This organisation holds the task already.")


@dataclass(frozen=True)
class TaskRefusal:
    task: Task
    reasons: tuple[Reason, ...]


class HandOverRefused(Exception):
    """At least one of the chosen tasks cannot go to the organisation: none of them has moved."""

    def __init__(self, refusals: list[TaskRefusal]):
        super().__init__("; ".join(f"task {r.task.id}: {', '.join(x.code for x in r.reasons)}" for r in refusals))
        self.refusals = refusals


def hand_over(chosen: list[tuple[Task, object]], user, *, organisation_id: int, reason: str,
              due_on: date | None = None) -> list[Task]:
    """Gives each chosen task (with the version the user's form saw, or ``NO_FORM``) to
    ``organisation_id`` by ``due_on`` (default each task's own due day), with ``reason``; returns
    the new tasks. Every task is tried, inside a savepoint: when any is refused, or was changed
    meanwhile, the savepoint is rolled back and ``HandOverRefused`` names each refused task and why."""
    refusals, successors = [], []
    savepoint = db.session.begin_nested()
    try:
        for task, version in chosen:
            if task.organisation_id == organisation_id:
                refusals.append(TaskRefusal(task, (ALREADY_HOLDS,)))
                continue
            try:
                successors.append(reassign(task, user, organisation_id=organisation_id, due_on=due_on,
                                           reason=reason, version=version))
            except ConflictError:
                refusals.append(TaskRefusal(task, (CHANGED,)))
            except Refused as refused:
                refusals.append(TaskRefusal(task, refused.reasons))
    except BaseException:
        savepoint.rollback()
        raise
    if refusals:
        savepoint.rollback()
        raise HandOverRefused(refusals)
    savepoint.commit()
    return successors

