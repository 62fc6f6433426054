"""A region's working days: Dutch public holidays and the days the region itself is closed."""
from sqlalchemy import select

from mda.extensions import db
from mda.orgs.models import ClosedDay
from workflows import TaskContext, WorkingCalendar


def task_context(region_id: int) -> TaskContext:
    """The region's working-day calendar (its own closed days included)."""
    closed = db.session.scalars(select(ClosedDay.day).where(ClosedDay.region_id == region_id))
    return TaskContext(calendar=WorkingCalendar(extra_closed=tuple(closed)))
