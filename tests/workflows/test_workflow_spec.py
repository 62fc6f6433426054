"""The case lifecycle as the domain describes it, and the spec's own consistency checks."""
import ast
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from transitions import Machine

from workflows import (
    ACTIVE_PHASES, CASE_WORKFLOW, GUARD_DESCRIPTIONS, GUARDS, REVIEW_CADENCE, WORKFLOWS, Label,
    StateSpec, TransitionSpec, WorkflowSpec, machine_definition, review_interval,
)

PACKAGE = Path(__file__).resolve().parents[2] / 'workflows'

STEPS = [
    ('start_assessment', 'registered', 'safety_assessment'),
    ('start_safety', 'safety_assessment', 'safety'),
    ('hand_over', 'safety_assessment', 'handed_over'),
    ('start_risk_care', 'safety', 'risk_care'),
    ('start_recovery', 'risk_care', 'recovery'),
    ('start_monitoring', 'recovery', 'monitoring'),
    ('close', 'monitoring', 'closed'),
]


def test_states_in_phase_order():
    assert CASE_WORKFLOW.state_names == (
        'registered', 'safety_assessment', 'safety', 'risk_care', 'recovery', 'monitoring',
        'closed', 'handed_over')
    assert CASE_WORKFLOW.initial == 'registered'
    assert [CASE_WORKFLOW.state(s).phase_number for s in ('safety', 'risk_care', 'recovery')] == [
        1, 2, 3]
    assert {s.name for s in CASE_WORKFLOW.states if s.final} == {'handed_over'}
    assert CASE_WORKFLOW.ended_states == ('closed', 'handed_over')


@pytest.mark.parametrize('event, source, dest', STEPS)
def test_every_step_of_the_lifecycle(event, source, dest):
    step = CASE_WORKFLOW.transition(event, source)
    assert step.dest == dest and not step.needs_reason


def test_relapse_from_every_active_phase_with_a_reason():
    relapse = CASE_WORKFLOW.transition('relapse', 'monitoring')
    assert relapse.sources == ACTIVE_PHASES
    assert relapse.dest == 'safety' and relapse.needs_reason and relapse.guards == ()
    assert tuple(s.name for s in CASE_WORKFLOW.states if s.active) == ACTIVE_PHASES


def test_only_the_coordinator_moves_a_case():
    assert all(t.roles == {'coordinator'} and t.org_kinds is None
               for t in CASE_WORKFLOW.transitions)


def test_every_guard_exists_and_is_described():
    named = {g for spec in WORKFLOWS.values() for t in spec.transitions for g in t.guards}
    assert named <= GUARDS.keys()
    assert GUARD_DESCRIPTIONS.keys() == GUARDS.keys()
    assert all(d.nl and d.en for d in GUARD_DESCRIPTIONS.values())


@pytest.mark.parametrize('spec', WORKFLOWS.values(), ids=WORKFLOWS.keys())
def test_every_label_in_dutch_and_english(spec):
    labels = [spec.label] + [s.label for s in spec.states] + [t.label for t in spec.transitions]
    assert all(label.nl.strip() and label.en.strip() for label in labels)
    assert all('*' not in t.sources for t in spec.transitions)


def test_spec_helpers():
    assert [t.event for t in CASE_WORKFLOW.transitions_from('safety_assessment')] == [
        'start_safety', 'hand_over']
    assert CASE_WORKFLOW.transition('close', 'safety') is None
    assert CASE_WORKFLOW.transitions_between('safety', 'safety')[0].event == 'relapse'
    assert 'relapse' in CASE_WORKFLOW.events
    with pytest.raises(KeyError):
        CASE_WORKFLOW.state('archived')


def spec_with(*transitions, states=('a', 'b')):
    return WorkflowSpec('test', Label('Test', 'Test'),
                        tuple(StateSpec(s, Label(s, s), final=(s == 'b')) for s in states),
                        'a', transitions)


@pytest.mark.parametrize('transition, problem', [
    (TransitionSpec('go', ('a',), 'c', Label('Ga', 'Go')), "unknown state 'c'"),
    (TransitionSpec('go', ('b',), 'a', Label('Ga', 'Go')), "leaves final state 'b'"),
    (TransitionSpec('go', ('*',), 'b', Label('Ga', 'Go')), "unknown state '*'"),
    (TransitionSpec('go', (), 'b', Label('Ga', 'Go')), 'no source states'),
    (TransitionSpec('go', ('a',), 'b', Label('Ga', 'Go'), roles=frozenset({'boss'})),
     'unknown roles'),
])
def test_a_broken_spec_is_refused(transition, problem):
    with pytest.raises(ValueError, match=problem.replace('*', r'\*')):
        spec_with(transition)


def test_an_event_defined_twice_from_one_state_is_refused():
    go = TransitionSpec('go', ('a',), 'b', Label('Ga', 'Go'))
    with pytest.raises(ValueError, match='defined twice'):
        spec_with(go, go)


def test_the_engine_can_compile_the_spec_into_one_machine():
    machine = Machine(model=None, auto_transitions=False, send_event=True,
                      model_attribute='state', **machine_definition(CASE_WORKFLOW))

    class Row:
        state = 'safety'

    row = Row()
    assert machine.events['start_risk_care'].trigger(row)
    assert row.state == 'risk_care'
    assert machine.events['relapse'].trigger(row)
    assert row.state == 'safety'


def test_review_cadence_defaults_and_regional_overrides():
    assert REVIEW_CADENCE == {'safety': timedelta(weeks=2), 'risk_care': timedelta(weeks=6),
                              'recovery': timedelta(weeks=6), 'monitoring': timedelta(days=91)}
    assert review_interval('risk_care') == timedelta(weeks=6)
    assert review_interval('risk_care', {'risk_care': timedelta(weeks=4)}) == timedelta(weeks=4)
    assert review_interval('safety', {'risk_care': timedelta(weeks=4)}) == timedelta(weeks=2)
    with pytest.raises(ValueError):
        review_interval('registered')


def test_the_package_imports_only_the_standard_library_and_holidays():
    allowed = set(sys.stdlib_module_names) | {'holidays'}
    for path in PACKAGE.glob('*.py'):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split('.')[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split('.')[0]}
            else:
                continue
            assert roots <= allowed, f'{path.name} imports {roots - allowed}'


def test_no_unfinished_work_markers():
    markers = ('TO' + 'DO', 'FIX' + 'ME', 'X' + 'XX', 'place' + 'holder')
    for path in PACKAGE.glob('*.py'):
        text = path.read_text(encoding='utf-8')
        assert not [m for m in markers if m.lower() in text.lower()], path.name
