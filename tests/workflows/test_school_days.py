"""Handle with Care: the school has the signal of a police call-out before its next school day
starts; weekends, public holidays and the region's school holidays are no school days."""
from datetime import date, datetime, time

import pytest

from workflows import (
    PersonFact, SchoolCalendar, SchoolHoliday, SignalFact, TaskContext, school_signal_due,
    school_signal_tasks, step_refusal, task_steps,
)

AUTUMN = SchoolHoliday(date(2026, 10, 17), date(2026, 10, 25), 'Herfstvakantie')
CHRISTMAS = SchoolHoliday(date(2025, 12, 20), date(2026, 1, 4), 'Kerstvakantie')
SCHOOL = SchoolCalendar([AUTUMN, CHRISTMAS])


def due(callout: datetime, recorded: datetime | None = None, school: SchoolCalendar = SCHOOL) -> datetime:
    return school_signal_due(callout, school, recorded)


def test_a_call_out_on_friday_evening_is_due_when_school_starts_on_monday():
    assert due(datetime(2026, 3, 6, 22, 40)) == datetime(2026, 3, 9, 8, 30)


def test_a_call_out_in_the_evening_of_a_school_day_is_due_the_next_morning():
    assert due(datetime(2026, 3, 3, 22, 40)) == datetime(2026, 3, 4, 8, 30)
    assert due(datetime(2026, 3, 3, 0, 15)) == datetime(2026, 3, 3, 8, 30)  # after midnight


def test_a_call_out_before_school_starts_is_due_that_same_morning():
    assert due(datetime(2026, 3, 4, 7, 0)) == datetime(2026, 3, 4, 8, 30)
    assert due(datetime(2026, 3, 4, 8, 29)) == datetime(2026, 3, 4, 8, 30)
    # once school has started, the next school day
    assert due(datetime(2026, 3, 4, 8, 30)) == datetime(2026, 3, 5, 8, 30)
    assert due(datetime(2026, 3, 4, 10, 0)) == datetime(2026, 3, 5, 8, 30)


def test_public_holidays_are_no_school_days():
    # Maundy Thursday evening: Good Friday, the weekend and Easter Monday pass
    assert due(datetime(2026, 4, 2, 22, 40)) == datetime(2026, 4, 7, 8, 30)
    # King's Day on a Monday
    assert due(datetime(2026, 4, 24, 21, 0)) == datetime(2026, 4, 28, 8, 30)
    # 5 May in a year that is no lustrum year, and Christmas
    assert due(datetime(2026, 5, 4, 20, 0)) == datetime(2026, 5, 6, 8, 30)
    assert due(datetime(2028, 12, 22, 23, 0), school=SchoolCalendar()) == datetime(2028, 12, 27, 8, 30)


def test_a_day_equated_with_a_holiday_for_legal_terms_is_a_school_day_unless_the_region_says_so():
    # the Friday after Ascension Day 2026 is equated for legal terms; schools decide for themselves
    assert due(datetime(2026, 5, 13, 21, 0)) == datetime(2026, 5, 15, 8, 30)
    closed = SchoolCalendar([SchoolHoliday(date(2026, 5, 15), date(2026, 5, 15), 'Vrijdag na Hemelvaart')])
    assert due(datetime(2026, 5, 13, 21, 0), school=closed) == datetime(2026, 5, 18, 8, 30)


def test_inside_a_school_holiday_the_signal_is_due_on_the_first_day_back():
    assert due(datetime(2026, 10, 20, 7, 0)) == datetime(2026, 10, 26, 8, 30)
    assert due(datetime(2026, 10, 16, 22, 40)) == datetime(2026, 10, 26, 8, 30)  # the Friday before
    assert due(datetime(2025, 12, 19, 23, 0)) == datetime(2026, 1, 5, 8, 30)  # across the new year


def test_the_region_sets_when_school_starts():
    early = SchoolCalendar(starts_at=time(8, 15))
    assert due(datetime(2026, 3, 4, 8, 20), school=early) == datetime(2026, 3, 5, 8, 15)
    assert due(datetime(2026, 3, 4, 8, 10), school=early) == datetime(2026, 3, 4, 8, 15)


def test_a_call_out_recorded_late_is_due_when_school_next_starts_after_it_is_recorded():
    friday = datetime(2026, 3, 6, 22, 40)
    assert due(friday, recorded=datetime(2026, 3, 7, 1, 5)) == datetime(2026, 3, 9, 8, 30)
    assert due(friday, recorded=datetime(2026, 3, 9, 7, 45)) == datetime(2026, 3, 9, 8, 30)
    assert due(friday, recorded=datetime(2026, 3, 9, 9, 10)) == datetime(2026, 3, 10, 8, 30)


def test_a_school_holiday_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        SchoolHoliday(date(2026, 10, 25), date(2026, 10, 17))
    assert SCHOOL.holiday_on(date(2026, 10, 17)) == AUTUMN and SCHOOL.holiday_on(date(2026, 10, 26)) is None


def callout_facts(family, signal: SignalFact, today: date):
    child = PersonFact(12, 'Lotte Jansen', 'child', date(2016, 9, 3), school_org_id=77)
    return family.facts(persons=(family.mother, child), today=today, signals=(signal,))


def test_the_task_is_due_at_the_moment_school_starts(family):
    friday = SignalFact(date(2026, 3, 6), True, time(22, 40))
    context = TaskContext(school=SCHOOL, now=datetime(2026, 3, 6, 23, 5))
    (task,) = school_signal_tasks(callout_facts(family, friday, date(2026, 3, 6)), friday, context)
    assert (task.kind, task.org_id, task.person_id) == ('school_signal', 77, 12)
    assert (task.due, task.due_time) == (date(2026, 3, 9), time(8, 30))
    morning = SignalFact(date(2026, 3, 4), True, time(7, 0))
    context = TaskContext(school=SCHOOL, now=datetime(2026, 3, 4, 7, 20))
    (task,) = school_signal_tasks(callout_facts(family, morning, date(2026, 3, 4)), morning, context)
    assert (task.due, task.due_time) == (date(2026, 3, 4), time(8, 30))


def test_a_call_out_without_a_time_of_day_is_due_the_next_school_day(family):
    unknown = SignalFact(date(2026, 3, 4), True)
    (task,) = school_signal_tasks(callout_facts(family, unknown, date(2026, 3, 4)), unknown,
                                  TaskContext(school=SCHOOL))
    assert (task.due, task.due_time) == (date(2026, 3, 5), time(8, 30))


def test_the_school_confirms_a_signal_and_never_declines_it():
    assert task_steps('school_signal') == {'confirm', 'reassign', 'cancel'}
    assert 'confirm' not in task_steps('safety_assessment')
    assert {'accept', 'complete', 'decline'} <= task_steps('safety_assessment')
    refusal = step_refusal('school_signal', 'decline')
    assert refusal.code == 'receipt_only' and 'bevestigt' in refusal.nl
    assert step_refusal('other', 'confirm').code == 'not_a_receipt'
    assert step_refusal('school_signal', 'confirm') is None and step_refusal('other', 'accept') is None
