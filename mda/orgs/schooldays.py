"""A region's school days for Handle with Care: when school starts, and its school holidays. The
region's administrator keeps them; ``mda.orgs.calendar.school_calendar`` reads them."""
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mda.audit.log import record
from mda.core.persistence import flush
from mda.errors import RuleError
from mda.extensions import db
from mda.orgs.models import Region, SchoolHoliday

LONGEST_HOLIDAY = 92  # days: the summer holiday is six weeks; a longer range is a typing error
EARLIEST_START, LATEST_START = time(7, 0), time(10, 0)

ENDS_BEFORE_IT_STARTS = _l("The last day cannot be before the first day.")
TOO_LONG = _l("A school holiday lasts at most 13 weeks: check the dates.")
ENDED = _l("This school holiday has already ended.")
START_OUT_OF_RANGE = _l("Enter a time between 07:00 and 10:00.")
SAME_START = _l("Your region already has a school holiday starting on this day.")


def region_holidays(region_id: int) -> list[SchoolHoliday]:
    return list(db.session.scalars(select(SchoolHoliday).where(SchoolHoliday.region_id == region_id)
                                   .order_by(SchoolHoliday.first_day)))


def add_school_holiday(region_id: int, *, first_day: date, last_day: date, name: str, today: date) -> SchoolHoliday:
    """Adds a school holiday of the region: no school days from ``first_day`` to ``last_day``."""
    if last_day < first_day:
        raise RuleError(ENDS_BEFORE_IT_STARTS, "last_day")
    if (last_day - first_day).days >= LONGEST_HOLIDAY:
        raise RuleError(TOO_LONG, "last_day")
    if last_day < today:
        raise RuleError(ENDED, "last_day")
    for other in region_holidays(region_id):
        if other.first_day <= last_day and first_day <= other.last_day:
            raise RuleError(_l("This school holiday overlaps with %(name)s (%(first)s to %(last)s).",
                               name=other.name, first=other.first_day.strftime("%d-%m-%Y"),
                               last=other.last_day.strftime("%d-%m-%Y")), "first_day")
    row = SchoolHoliday(region_id=region_id, first_day=first_day, last_day=last_day, name=name.strip())
    db.session.add(row)
    flush()  # one starting on the same day, added by someone else a moment ago: a ConflictError
    record("update", object=f"school_holiday.add:{row.id}",
           detail=f"{first_day.isoformat()}..{last_day.isoformat()} {row.name}")
    return row


def remove_school_holiday(row: SchoolHoliday) -> None:
    record("update", object=f"school_holiday.delete:{row.id}",
           detail=f"{row.first_day.isoformat()}..{row.last_day.isoformat()} {row.name}")
    db.session.delete(row)
    db.session.flush()


def set_school_start(region: Region, starts_at: time) -> None:
    """When school starts on a school day in the region: a Handle with Care signal is due then."""
    if not EARLIEST_START <= starts_at <= LATEST_START:
        raise RuleError(START_OUT_OF_RANGE, "starts_at")
    region.school_starts_at = starts_at
    flush()
    record("update", object="region.school_start", detail=starts_at.strftime("%H:%M"))
