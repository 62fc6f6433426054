"""The tasks each phase creates: who gets them, when they are due, and their dedupe keys."""
from datetime import date, time, timedelta

import pytest

from workflows import (
    CASE_WORKFLOW, TASK_KINDS, TASK_WORKFLOW, TEAM_WORKFLOW, PersonFact, SchoolCalendar, SchoolHoliday,
    ScreeningFact, SignalFact, TaskContext, WorkingCalendar, restraining_order_task, tasks_on_assessment,
    tasks_on_entering,
)
from workflows.tasks import next_review_task


def by_kind(templates, kind):
    return [t for t in templates if t.kind == kind]


def test_safety_assessment_for_veilig_thuis_within_five_working_days(family):
    facts = family.facts(state='safety_assessment', partners=(family.local_team, family.vt),
                         signals=(SignalFact(date(2026, 4, 1)), SignalFact(date(2026, 4, 20))))
    (task,) = tasks_on_entering('safety_assessment', facts)
    assert (task.kind, task.org_id) == ('safety_assessment', family.vt.org_id)
    assert task.dedupe_key == 'safety_assessment'
    assert task.due == date(2026, 4, 10)
    assert '01-04-2026' in task.title.nl


def test_safety_assessment_goes_to_the_coordinator_without_veilig_thuis(family):
    (task,) = tasks_on_entering('safety_assessment', family.facts(partners=()))
    assert task.org_id == family.local_team.org_id


def test_investigation_route_creates_a_ten_week_investigation(family):
    facts = family.facts(assessment_route='investigation', partners=(family.vt,),
                         today=date(2026, 3, 2))
    (task,) = tasks_on_assessment(facts)
    assert (task.kind, task.org_id, task.dedupe_key) == ('investigation', 1, 'investigation')
    assert task.due == date(2026, 5, 11)
    assert tasks_on_assessment(family.facts(assessment_route='mda_plus')) == []


def test_investigation_due_date_moves_off_a_holiday(family):
    (task,) = tasks_on_assessment(family.facts(assessment_route='investigation',
                                               today=date(2026, 2, 16)))
    assert date(2026, 2, 16) + timedelta(weeks=10) == date(2026, 4, 27)
    assert task.due == date(2026, 4, 28)


def test_entering_safety_asks_every_team_partner_for_the_plan(family):
    partners = (family.local_team, family.police, family.care, family.school)
    templates = tasks_on_entering('safety', family.facts(partners=partners, safety_plan=None))
    contributions = by_kind(templates, 'safety_plan_contribution')
    assert [t.org_id for t in contributions] == [4, 2, 3]
    assert [t.dedupe_key for t in contributions] == [
        'safety_plan_contribution:4', 'safety_plan_contribution:2', 'safety_plan_contribution:3']
    assert all(t.due == date(2026, 3, 9) for t in contributions)


def test_police_on_the_team_get_the_risk_assessment(family):
    (rihg,) = by_kind(tasks_on_entering('safety', family.facts()), 'police_risk_assessment')
    assert (rihg.org_id, rihg.dedupe_key) == (2, 'police_risk_assessment:2')
    assert 'RiHG' in rihg.title.nl
    no_police = family.facts(partners=(family.local_team, family.care))
    assert by_kind(tasks_on_entering('safety', no_police), 'police_risk_assessment') == []


def callout_facts(family, persons, callout=True, on=date(2026, 4, 2), today=date(2026, 4, 2)):
    return family.facts(persons=persons, today=today,
                        partners=(family.local_team, family.police, family.school),
                        signals=(SignalFact(date(2026, 1, 5)), SignalFact(on, callout)))


def test_handle_with_care_for_school_age_children_after_a_police_callout(family):
    toddler = PersonFact(20, 'Daan Jansen', 'child', date(2023, 1, 1))
    four = PersonFact(21, 'Mila Jansen', 'child', date(2022, 4, 2))
    adult = PersonFact(22, 'Kevin Jansen', 'household', date(2008, 1, 1))
    teen_victim = PersonFact(23, 'Noor Jansen', 'victim', date(2010, 5, 1))
    unknown_age = PersonFact(24, 'Sem Jansen', 'child')
    persons = (family.mother, family.daughter, toddler, four, adult, teen_victim, unknown_age)
    signals = by_kind(tasks_on_entering('safety', callout_facts(family, persons)), 'school_signal')
    assert [t.person_id for t in signals] == [12, 21, 23]
    assert all(t.org_id == family.school.org_id for t in signals)
    assert all(t.due == date(2026, 4, 7) for t in signals)
    assert signals[0].dedupe_key == 'school_signal:12:2026-04-02'


