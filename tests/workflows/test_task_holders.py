"""Work lands with whoever does it: which kinds of organisation hold each kind of task, what a
partner takes over when it joins, and the role it gets on the team by default."""
from datetime import date

import pytest

from workflows import (
    DEFAULT_TEAM_ROLES, TASK_HOLDERS, TASK_KINDS, holder_reasons, kinds_taken_over_by, may_hold, score_request_task,
    tasks_on_entering,
)
from workflows.vocabulary import NON_PLAN_ORG_KINDS, ORG_KINDS


def test_every_task_kind_names_who_may_hold_it():
    assert TASK_HOLDERS.keys() == TASK_KINDS.keys()
    assert all(holders <= ORG_KINDS.keys() for holders in TASK_HOLDERS.values())


@pytest.mark.parametrize('kind, holder', [
    ('safety_assessment', 'vt'), ('investigation', 'vt'), ('police_risk_assessment', 'police'),
    ('restraining_order', 'police'), ('school_signal', 'school'), ('trauma_screening', 'care'),
    ('treatment', 'care'),
])
def test_specialist_work_goes_to_its_own_kind_of_organisation(kind, holder):
    assert TASK_HOLDERS[kind] == frozenset({holder})
    assert may_hold(kind, holder)
    assert not may_hold(kind, 'shelter')


def test_the_coordinators_organisation_stands_in_for_any_work():
    assert all(may_hold(kind, 'local_team', coordinators_organisation=True) for kind in TASK_KINDS)
    assert holder_reasons('police_risk_assessment', 'local_team', 'Wijkteam Noord',
                          coordinators_organisation=True) == ()


def test_the_review_is_the_coordinators_organisations_alone():
    assert not any(may_hold('safety_review', kind) for kind in ORG_KINDS)
    (reason,) = holder_reasons('safety_review', 'police', 'Politie Eenheid Voorbeeld')
    assert reason.en == ('"Safety score review" is work for the case coordinator\'s organisation; '
                         'Politie Eenheid Voorbeeld (police) cannot take this task.')


def test_plan_work_goes_to_any_partner_but_the_school_and_the_steering_group():
    for kind in ('safety_plan_contribution', 'care_intervention', 'safety_score', 'safety_agreement', 'other'):
        assert all(may_hold(kind, org_kind) != (org_kind in NON_PLAN_ORG_KINDS) for org_kind in ORG_KINDS)


def test_a_police_task_to_a_local_team_is_refused_with_who_may_hold_it():
    (reason,) = holder_reasons('police_risk_assessment', 'local_team', 'Wijkteam Zuid')
    assert reason.code == 'wrong_kind_of_organisation'
    assert reason.nl == ('„Risicotaxatie politie (RiHG)” kan alleen naar politie (of, zolang die er niet is, naar '
                         'de organisatie van de casusregisseur); Wijkteam Zuid (lokaal (wijk)team) kan deze taak '
                         'niet krijgen.')
    assert holder_reasons('police_risk_assessment', 'police', 'Politie Basisteam Zuid') == ()


def test_a_joining_partner_takes_over_only_what_the_coordinator_held_in_its_place():
    assert kinds_taken_over_by('vt', 'local_team') == {'safety_assessment', 'investigation'}
    assert kinds_taken_over_by('police', 'local_team') == {'police_risk_assessment', 'restraining_order'}
    assert kinds_taken_over_by('care', 'local_team') == {'trauma_screening', 'treatment'}
    assert kinds_taken_over_by('shelter', 'local_team') == set()
    assert kinds_taken_over_by('vt', 'vt') == set()  # a coordinator of Veilig Thuis keeps its own work


def test_default_team_roles_by_kind_of_organisation():
    assert DEFAULT_TEAM_ROLES['vt'] == 'safety'
    assert DEFAULT_TEAM_ROLES['care'] == 'care'
    assert {DEFAULT_TEAM_ROLES[k] for k in ('police', 'om', 'rvdk', 'probation')} == {'justice'}
    assert DEFAULT_TEAM_ROLES['local_team'] == 'support'  # the coordinator's own team leads; another supports
    assert 'lead' not in DEFAULT_TEAM_ROLES.values()
    assert DEFAULT_TEAM_ROLES.keys() == ORG_KINDS.keys() - NON_PLAN_ORG_KINDS


def test_trauma_screenings_go_to_the_care_partner(family):
    templates = tasks_on_entering('risk_care', family.facts(state='risk_care', screenings=()))
    screenings = [t for t in templates if t.kind == 'trauma_screening']
    assert screenings and {t.org_id for t in screenings} == {family.care.org_id}


def test_every_template_goes_to_an_organisation_that_may_hold_it(family):
    kinds = {p.org_id: p.kind for p in (family.local_team, family.vt, family.police, family.care, family.school)}
    partners = (family.local_team, family.vt, family.police, family.care)
    for phase in ('safety_assessment', 'safety', 'risk_care', 'recovery', 'monitoring'):
        facts = family.facts(state=phase, partners=partners, screenings=())
        for template in tasks_on_entering(phase, facts):
            assert may_hold(template.kind, kinds[template.org_id],
                            coordinators_organisation=template.org_id == facts.coordinator_org_id), template


def test_a_partner_is_asked_to_score_within_five_working_days(family):
    task = score_request_task(7, family.police.org_id, date(2026, 3, 2), date(2026, 3, 4))
    assert (task.kind, task.org_id, task.dedupe_key) == ('safety_score', 2, 'safety_score:7:2')
    assert task.due == date(2026, 3, 11)
    assert '02-03-2026' in task.title.nl
