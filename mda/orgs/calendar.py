"""A region's calendars: its working days (Dutch public holidays and the days the region itself is
closed) and its school days (public holidays and the region's school holidays, and when school
starts)."""
from datetime import date, datetime, time

from sqlalchemy import select

from mda.core import clock
from mda.extensions import db
from mda.orgs.models import ClosedDay, Region, SchoolHoliday
from workflows import SchoolCalendar, TaskContext, WorkingCalendar
from workflows import SchoolHoliday as Holiday


def school_calendar(region_id: int) -> SchoolCalendar:
    region = db.session.get(Region, region_id)
    holidays = db.session.scalars(select(SchoolHoliday).where(SchoolHoliday.region_id == region_id))
    return SchoolCalendar([Holiday(h.first_day, h.last_day, h.name) for h in holidays], region.school_starts_at)


def task_context(region_id: int, today: date | None = None) -> TaskContext:
    """The region's working-day calendar (its own closed days included), school days and review
    cadence, as stored now. Tasks made on ``today`` are made now; on another day (the demo's
    history) at that day's start."""
    closed = db.session.scalars(select(ClosedDay.day).where(ClosedDay.region_id == region_id))
    now = clock.now()
    moment = now.replace(tzinfo=None) if today in (None, now.date()) else datetime.combine(today, time.min)
    return TaskContext(calendar=WorkingCalendar(extra_closed=tuple(closed)), school=school_calendar(region_id),
                       now=moment, cadence_overrides=db.session.get(Region, region_id).review_cadence)
