"""Working days as the Dutch Algemene termijnenwet counts them.

Not a working day: Saturday, Sunday, the generally recognised holidays of article 3 (New Year's
Day, Good Friday, Easter Monday, King's Day, 5 May in every year, Ascension Day, Whit Monday,
Christmas Day and Boxing Day), the days a royal decree equates with them (`EQUATED_DAYS`), and a
region's own closed days. The holidays come from the `holidays` package: its Dutch public
category has 5 May only in lustrum years, its optional category adds 5 May in every other year
and nothing else.
"""
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable, Mapping

import holidays

# Days equated with a recognised holiday by royal decree under article 3(3); each decree covers a
# few years ahead, so add the next decree's days here when it is published in the Staatscourant.
EQUATED_DAYS: Mapping[date, str] = {
    date(2017, 4, 28): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2017, 5, 26): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2018, 5, 11): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2018, 12, 24): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2018, 12, 31): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2019, 5, 31): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2019, 12, 27): 'Besluit van 31 oktober 2016, Stcrt. 2016, 58653',
    date(2023, 4, 28): 'Besluit gelijkstelling 28 april 2023 tot en met 30 mei 2025',
    date(2023, 5, 19): 'Besluit gelijkstelling 28 april 2023 tot en met 30 mei 2025',
    date(2024, 5, 10): 'Besluit gelijkstelling 28 april 2023 tot en met 30 mei 2025',
    date(2024, 12, 27): 'Besluit gelijkstelling 28 april 2023 tot en met 30 mei 2025',
    date(2025, 5, 30): 'Besluit gelijkstelling 28 april 2023 tot en met 30 mei 2025',
    date(2026, 1, 2): 'Besluit gelijkstelling 2 januari 2026 tot en met 26 mei 2028',
    date(2026, 5, 15): 'Besluit gelijkstelling 2 januari 2026 tot en met 26 mei 2028',
    date(2027, 5, 7): 'Besluit gelijkstelling 2 januari 2026 tot en met 26 mei 2028',
    date(2028, 4, 28): 'Besluit gelijkstelling 2 januari 2026 tot en met 26 mei 2028',
    date(2028, 5, 26): 'Besluit gelijkstelling 2 januari 2026 tot en met 26 mei 2028',
}


@lru_cache(maxsize=None)
def recognised_holidays(year: int) -> frozenset[date]:
    """The generally recognised holidays of article 3 in `year`, Good Friday included."""
    calendar = holidays.country_holidays(
        'NL', years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL))
    return frozenset(calendar)


class WorkingCalendar:
    """Counts working days; `extra_closed` adds a region's own closed days."""

    def __init__(self, extra_closed: Iterable[date] = (),
                 equated_days: Iterable[date] = EQUATED_DAYS):
        self._also_closed = frozenset(extra_closed) | frozenset(equated_days)
        self._closed_by_year: dict[int, frozenset[date]] = {}

    def closed_days(self, year: int) -> frozenset[date]:
        """Every weekday-independent closed day in `year`: holidays, equated and own days."""
        closed = self._closed_by_year.get(year)
        if closed is None:
            closed = recognised_holidays(year) | {d for d in self._also_closed if d.year == year}
            self._closed_by_year[year] = closed
        return closed

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed_days(day.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (not counting `start`); backwards when n < 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        return self.add_working_days(day, -1)

    def extend_to_working_day(self, day: date) -> date:
        """`day`, or the next working day when a term would end on a closed day (article 1)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_days_between(self, a: date, b: date) -> int:
        """The n for which `add_working_days(a, n)` reaches `b` when `b` is a working day.

        Counts the working days after `a` up to and including `b`, or, when `b` is before `a`,
        minus those from `b` up to but not including `a`.
        """
        if b < a:
            return -sum(self.is_working_day(b + timedelta(days=i)) for i in range((a - b).days))
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
