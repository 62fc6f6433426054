"""Every guard passes on a complete case and names what is missing when it fails."""
from datetime import date, timedelta

import pytest

from workflows import (
    CASE_WORKFLOW, COMPLETED_BY_RECORD, GUARDS, TASK_WORKFLOW, CareGoalFact, PartnerFact, SafetyPlanFact,
    ScoreFact, ScreeningFact, SignalFact, TaskFacts, available_actions, evaluate,
)
from workflows import guards


def codes(reasons):
    return [r.code for r in reasons]


CASE_GUARDS = sorted({g for t in CASE_WORKFLOW.transitions for g in t.guards})


@pytest.mark.parametrize('name', CASE_GUARDS)
def test_every_guard_passes_on_a_complete_case(family, name):
    assert GUARDS[name](family.facts()) == ()


@pytest.mark.parametrize('name', CASE_GUARDS)
def test_every_reason_has_dutch_and_english_text(family, name):
    empty = family.facts(persons=(), partners=(), signals=(), assessment_outcome=None,
                         safety_plan=None, scores=(), has_care_plan=False, care_goals=(),
                         screenings=(), handover=None, re_report_pending=False, triage_accepted=False)
    for reason in GUARDS[name](empty):
        assert reason.code and reason.nl and reason.en and reason.nl != reason.en
        assert reason.text('en') == reason.en and reason.text('nl') == reason.nl


def test_has_person_and_signal(family):
    assert codes(guards.has_person_and_signal(family.facts(persons=()))) == ['no_person']
    assert codes(guards.has_person_and_signal(family.facts(signals=()))) == ['no_signal']
    assert codes(guards.has_person_and_signal(family.facts(persons=(), signals=()))) == [
        'no_person', 'no_signal']


@pytest.mark.parametrize('outcome', ['acute', 'structural'])
def test_assessment_unsafe_passes_for_acute_or_structural(family, outcome):
    assert guards.assessment_unsafe(family.facts(assessment_outcome=outcome)) == ()


def test_assessment_unsafe_fails_without_outcome_or_when_safe(family):
    assert codes(guards.assessment_unsafe(family.facts(assessment_outcome=None))) == [
        'assessment_missing']
    assert codes(guards.assessment_unsafe(family.facts(assessment_outcome='none'))) == [
        'assessment_not_unsafe']


def test_triage_needs_an_accepted_application(family):
    assert guards.triage_accepted(family.facts(triage_accepted=True)) == ()
    assert codes(guards.triage_accepted(family.facts(triage_accepted=False))) == [
        'triage_not_accepted']
    assert codes(guards.triage_accepted(family.facts(triage_accepted=None))) == [
        'triage_not_applied']


def test_triage_reason_says_how_to_apply_when_nobody_did(family):
    (reason,) = guards.triage_accepted(family.facts(triage_accepted=None))
    assert 'niet aangemeld voor MDA++' in reason.nl and 'Dit gezin aanmelden voor MDA++' in reason.nl
    assert 'not applied for MDA++' in reason.en


def test_triage_reason_says_the_application_waits_or_was_not_accepted(family):
    (reason,) = guards.triage_accepted(family.facts(triage_accepted=False))
    assert 'aangemeld voor MDA++' in reason.nl and '(nog) niet geaccepteerd' in reason.nl
    assert 'has not (yet) accepted' in reason.en and 'phase 1' in reason.en


def test_team_of_two_names_the_only_member_and_the_invited(family):
    invited = PartnerFact(2, 'Politie Eenheid Voorbeeld', 'police', active=False)
    (reason,) = guards.team_of_two(family.facts(partners=(family.local_team, invited)))
    assert reason.code == 'team_too_small'
    assert 'Alleen Wijkteam Voorbeeld is actief' in reason.nl
    assert 'Uitgenodigd of niet meer actief: Politie Eenheid Voorbeeld' in reason.nl
    assert 'Only Wijkteam Voorbeeld is active' in reason.en


def test_team_of_two_does_not_count_the_school(family):
    (reason,) = guards.team_of_two(family.facts(partners=(family.local_team, family.school)))
    assert reason.code == 'team_too_small'
    assert guards.team_of_two(family.facts(partners=(family.local_team, family.police))) == ()


def test_team_of_two_with_nobody(family):
    (reason,) = guards.team_of_two(family.facts(partners=()))
    assert 'nog geen partnerorganisatie' in reason.nl


def test_safety_holder_must_have_accepted(family):
    assert codes(guards.safety_holder_accepted(family.facts(handover=None))) == ['no_safety_holder']


def test_safety_plan_must_exist(family):
    assert codes(guards.safety_plan_agreed(family.facts(safety_plan=None))) == ['no_safety_plan']


