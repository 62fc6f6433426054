"""Closing that holds: a handover of zicht op veiligheid is accepted before the case closes, and a new
report after closure leads to a decision on reopening."""
from datetime import date, timedelta

from workflows import (
    CASE_WORKFLOW, HANDOVER_WORKFLOW, REOPENING_WORKFLOW, TASK_HOLDERS, HandoverFact, HandoverFacts, available_actions,
    evaluate, reopening_decision_tasks,
)
from workflows import guards
from workflows.vocabulary import MONITORING_FREQUENCIES, SAFETY_HOLDER_KINDS

TODAY = date(2026, 3, 2)  # a Monday


def codes(reasons):
    return [r.code for r in reasons]


def agreement(**overrides) -> HandoverFacts:
    values = dict(state='new', today=TODAY, organisation='Wijkteam Voorbeeld', org_kind='local_team', on_team=True,
                  watches='Of de afspraken uit het veiligheidsplan worden nagekomen.', frequency='monthly',
                  until=TODAY + timedelta(days=365))
    return HandoverFacts(**(values | overrides))


def test_a_handover_is_proposed_then_accepted_or_declined_and_one_accepted_ends_when_the_case_reopens():
    steps = {(t.event, s): t.dest for t in HANDOVER_WORKFLOW.transitions for s in t.sources}
    assert steps == {('propose', 'new'): 'proposed', ('accept', 'proposed'): 'accepted',
                     ('decline', 'proposed'): 'declined', ('withdraw', 'proposed'): 'withdrawn',
                     ('withdraw', 'accepted'): 'withdrawn', ('end', 'accepted'): 'ended'}
    assert HANDOVER_WORKFLOW.transition('decline', 'proposed').needs_reason
    assert HANDOVER_WORKFLOW.transition('propose', 'new').roles == {'coordinator'}
    assert HANDOVER_WORKFLOW.transition('accept', 'proposed').roles == {'coordinator', 'professional'}
    assert HANDOVER_WORKFLOW.transition('end', 'accepted').roles == frozenset()  # only as a consequence


def test_only_veilig_thuis_a_local_team_or_a_care_provider_holds_zicht_op_veiligheid():
    assert SAFETY_HOLDER_KINDS == {'vt', 'local_team', 'care'}
    for kind in SAFETY_HOLDER_KINDS:
        assert guards.holder_can_hold(agreement(org_kind=kind)) == ()
    for kind in ('om', 'police', 'rvdk', 'probation', 'shelter', 'zvh', 'school', 'steering'):
        (reason,) = guards.holder_can_hold(agreement(organisation='Openbaar Ministerie', org_kind=kind))
        assert reason.code == 'holder_wrong_kind'
        assert 'Openbaar Ministerie kan geen zicht op veiligheid houden' in reason.nl
        assert 'Veilig Thuis of lokaal (wijk)team of zorgaanbieder' in reason.nl


def test_the_holder_is_on_the_team_and_one_handover_runs_at_a_time():
    assert codes(guards.holder_can_hold(agreement(on_team=False))) == ['holder_not_on_team']
    (reason,) = guards.holder_can_hold(agreement(other='GGZ Voorbeeld'))
    assert reason.code == 'handover_already_live' and 'GGZ Voorbeeld' in reason.nl


def test_the_monitoring_agreement_says_what_how_often_and_until_a_day_after_today():
    assert guards.monitoring_agreement_complete(agreement()) == ()
    assert set(MONITORING_FREQUENCIES) == {'weekly', 'fortnightly', 'monthly', 'quarterly'}
    incomplete = agreement(watches='  ', frequency='daily', until=TODAY)
    assert codes(guards.monitoring_agreement_complete(incomplete)) == [
        'agreement_no_watches', 'agreement_no_frequency', 'agreement_until_passed']
    assert codes(guards.monitoring_agreement_complete(agreement(until=None))) == ['agreement_until_passed']
    assert guards.monitoring_agreement_complete(agreement(until=TODAY + timedelta(days=1))) == ()