def test_handle_with_care_tells_only_name_birth_date_and_code_word(family):
    (task,) = by_kind(tasks_on_entering('safety', callout_facts(family, (family.daughter,))),
                      'school_signal')
    assert task.title.nl == ('Handle with Care: Lotte Jansen, geboren 03-09-2016; '
                             'codewoord doorgeven')
    assert task.title.en == 'Handle with Care: Lotte Jansen, born 2016-09-03; pass on the code word'


def test_no_handle_with_care_without_a_police_callout(family):
    facts = callout_facts(family, (family.daughter,), callout=False)
    assert by_kind(tasks_on_entering('safety', facts), 'school_signal') == []
    earlier = family.facts(persons=(family.daughter,), signals=(
        SignalFact(date(2026, 1, 5), True), SignalFact(date(2026, 2, 2), False)))
    assert by_kind(tasks_on_entering('safety', earlier), 'school_signal') == []


def test_handle_with_care_goes_to_the_childs_own_school(family):
    child = PersonFact(12, 'Lotte Jansen', 'child', date(2016, 9, 3), school_org_id=77)
    (task,) = by_kind(tasks_on_entering('safety', callout_facts(family, (child,))),
                      'school_signal')
    assert task.org_id == 77


def test_handle_with_care_without_a_school_partner_goes_to_the_coordinator(family):
    facts = family.facts(persons=(family.daughter,), partners=(family.local_team, family.police),
                         signals=(SignalFact(date(2026, 3, 2), True),))
    (task,) = by_kind(tasks_on_entering('safety', facts), 'school_signal')
    assert task.org_id == family.local_team.org_id
    assert task.due == date(2026, 3, 3)


def test_trauma_screening_for_victims_perpetrators_and_children_only(family):
    household = PersonFact(14, 'Kees Jansen', 'household', date(1955, 1, 1))
    facts = family.facts(persons=(family.mother, family.father, family.daughter,
                                  family.grandmother, household), screenings=())
    screenings = by_kind(tasks_on_entering('risk_care', facts), 'trauma_screening')
    assert [t.person_id for t in screenings] == [10, 11, 12]
    assert [t.dedupe_key for t in screenings] == [
        'trauma_screening:10', 'trauma_screening:11', 'trauma_screening:12']
    assert all(t.org_id == family.care.org_id for t in screenings)


def test_trauma_screening_skips_the_settled_and_waits_four_weeks(family):
    facts = family.facts(
        today=date(2026, 3, 2), signals=(SignalFact(date(2026, 2, 23)),),
        screenings=(ScreeningFact(10, 'done'), ScreeningFact(11, 'refused', reason='Weigert')))
    (task,) = by_kind(tasks_on_entering('risk_care', facts), 'trauma_screening')
    assert task.person_id == 12
    assert task.not_before == date(2026, 3, 23)
    assert '23-03-2026' in task.title.nl
    assert task.due == date(2026, 4, 8)


def test_trauma_screening_without_care_partner_goes_to_the_coordinator(family):
    facts = family.facts(partners=(family.local_team, family.police), screenings=())
    tasks = by_kind(tasks_on_entering('risk_care', facts), 'trauma_screening')
    assert {t.org_id for t in tasks} == {family.local_team.org_id}


@pytest.mark.parametrize('phase, weeks', [('safety', 2), ('risk_care', 6), ('recovery', 6),
                                          ('monitoring', 13)])
def test_every_active_phase_plans_its_first_safety_review(family, phase, weeks):
    (review,) = by_kind(tasks_on_entering(phase, family.facts(today=date(2026, 3, 2))),
                        'safety_review')
    assert review.dedupe_key == f'safety_review:{phase}'
    assert review.due == date(2026, 3, 2) + timedelta(weeks=weeks)
    assert review.org_id == family.local_team.org_id


def test_review_cadence_can_be_set_per_region(family):
    context = TaskContext(cadence_overrides={'safety': timedelta(weeks=1)})
    (review,) = by_kind(tasks_on_entering('safety', family.facts(), context), 'safety_review')
    assert review.due == date(2026, 3, 9)


def test_review_due_date_moves_off_a_holiday(family):
    review = next_review_task('safety', family.facts(), after=date(2026, 4, 13))
    assert review.due == date(2026, 4, 28)


def test_a_regional_closed_day_shifts_due_dates_but_schools_keep_their_own_days(family):
    context = TaskContext(calendar=WorkingCalendar(extra_closed=[date(2026, 3, 4)]))
    assert next_review_task('safety', family.facts(), context, after=date(2026, 2, 18)).due == date(2026, 3, 5)
    facts = family.facts(persons=(family.daughter,), signals=(SignalFact(date(2026, 3, 3), True),))
    (task,) = by_kind(tasks_on_entering('safety', facts, context), 'school_signal')
    assert (task.due, task.due_time) == (date(2026, 3, 4), time(8, 30))
    school = SchoolCalendar([SchoolHoliday(date(2026, 3, 4), date(2026, 3, 4), 'Studiedag')])
    (task,) = by_kind(tasks_on_entering('safety', facts, TaskContext(school=school)), 'school_signal')
    assert task.due == date(2026, 3, 5)