def test_safety_plan_names_every_partner_that_has_not_confirmed(family):
    plan = SafetyPlanFact(3, frozenset({family.local_team.org_id}))
    (reason,) = guards.safety_plan_agreed(family.facts(safety_plan=plan))
    assert reason.code == 'safety_plan_unconfirmed'
    assert reason.nl == ('Het veiligheidsplan (versie 3) is nog niet bevestigd door: '
                         'Politie Eenheid Voorbeeld, GGZ Voorbeeld')
    assert reason.en.endswith('not yet confirmed by: Politie Eenheid Voorbeeld, GGZ Voorbeeld')


def test_safety_plan_ignores_partners_that_left_and_the_school(family):
    left = PartnerFact(3, 'GGZ Voorbeeld', 'care', active=False)
    plan = SafetyPlanFact(1, frozenset({family.local_team.org_id, family.police.org_id}))
    partners = (family.local_team, family.police, left, family.school)
    assert guards.safety_plan_agreed(family.facts(partners=partners, safety_plan=plan)) == ()


def test_safety_plan_without_a_team_is_not_agreed(family):
    assert codes(guards.safety_plan_agreed(family.facts(partners=()))) == ['safety_plan_no_team']


def test_safety_score_needs_a_score(family):
    assert codes(guards.safety_score_at_threshold(family.facts(scores=()))) == ['no_safety_score']


def test_safety_score_below_threshold_says_score_date_and_threshold(family):
    scores = (ScoreFact(date(2026, 2, 16), 7), ScoreFact(date(2026, 3, 2), 5))
    (reason,) = guards.safety_score_at_threshold(family.facts(scores=scores))
    assert reason.nl == 'De laatste veiligheidsscore (5 op 02-03-2026) ligt onder de drempel van 6.'
    assert reason.en == 'The latest safety score (5 on 2026-03-02) is below the threshold of 6.'


def test_safety_score_uses_the_latest_score_and_the_case_threshold(family):
    scores = (ScoreFact(date(2026, 3, 2), 6), ScoreFact(date(2026, 2, 2), 9))
    assert guards.safety_score_at_threshold(family.facts(scores=scores)) == ()
    assert codes(guards.safety_score_at_threshold(
        family.facts(scores=scores, safety_threshold=7))) == ['safety_score_below_threshold']


def test_care_plan_must_exist(family):
    assert codes(guards.care_plan_covers_everyone(family.facts(has_care_plan=False))) == [
        'no_care_plan']


def test_care_plan_needs_a_goal_against_a_named_risk_factor(family):
    goals = tuple(CareGoalFact(p.id, 'recovery') for p in family.facts().persons)
    goals += (CareGoalFact(family.father.id, 'risk', risk_factor='  '),)
    assert codes(guards.care_plan_covers_everyone(family.facts(care_goals=goals))) == [
        'care_plan_not_risk_driven']


def test_care_plan_names_everyone_without_a_goal(family):
    goals = (CareGoalFact(family.father.id, 'risk', 'schulden'),)
    (reason,) = guards.care_plan_covers_everyone(family.facts(care_goals=goals))
    assert reason.nl == ('Het zorgplan heeft nog geen doel voor: '
                         'Sara Jansen, Lotte Jansen, Ria de Vries')
    assert reason.en == 'The care plan has no goal yet for: Sara Jansen, Lotte Jansen, Ria de Vries'


def test_trauma_screening_accepts_a_refusal_with_a_reason(family):
    screenings = (
        ScreeningFact(family.mother.id, 'done', positive=True, has_treatment_task=True),
        ScreeningFact(family.father.id, 'refused', reason='Wil nu niet, later opnieuw aanbieden'),
        ScreeningFact(family.daughter.id, 'done', positive=False),
    )
    assert guards.trauma_screening_complete(family.facts(screenings=screenings)) == ()


def test_trauma_screening_names_missing_pending_and_unexplained(family):
    screenings = (
        ScreeningFact(family.father.id, 'refused', reason=' '),
        ScreeningFact(family.daughter.id, 'postponed'),
    )
    reasons = guards.trauma_screening_complete(family.facts(screenings=screenings))
    assert [(r.code, r.nl.split(': ')[1]) for r in reasons] == [
        ('screening_missing', 'Sara Jansen'),
        ('screening_not_done', 'Lotte Jansen'),
        ('screening_refused_without_reason', 'Mark Jansen'),
    ]


def test_trauma_screening_is_not_asked_of_the_network(family):
    screenings = tuple(s for s in family.facts().screenings if s.person_id != 13)
    assert guards.trauma_screening_complete(family.facts(screenings=screenings)) == ()