def test_proposing_and_accepting_judge_the_same_agreement():
    assert evaluate(HANDOVER_WORKFLOW, 'propose', agreement(org_kind='om')) != ()
    late = agreement(state='proposed', until=TODAY - timedelta(days=1))
    assert codes(evaluate(HANDOVER_WORKFLOW, 'accept', late)) == ['agreement_until_passed']


def handover(state, until=TODAY + timedelta(days=200), reason=''):
    return HandoverFact('Wijkteam Voorbeeld', state, date(2026, 2, 2), until, date(2026, 2, 3), reason)


def test_closing_needs_an_accepted_handover_and_says_why_not(family):
    close = lambda **facts: evaluate(CASE_WORKFLOW, 'close', family.facts(state='monitoring', **facts))  # noqa: E731
    assert close(handover=handover('accepted')) == ()
    (none,) = close(handover=None)
    assert none.code == 'no_safety_holder' and 'monitoringsafspraak' in none.nl and 'accepts' in none.en
    (waiting,) = close(handover=handover('proposed'))
    assert waiting.code == 'handover_not_accepted'
    assert waiting.nl == ('Wijkteam Voorbeeld heeft de overdracht van zicht op veiligheid (voorgesteld op '
                          '02-02-2026) nog niet aanvaard.')
    (declined,) = close(handover=handover('declined', reason='Geen capaciteit.'))
    assert declined.code == 'handover_declined' and 'Geen capaciteit.' in declined.nl
    (expired,) = close(handover=handover('accepted', until=family.today))
    assert expired.code == 'handover_expired' and '02-03-2026' in expired.nl


def test_the_handover_outside_mda_needs_the_same_acceptance(family):
    facts = family.facts(state='safety_assessment', handover=handover('proposed'))
    assert codes(evaluate(CASE_WORKFLOW, 'hand_over', facts)) == ['handover_not_accepted']


def test_a_closed_case_is_reopened_only_after_a_new_report_and_with_a_reason(family):
    reopen = CASE_WORKFLOW.transition('reopen', 'closed')
    assert reopen.dest == 'safety' and reopen.needs_reason
    assert codes(evaluate(CASE_WORKFLOW, 'reopen', family.facts(state='closed', re_report_pending=False))) == [
        'no_re_report']
    assert evaluate(CASE_WORKFLOW, 'reopen', family.facts(state='closed')) == ()
    [action] = available_actions(CASE_WORKFLOW, family.facts(state='closed'), 'coordinator', 'local_team')
    assert action.event == 'reopen' and action.allowed and action.needs_reason


def test_the_decision_on_reopening_is_taken_once():
    steps = {(t.event, s): t.dest for t in REOPENING_WORKFLOW.transitions for s in t.sources}
    assert steps == {('reopen', 'pending'): 'reopened', ('keep_closed', 'pending'): 'kept_closed'}
    assert REOPENING_WORKFLOW.transition('keep_closed', 'pending').needs_reason
    assert REOPENING_WORKFLOW.final_states == ('reopened', 'kept_closed')


def test_the_holder_and_the_coordinators_organisation_each_decide_within_the_term(calendar):
    tasks = reopening_decision_tasks(7, [4, 1], date(2026, 3, 2), date(2025, 11, 3), False, TODAY)
    assert [(t.kind, t.org_id, t.dedupe_key) for t in tasks] == [
        ('reopening_decision', 4, 'reopening_decision:7:4'), ('reopening_decision', 1, 'reopening_decision:7:1')]
    assert tasks[0].due == calendar.add_working_days(TODAY, 5)
    assert tasks[0].title.nl == 'Besluiten over heropenen: nieuwe melding van 02-03-2026 na afsluiting op 03-11-2025'
    acute = reopening_decision_tasks(7, [4, 4], date(2026, 3, 2), None, True, TODAY)
    assert len(acute) == 1 and acute[0].due == date(2026, 3, 3)
    assert TASK_HOLDERS['reopening_decision'] == SAFETY_HOLDER_KINDS
