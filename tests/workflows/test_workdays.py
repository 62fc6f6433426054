"""Working days under the Algemene termijnenwet: weekends, holidays, decreed and regional days."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from workflows import EQUATED_DAYS, WorkingCalendar, recognised_holidays


def test_weekend_is_skipped(calendar):
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert not calendar.is_working_day(date(2026, 3, 7))
    assert not calendar.is_working_day(date(2026, 3, 8))


def test_good_friday_and_easter_monday_are_skipped(calendar):
    assert calendar.next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert calendar.previous_working_day(date(2026, 4, 7)) == date(2026, 4, 2)


def test_five_working_days_around_easter(calendar):
    assert calendar.add_working_days(date(2026, 4, 1), 5) == date(2026, 4, 10)


def test_kings_day_on_the_27th(calendar):
    assert not calendar.is_working_day(date(2026, 4, 27))
    assert calendar.next_working_day(date(2026, 4, 24)) == date(2026, 4, 28)


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6
    assert date(2025, 4, 26) in recognised_holidays(2025)
    assert date(2025, 4, 27) not in recognised_holidays(2025)


@pytest.mark.parametrize('year', [2026, 2027])
def test_fifth_of_may_counts_outside_lustrum_years(calendar, year):
    assert year % 5
    assert date(year, 5, 5).weekday() < 5
    assert not calendar.is_working_day(date(year, 5, 5))


def test_fifth_of_may_2026(calendar):
    assert calendar.next_working_day(date(2026, 5, 4)) == date(2026, 5, 6)


def test_fifth_of_may_ascension_and_its_bridge_day_in_2027(calendar):
    assert calendar.next_working_day(date(2027, 5, 4)) == date(2027, 5, 10)


def test_the_friday_after_ascension_day_only_when_decreed():
    assert EQUATED_DAYS[date(2026, 5, 15)]
    decreed, plain = WorkingCalendar(), WorkingCalendar(equated_days=())
    assert not decreed.is_working_day(date(2026, 5, 14))
    assert decreed.next_working_day(date(2026, 5, 13)) == date(2026, 5, 18)
    assert plain.next_working_day(date(2026, 5, 13)) == date(2026, 5, 15)


def test_a_newly_decreed_day_can_be_added():
    calendar = WorkingCalendar(equated_days={**EQUATED_DAYS, date(2029, 5, 11): 'next decree'})
    assert not calendar.is_working_day(date(2029, 5, 11))


def test_christmas_and_boxing_day(calendar):
    assert calendar.next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert calendar.next_working_day(date(2027, 12, 24)) == date(2027, 12, 27)
    assert calendar.next_working_day(date(2028, 12, 22)) == date(2028, 12, 27)


def test_a_regions_own_closed_day():
    carnival_monday = date(2026, 2, 16)
    region = WorkingCalendar(extra_closed=[carnival_monday])
    assert region.next_working_day(date(2026, 2, 13)) == date(2026, 2, 17)
    assert WorkingCalendar().next_working_day(date(2026, 2, 13)) == carnival_monday


def test_holidays_package_gives_exactly_the_recognised_holidays():
    weekday_holidays = {d for d in recognised_holidays(2026) if d.weekday() < 6}
    assert weekday_holidays == {
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27),
        date(2026, 5, 5), date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_a_term_ending_on_a_closed_day_runs_to_the_next_working_day(calendar):
    assert calendar.extend_to_working_day(date(2026, 4, 3)) == date(2026, 4, 7)
    assert calendar.extend_to_working_day(date(2026, 4, 8)) == date(2026, 4, 8)


def test_working_days_between(calendar):
    assert calendar.working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert calendar.working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == -1
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert calendar.add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(start=st.dates(date(2017, 1, 1), date(2028, 12, 31)), n=st.integers(-40, 40))
def test_counting_working_days_forth_and_back_agrees(start, n):
    calendar = WorkingCalendar()
    end = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, end) == n
    if n:
        assert calendar.is_working_day(end)
        assert (end > start) == (n > 0)
    assert abs((end - start).days) <= abs(n) * 3 + 7
    assert end - start == timedelta(0) or n != 0