def test_positive_screenings_need_a_treatment_task(family):
    screenings = (
        ScreeningFact(family.mother.id, 'done', positive=True),
        ScreeningFact(family.daughter.id, 'done', positive=True, has_treatment_task=True),
        ScreeningFact(family.father.id, 'done', positive=False),
    )
    (reason,) = guards.positive_screenings_treated(family.facts(screenings=screenings))
    assert reason.nl == 'Positieve traumascreening zonder behandeltaak voor: Sara Jansen'
    assert reason.en == 'Positive trauma screening without a treatment task for: Sara Jansen'


def test_care_goals_must_all_be_evaluated(family):
    goals = (CareGoalFact(family.mother.id, 'recovery', evaluated=True),
             CareGoalFact(family.father.id, 'risk', 'verslaving'),
             CareGoalFact(family.father.id, 'recovery'))
    (reason,) = guards.care_goals_evaluated(family.facts(care_goals=goals))
    assert reason.nl.endswith('voor: Mark Jansen')
    assert codes(guards.care_goals_evaluated(family.facts(care_goals=()))) == ['no_care_goals']


def test_closing_needs_two_reviews_that_count(family):
    (reason,) = guards.closing_scores(family.facts(scores=()))
    assert reason.code == 'closing_scores_too_few'
    assert reason.nl == ('Voor afsluiten moet de teamscore minstens 8 zijn in twee evaluaties die minstens 6 weken '
                         'uit elkaar liggen, elk met de scores van minstens 2 partnerorganisaties naast die van de '
                         "casusregisseur; er is nog geen zo'n evaluatie.")
    (reason,) = guards.closing_scores(family.facts(scores=(ScoreFact(date(2026, 2, 2), 9, 2),)))
    assert reason.en.endswith('the score has been 8 or higher since 2026-02-02; the next review that counts '
                              'can be held from 2026-03-16.')


def test_the_coordinator_alone_cannot_score_a_case_closed(family):
    """Two team scores of 9 on one day, and two weeks apart, without a partner score: not counted."""
    alone = (ScoreFact(date(2026, 2, 2), 9), ScoreFact(date(2026, 2, 2), 9), ScoreFact(date(2026, 2, 16), 9))
    (reason,) = guards.closing_scores(family.facts(scores=alone))
    assert reason.code == 'closing_scores_too_few'
    assert reason.nl.endswith("er is nog geen zo'n evaluatie (niet meegeteld, te weinig partnerscores: 02-02-2026, "
                              '02-02-2026, 16-02-2026).')
    one_partner = tuple(ScoreFact(s.on, s.team_score, 1) for s in alone)
    assert codes(guards.closing_scores(family.facts(scores=one_partner))) == ['closing_scores_too_few']
    assert codes(guards.closing_scores(family.facts(scores=one_partner, partner_scores_needed=1))) == [
        'closing_scores_too_few']  # counted now, but only two weeks apart


def test_closing_needs_the_regions_interval_between_the_reviews(family):
    scores = (ScoreFact(date(2026, 2, 2), 9, 2), ScoreFact(date(2026, 2, 16), 8, 3))
    (reason,) = guards.closing_scores(family.facts(scores=scores))
    assert 'sinds 02-02-2026' in reason.nl and 'vanaf 16-03-2026' in reason.nl
    assert guards.closing_scores(family.facts(scores=scores, closing_review_gap=timedelta(days=14))) == ()
    later = scores + (ScoreFact(date(2026, 3, 16), 9, 2),)
    assert guards.closing_scores(family.facts(scores=later)) == ()


def test_a_lower_score_in_between_starts_the_interval_again(family):
    scores = (ScoreFact(date(2026, 1, 5), 9, 2), ScoreFact(date(2026, 2, 2), 6, 2), ScoreFact(date(2026, 3, 2), 9, 2))
    (reason,) = guards.closing_scores(family.facts(scores=scores))
    assert 'sinds 02-03-2026' in reason.nl


def test_closing_names_a_low_latest_score(family):
    scores = (ScoreFact(date(2026, 1, 5), 9, 2), ScoreFact(date(2026, 2, 16), 7, 2))
    (reason,) = guards.closing_scores(family.facts(scores=scores))
    assert reason.code == 'closing_scores_below_threshold'
    assert reason.nl.endswith('de laatste is 7 op 16-02-2026.')
    assert reason.en.endswith('the latest is 7 on 2026-02-16.')
    assert guards.closing_scores(family.facts(scores=scores, closing_threshold=7)) == ()


def test_evaluate_runs_every_guard_of_the_step(family):
    facts = family.facts(state='safety', safety_plan=None, scores=())
    assert codes(evaluate(CASE_WORKFLOW, 'start_risk_care', facts)) == [
        'no_safety_plan', 'no_safety_score']