def test_phases_without_tasks(family):
    for phase in ('registered', 'closed', 'handed_over'):
        assert tasks_on_entering(phase, family.facts()) == []


def test_templates_need_a_coordinator_organisation(family):
    with pytest.raises(ValueError):
        tasks_on_entering('safety', family.facts(coordinator_org_id=None))


def test_dedupe_keys_are_unique_and_stable(family):
    persons = (family.mother, family.father, family.daughter)
    facts = callout_facts(family, persons)
    for phase in CASE_WORKFLOW.state_names:
        first = tasks_on_entering(phase, facts)
        keys = [t.dedupe_key for t in first]
        assert len(keys) == len(set(keys))
        assert [t.dedupe_key for t in tasks_on_entering(phase, facts)] == keys


def test_a_rihg_pointing_to_a_restraining_order_asks_to_consider_it_the_next_working_day(family):
    task = restraining_order_task(family.police.org_id, date(2026, 3, 2), person_id=11)
    assert (task.kind, task.org_id, task.person_id) == ('restraining_order', 2, 11)
    assert task.due == date(2026, 3, 3)
    assert task.title.nl.startswith('Huisverbod overwegen')
    assert '10 dagen' in task.title.nl and '28 dagen' in task.title.nl
    assert task.title.en.startswith('Consider a temporary restraining order') and '28 days' in task.title.en
    assert task.dedupe_key == 'restraining_order:2026-03-02'


def test_considering_a_restraining_order_skips_closed_days_and_is_never_due_before_it_is_recorded(family):
    assert restraining_order_task(2, date(2026, 4, 2)).due == date(2026, 4, 7)  # Good Friday, Easter Monday
    assert restraining_order_task(2, date(2026, 3, 2), recorded_on=date(2026, 3, 9)).due == date(2026, 3, 9)
    assert restraining_order_task(2, date(2026, 3, 2), recorded_on=date(2026, 3, 7)).due == date(2026, 3, 9)


def test_every_template_kind_has_a_label(family):
    facts = callout_facts(family, (family.mother, family.father, family.daughter))
    kinds = {t.kind for phase in CASE_WORKFLOW.state_names
             for t in tasks_on_entering(phase, facts)}
    kinds |= {'investigation', 'restraining_order'}
    assert kinds <= TASK_KINDS.keys()
    assert all(label.nl and label.en for label in TASK_KINDS.values())


def test_task_lifecycle():
    assert TASK_WORKFLOW.initial == 'open'
    assert TASK_WORKFLOW.transition('accept', 'open').dest == 'accepted'
    assert TASK_WORKFLOW.transition('complete', 'accepted').dest == 'done'
    assert TASK_WORKFLOW.transition('complete', 'open') is None
    for source in ('open', 'accepted'):
        assert TASK_WORKFLOW.transition('decline', source).needs_reason
        assert TASK_WORKFLOW.transition('cancel', source).roles == {'coordinator'}
    assert TASK_WORKFLOW.transition('reassign', 'declined').roles == {'coordinator'}
    assert TASK_WORKFLOW.state('reassigned').final


def test_team_membership_lifecycle():
    assert TEAM_WORKFLOW.initial == 'invited'
    assert TEAM_WORKFLOW.transition('accept', 'invited').dest == 'active'
    assert TEAM_WORKFLOW.transition('decline', 'invited').needs_reason
    assert TEAM_WORKFLOW.transition('leave', 'active').dest == 'left'
    assert TEAM_WORKFLOW.transition('leave', 'invited') is None


def test_an_unknown_phase_is_refused(family):
    with pytest.raises(KeyError):
        tasks_on_entering('archived', family.facts())


def test_a_school_signal_is_due_the_next_school_day_and_never_before_it_is_recorded(family):
    from workflows import school_signal_tasks
    persons = (family.mother, family.daughter)
    callout = SignalFact(date(2026, 4, 2), True)
    (on_time,) = school_signal_tasks(callout_facts(family, persons), callout)
    assert on_time.due == date(2026, 4, 7) and on_time.once  # after Good Friday and Easter Monday
    (late,) = school_signal_tasks(callout_facts(family, persons, today=date(2026, 4, 11)), callout)
    assert late.due == date(2026, 4, 13) and late.dedupe_key == on_time.dedupe_key
    assert school_signal_tasks(callout_facts(family, persons), SignalFact(date(2026, 4, 2))) == []
