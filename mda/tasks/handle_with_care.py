"""Handle with Care: after a police call-out the school of each school-age child hears *that*
something happened (the child's name, date of birth and the code word; never what) before school
starts on its next school day, and confirms that it has the signal.

The signal is a ``school_signal`` task for the child's school (``workflows.school_signal_tasks``
plans it; ``mda.dossiers.operations`` creates it when the call-out is recorded, and the school's
staff hear of it at once through ``mda.inbox.events``). Here: the region's schools, the only
organisations a signal goes to; the signals of a child that no school confirmed yet (they move to
the child's school once it is recorded); and telling the coordinator when school has started
without the school's confirmation (``tell_coordinators_of_unconfirmed``, a tick of the scheduler).
"""
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mda.core import clock
from mda.core.redirects import path_for
from mda.dossiers.models import Person
from mda.extensions import db
from mda.inbox.operations import notify
from mda.orgs.models import Organisation
from mda.tasks.models import OPEN_STATES, PENDING_STATES, Task

KIND = "school_signal"


def school_candidates(region_id: int, but: int | None = None) -> list[Organisation]:
    """The active schools of the region (but ``but``), the only organisations a signal goes to."""
    stmt = select(Organisation).where(Organisation.region_id == region_id, Organisation.kind == "school",
                                      Organisation.active.is_(True)).order_by(Organisation.name)
    return [org for org in db.session.scalars(stmt) if org.id != but]


def pending_signals_of(person: Person) -> list[Task]:
    """The child's signals that no school has confirmed yet."""
    return list(db.session.scalars(select(Task).where(
        Task.dossier_id == person.dossier_id, Task.person_id == person.id, Task.kind == KIND,
        Task.state.in_(PENDING_STATES)).order_by(Task.id)))


def due_moment(task: Task) -> datetime:
    """When the task is due, as Dutch wall-clock time: its time of day, or the end of its day."""
    return datetime.combine(task.due_on, task.due_time or time.max)


def tell_coordinators_of_unconfirmed(now: datetime | None = None) -> str:
    """Tells the coordinator of every signal that school has started without the school's
    confirmation. Once per signal, however often it runs (the key of the inbox item); says how
    many were told now."""
    now = (now or clock.now()).astimezone(clock.ZONE).replace(tzinfo=None)
    tasks = db.session.scalars(select(Task).where(Task.kind == KIND, Task.state.in_(OPEN_STATES),
                                                  Task.due_on <= now.date())
                               .options(joinedload(Task.dossier)).order_by(Task.id))
    told = 0
    for task in tasks:
        if due_moment(task) > now:
            continue
        told += bool(notify("school_signal_unconfirmed", url=path_for("tasks.show", task_id=task.id),
                            key=f"school_signal_unconfirmed:task:{task.id}",
                            users=[task.dossier.coordinator_id], dossier_id=task.dossier_id))
    db.session.commit()  # a tick commits its own work, as the digest and the outbox do
    return f"coordinators told: {told}"