def test_evaluate_refuses_a_step_from_the_wrong_state(family):
    (reason,) = evaluate(CASE_WORKFLOW, 'close', family.facts(state='safety'))
    assert reason.code == 'not_possible_in_state'
    assert reason.nl == '"Casus afsluiten" kan niet vanuit "Fase 1: veiligheid".'
    assert codes(evaluate(CASE_WORKFLOW, 'fly', family.facts())) == ['unknown_event']


def test_relapse_needs_no_guard_but_a_reason(family):
    for phase in ('safety', 'risk_care', 'recovery', 'monitoring'):
        facts = family.facts(state=phase, safety_plan=None, scores=())
        assert evaluate(CASE_WORKFLOW, 'relapse', facts) == ()
        assert CASE_WORKFLOW.transition('relapse', phase).needs_reason


def test_available_actions_for_the_coordinator(family):
    facts = family.facts(state='safety', scores=(ScoreFact(date(2026, 3, 2), 4),))
    actions = {a.event: a for a in available_actions(CASE_WORKFLOW, facts, 'coordinator',
                                                     'local_team')}
    assert set(actions) == {'start_risk_care', 'relapse'}
    assert not actions['start_risk_care'].allowed
    assert codes(actions['start_risk_care'].reasons) == ['safety_score_below_threshold']
    assert actions['relapse'].allowed and actions['relapse'].needs_reason
    assert actions['relapse'].dest == 'safety'


@pytest.mark.parametrize('role', ['professional', 'steering', 'admin'])
def test_only_the_coordinator_moves_a_case(family, role):
    actions = available_actions(CASE_WORKFLOW, family.facts(state='monitoring'), role, 'vt')
    assert actions and not any(a.allowed for a in actions)
    for action in actions:
        assert action.reasons[0].code == 'role_not_permitted'
        assert action.reasons[0].nl == 'Alleen een casusregisseur mag deze stap zetten.'
        assert action.reasons[0].en == 'Only a case coordinator may take this step.'


def test_available_actions_combine_permission_and_guard_reasons(family):
    facts = family.facts(state='registered', persons=())
    (action,) = available_actions(CASE_WORKFLOW, facts, 'admin', None)
    assert codes(action.reasons) == ['role_not_permitted', 'no_person']


def test_organisation_kinds_limit_who_may_act(family):
    from workflows.guards import permission_reasons
    from workflows.spec import Label, TransitionSpec
    step = TransitionSpec('assess', ('a',), 'b', Label('Beoordelen', 'Assess'),
                          roles=frozenset({'professional'}), org_kinds=frozenset({'vt', 'police'}))
    assert permission_reasons(step, 'professional', 'vt') == ()
    (reason,) = permission_reasons(step, 'professional', 'school')
    assert reason.code == 'organisation_not_permitted'
    assert reason.nl == 'Alleen een medewerker van Veilig Thuis of politie mag deze stap zetten.'


def test_final_states_offer_no_actions_and_a_closed_case_only_reopening(family):
    assert available_actions(CASE_WORKFLOW, family.facts(state='handed_over'), 'coordinator',
                             'local_team') == []
    assert [a.event for a in available_actions(CASE_WORKFLOW, family.facts(state='closed'), 'coordinator',
                                               'local_team')] == ['reopen']


def test_facts_keep_scores_and_signals_oldest_first(family):
    facts = family.facts(scores=[ScoreFact(date(2026, 2, 16), 4), ScoreFact(date(2026, 1, 5), 9)],
                         signals=[SignalFact(date(2026, 2, 1), True), SignalFact(date(2026, 1, 1))])
    assert facts.latest_score.team_score == 4
    assert facts.first_report_on == date(2026, 1, 1)
    assert facts.latest_signal.police_callout and facts.signal_count == 2


def test_facts_refuse_unknown_vocabulary(family):
    with pytest.raises(ValueError):
        PartnerFact(9, 'Gemeente', 'municipality')
    with pytest.raises(ValueError):
        family.facts(assessment_outcome='unclear')
    with pytest.raises(ValueError):
        ScoreFact(date(2026, 1, 1), 11)
    with pytest.raises(ValueError):
        family.facts(state='archived')


@pytest.mark.parametrize('kind', ['trauma_screening', 'safety_review'])
def test_a_screening_or_review_task_is_completed_only_through_its_record(kind):
    refused = evaluate(TASK_WORKFLOW, 'complete', TaskFacts(kind), state='accepted')
    assert [r.code for r in refused] == [COMPLETED_BY_RECORD[kind].code]
    assert refused[0].nl != refused[0].en
    assert evaluate(TASK_WORKFLOW, 'complete', TaskFacts(kind, through_record=True), state='accepted') == ()
    assert evaluate(TASK_WORKFLOW, 'complete', TaskFacts('other'), state='accepted') == ()
