"""A relapse is work: the coordinator revises the safety plan with the team before phase 2 can
start again; two reports of one call-out are one incident."""
from datetime import date, time, timedelta

from workflows import (
    CASE_WORKFLOW, COMPLETED_BY_RECORD, SAME_INCIDENT_WINDOW, TASK_HOLDERS, TASK_WORKFLOW, SafetyPlanFact,
    SignalFact, TaskFacts, evaluate, holder_reasons, matching_incident, plan_revision_task, possible_incidents,
    same_incident, tasks_on_entering,
)
from workflows import guards


def test_after_a_relapse_the_coordinators_organisation_revises_the_plan_within_five_working_days(family):
    facts = family.facts()
    (task,) = plan_revision_task(facts, date(2026, 3, 6))  # a Friday
    assert (task.kind, task.org_id, task.dedupe_key) == ('safety_plan_revision', family.local_team.org_id,
                                                         'safety_plan_revision')
    assert task.due == date(2026, 3, 13)
    assert '06-03-2026' in task.title.nl and 'revise the safety plan' in task.title.en.lower()


def test_no_revision_without_a_plan_to_revise(family):
    assert plan_revision_task(family.facts(safety_plan=None), family.today) == []


def test_only_the_coordinators_organisation_holds_the_revision(family):
    assert TASK_HOLDERS['safety_plan_revision'] == frozenset()
    (reason,) = holder_reasons('safety_plan_revision', 'police', 'Politie Eenheid Voorbeeld')
    assert "de organisatie van de casusregisseur" in reason.nl


def test_the_revision_is_completed_by_reopening_the_plan_not_on_its_own():
    refused = evaluate(TASK_WORKFLOW, 'complete', TaskFacts('safety_plan_revision'), state='accepted')
    assert refused == (COMPLETED_BY_RECORD['safety_plan_revision'],)
    assert evaluate(TASK_WORKFLOW, 'complete', TaskFacts('safety_plan_revision', through_record=True),
                    state='accepted') == ()


def test_a_plan_awaiting_revision_is_not_agreed_though_every_partner_confirmed_it(family):
    everyone = frozenset(p.org_id for p in family.facts().team)
    pending = family.facts(safety_plan=SafetyPlanFact(3, everyone, revision_pending=True))
    (reason,) = guards.safety_plan_agreed(pending)
    assert reason.code == 'safety_plan_revision_pending' and 'versie 3' in reason.nl
    assert not pending.safety_plan_agreed
    assert 'safety_plan_revision_pending' in [r.code for r in evaluate(CASE_WORKFLOW, 'start_risk_care', pending)]
    assert family.facts(safety_plan=SafetyPlanFact(3, everyone)).safety_plan_agreed


def test_a_partner_whose_confirmation_stands_is_not_asked_to_contribute_again(family):
    """On a relapse the plan is not reopened by itself: partners that confirmed it are asked again
    when the coordinator reopens it, not before."""
    plan = SafetyPlanFact(2, frozenset({family.police.org_id}))
    templates = tasks_on_entering('safety', family.facts(safety_plan=plan))
    contributions = [t.org_id for t in templates if t.kind == 'safety_plan_contribution']
    assert contributions == [family.local_team.org_id, family.care.org_id]


def test_reports_within_six_hours_are_one_incident_even_across_midnight():
    callout = SignalFact(date(2026, 3, 5), True, time(23, 50))
    assert SAME_INCIDENT_WINDOW == timedelta(hours=6)
    assert same_incident(callout, SignalFact(date(2026, 3, 6), False, time(0, 30)))
    assert same_incident(callout, SignalFact(date(2026, 3, 5), False, time(17, 50)))
    assert not same_incident(callout, SignalFact(date(2026, 3, 5), False, time(17, 49)))
    assert not same_incident(callout, SignalFact(date(2026, 3, 6), False, time(6, 0)))


def test_without_a_time_of_day_a_report_of_the_same_date_is_for_the_recorder_to_decide():
    """Taking a new incident for an earlier one would hide a relapse: only a match in time is sure."""
    reports = [('callout', SignalFact(date(2026, 3, 5), True, time(22, 40))),
               ('citizen', SignalFact(date(2026, 3, 5))),
               ('earlier', SignalFact(date(2026, 3, 4)))]
    without_time = SignalFact(date(2026, 3, 5))
    assert not same_incident(reports[0][1], without_time)
    assert matching_incident(reports, without_time) is None
    assert possible_incidents(reports, without_time) == ['callout', 'citizen']
    assert possible_incidents(reports, SignalFact(date(2026, 3, 5), False, time(9, 0))) == ['citizen']
    assert possible_incidents(reports, SignalFact(date(2026, 3, 6))) == []


def test_a_report_is_linked_to_the_closest_incident_or_to_none():
    reports = [('early', SignalFact(date(2026, 3, 5), True, time(14, 0))),
               ('late', SignalFact(date(2026, 3, 5), True, time(22, 40)))]
    assert matching_incident(reports, SignalFact(date(2026, 3, 5), False, time(19, 0))) == 'late'
    assert matching_incident(reports, SignalFact(date(2026, 3, 5), False, time(16, 0))) == 'early'
    assert matching_incident(reports, SignalFact(date(2026, 3, 7), False, time(16, 0))) is None
    assert matching_incident([], SignalFact(date(2026, 3, 7))) is None
