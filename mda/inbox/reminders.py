"""Timed notifications about tasks: due on the next working day, and overdue.

Both run as daily jobs for a given day (``mda.jobs.runner``), also for each day the scheduler
missed. A reminder is claimed per (task, due date): a task is reminded once before its due date and
told overdue once, whatever the number of runs, restarts or scheduler processes; a task given a
new due date is reminded again for that date. A missed day's "due tomorrow" reminder for a task
due today or before is not sent late: it would say "tomorrow" of a day that has come, and the
overdue notice follows.
"""
from datetime import date

from sqlalchemy import select

from mda.core import clock
from mda.core.redirects import path_for
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.operations import notify
from mda.jobs.claims import claim
from mda.orgs.calendar import task_context
from mda.orgs.models import Region
from mda.tasks.models import OPEN_STATES, Task


def _tell(kind: str, rows) -> int:
    claimed = claim(kind, [(f"task:{task_id}", due_on.isoformat()) for task_id, _, due_on, _ in rows])
    told = 0
    for task_id, organisation_id, due_on, dossier_id in rows:
        if (f"task:{task_id}", due_on.isoformat()) not in claimed:
            continue
        notify(kind, url=path_for("tasks.show", task_id=task_id), key=f"{kind}:task:{task_id}:{due_on.isoformat()}",
               organisation_ids=[organisation_id], dossier_id=dossier_id)
        told += 1
    return told


def _open_tasks():
    return (select(Task.id, Task.organisation_id, Task.due_on, Task.dossier_id)
            .join(Dossier, Dossier.id == Task.dossier_id).where(Task.state.in_(OPEN_STATES)))


def due_tomorrow(day: date) -> int:
    """On a working day: the open tasks due after it, up to and including the next working day
    of their region (on a Friday: those due on Saturday, Sunday and Monday)."""
    today = clock.today()
    told = 0
    for region_id in db.session.scalars(select(Region.id).order_by(Region.id)).all():
        calendar = task_context(region_id).calendar
        if not calendar.is_working_day(day):
            continue
        horizon = calendar.next_working_day(day)
        rows = db.session.execute(_open_tasks().where(
            Dossier.region_id == region_id, Task.due_on > day, Task.due_on <= horizon, Task.due_on > today)
            .order_by(Task.id)).all()
        told += _tell("task_due_tomorrow", rows)
    return told


def overdue(day: date) -> int:
    """The open tasks whose due date is before ``day``."""
    rows = db.session.execute(_open_tasks().where(Task.due_on < day).order_by(Task.id)).all()
    return _tell("task_overdue", rows)


def task_reminders(day: date) -> str:
    return f"{due_tomorrow(day)} due tomorrow, {overdue(day)} overdue"
