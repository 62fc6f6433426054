"""The diagram and table are drawn from the spec: every state and step appears, accessibly."""
import xml.etree.ElementTree as ET

import pytest

from workflows import CASE_WORKFLOW, GUARD_DESCRIPTIONS, WORKFLOWS, transition_table, workflow_svg

SVG = '{http://www.w3.org/2000/svg}'


@pytest.mark.parametrize('lang', ['nl', 'en'])
@pytest.mark.parametrize('spec', WORKFLOWS.values(), ids=WORKFLOWS.keys())
def test_svg_parses_and_shows_every_state_and_step(spec, lang):
    root = ET.fromstring(workflow_svg(spec, lang))
    text = ' '.join(' '.join(t.itertext()) for t in root.iter(f'{SVG}text'))
    titles = [t.text for t in root.iter(f'{SVG}title')]
    for state in spec.states:
        assert state.label.text(lang) in text
    for step in spec.transitions:
        assert step.label.text(lang) in titles
        assert ' '.join(step.label.text(lang).split()) in ' '.join(text.split())
    shown = {g.get('data-state') for g in root.iter(f'{SVG}g') if g.get('data-state')}
    assert shown == set(spec.state_names)


def test_svg_is_accessible():
    root = ET.fromstring(workflow_svg(CASE_WORKFLOW, 'nl'))
    assert root.get('role') == 'img'
    title_id, desc_id = root.get('aria-labelledby').split()
    title = root.find(f'{SVG}title')
    assert title.get('id') == title_id and title.text == 'Verloop van een casus'
    desc = root.find(f'{SVG}desc')
    assert desc.get('id') == desc_id and 'Fase 1: veiligheid' in desc.text
    assert root.get('lang') == 'nl'


def test_relapse_is_drawn_as_one_dashed_back_arrow():
    root = ET.fromstring(workflow_svg(CASE_WORKFLOW, 'en'))
    (relapse,) = [g for g in root.iter(f'{SVG}g') if g.get('data-event') == 'relapse']
    path = relapse.find(f'{SVG}path')
    assert path.get('stroke-dasharray')
    assert path.get('d').count('M') == 5


def test_boxes_are_laid_out_in_phase_order():
    root = ET.fromstring(workflow_svg(CASE_WORKFLOW, 'en'))
    tops = {g.get('data-state'): float(g.find(f'{SVG}rect').get('y'))
            for g in root.iter(f'{SVG}g') if g.get('data-state')}
    main = ['registered', 'safety_assessment', 'safety', 'risk_care', 'recovery', 'monitoring',
            'closed']
    assert [tops[s] for s in main] == sorted(tops[s] for s in main)
    assert tops['handed_over'] == tops['safety_assessment']


def test_transition_table_lists_every_source_with_conditions_in_words():
    rows = transition_table(CASE_WORKFLOW, 'en')
    assert len(rows) == 12
    close = next(r for r in rows if r.source == 'Consolidation and monitoring'
                 and r.dest == 'Closed')
    assert close.event == 'Close the case'
    assert close.conditions == (GUARD_DESCRIPTIONS['closing_scores'].en,
                                GUARD_DESCRIPTIONS['safety_holder_accepted'].en)
    reopen = next(r for r in rows if r.source == 'Closed')
    assert (reopen.dest, reopen.event) == ('Phase 1: safety', 'Reopen after a new report: back to phase 1')
    assert GUARD_DESCRIPTIONS['re_report_awaiting_decision'].en in reopen.conditions
    relapses = [r for r in rows if r.event == 'Relapse: new incident or report']
    assert [r.source for r in relapses] == [
        'Phase 1: safety', 'Phase 2: risk-driven care', 'Phase 3: recovery-oriented care',
        'Consolidation and monitoring']
    assert all('reason' in r.conditions[0] for r in relapses)
    source, dest, event, conditions = rows[0]
    assert (source, dest) == ('Registered', 'Safety assessment')


def test_transition_table_in_dutch():
    rows = transition_table(CASE_WORKFLOW)
    assert rows[0].source == 'Aangemeld'
    assert rows[0].conditions == (GUARD_DESCRIPTIONS['has_person_and_signal'].nl,)


def test_diagrams_on_one_page_do_not_share_ids():
    ids = [el.get('id') for spec in WORKFLOWS.values()
           for el in ET.fromstring(workflow_svg(spec)).iter() if el.get('id')]
    assert len(ids) == len(set(ids))


def test_only_dutch_and_english():
    with pytest.raises(ValueError):
        workflow_svg(CASE_WORKFLOW, 'de')
