"""Handle with Care: the moment a school must have the signal of a police call-out.

The signal is due when school starts on the next school day (a regional setting, default 08:30):
a call-out on a school day before school starts is due that same morning; one later in the day, in
the evening or at night is due the next school day. A school day is a weekday that is no Dutch
public holiday (the recognised holidays of `workdays`, 5 May in every year included) and falls
outside the region's school holidays. Days that a royal decree equates with a holiday for legal
terms are no concern of schools: a region whose schools close on one records it as a school
holiday.

All moments are Dutch wall-clock times without a time zone.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Optional

from .workdays import recognised_holidays

__all__ = ['DEFAULT_SCHOOL_START', 'SchoolCalendar', 'SchoolHoliday', 'school_signal_due']

DEFAULT_SCHOOL_START = time(8, 30)


@dataclass(frozen=True)
class SchoolHoliday:
    """A school holiday of the region, from `first_day` up to and including `last_day`."""

    first_day: date
    last_day: date
    name: str = ''

    def __post_init__(self):
        if self.last_day < self.first_day:
            raise ValueError(f'a school holiday cannot end ({self.last_day}) before it starts '
                             f'({self.first_day})')

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


class SchoolCalendar:
    """A region's school days and the time school starts on them."""

    def __init__(self, holidays: Iterable[SchoolHoliday] = (),
                 starts_at: time = DEFAULT_SCHOOL_START):
        self.holidays = tuple(sorted(holidays, key=lambda h: h.first_day))
        self.starts_at = starts_at

    def holiday_on(self, day: date) -> Optional[SchoolHoliday]:
        return next((h for h in self.holidays if h.covers(day)), None)

    def is_school_day(self, day: date) -> bool:
        return (day.weekday() < 5 and day not in recognised_holidays(day.year)
                and self.holiday_on(day) is None)

    def next_school_day(self, day: date) -> date:
        """The first school day after `day`."""
        day += timedelta(days=1)
        while not self.is_school_day(day):
            holiday = self.holiday_on(day)
            day = holiday.last_day + timedelta(days=1) if holiday else day + timedelta(days=1)
        return day

    def school_start_after(self, moment: datetime) -> datetime:
        """When school next starts after `moment`: that same morning when `moment` is before
        school starts on a school day, else the start of the next school day."""
        day = moment.date()
        if not (self.is_school_day(day) and moment.time() < self.starts_at):
            day = self.next_school_day(day)
        return datetime.combine(day, self.starts_at)


def school_signal_due(callout: datetime, school: SchoolCalendar,
                      recorded: Optional[datetime] = None) -> datetime:
    """When the school must have the signal of a call-out at `callout`: when school next starts.

    A call-out recorded only after that moment (`recorded`) is late; its signal is due when school
    next starts after it is recorded, so that the school still hears of it before a school day.
    """
    return school.school_start_after(max(callout, recorded or callout))
