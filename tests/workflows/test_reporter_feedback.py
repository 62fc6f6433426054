"""What the reporter is told: whether a follow-up started and who took the case over, in words built
from the route, organisation names and dates only."""
from datetime import date

import pytest

from workflows import FOLLOW_UP_ROUTES, reporter_feedback
from workflows.vocabulary import ASSESSMENT_ROUTES

REPORTED = date(2026, 3, 2)


def test_after_the_assessment_the_reporter_hears_the_route_and_who_took_it_over():
    text = reporter_feedback('assessment', 'mda_plus', REPORTED, 'Wijkteam Noord')
    assert text.nl == ('Veilig Thuis heeft uw melding van 02-03-2026 beoordeeld. Er start een multidisciplinaire '
                       'aanpak (MDA++); de casusregie ligt bij Wijkteam Noord. Inhoudelijke informatie over het '
                       'gezin delen wij niet.')
    assert text.en.startswith('Veilig Thuis has assessed your report of 2026-03-02. A multidisciplinary')
    handover = reporter_feedback('assessment', 'handover', REPORTED, 'Wijkteam Zuid')
    assert 'De zorg is overgedragen aan Wijkteam Zuid.' in handover.nl
    assert 'het lokale team of de hulp die al betrokken is' in reporter_feedback('assessment', 'handover', REPORTED).nl


def test_every_route_has_its_words_and_none_says_what_was_found():
    for route in ASSESSMENT_ROUTES:
        text = reporter_feedback('assessment', route, REPORTED, 'Wijkteam Noord')
        assert text.nl.count('.') >= 3 and 'Inhoudelijke informatie over het gezin delen wij niet.' in text.nl
        for word in ('onveilig', 'acuut', 'structureel', 'diagnose', 'behandeling'):
            assert word not in text.nl.lower(), (route, word)
    assert 'Veilig Thuis doet onderzoek' in reporter_feedback('assessment', 'investigation', REPORTED).nl
    assert 'Raad voor de Kinderbescherming' in reporter_feedback('assessment', 'child_protection', REPORTED).nl
    assert 'Voorwaarden & Vervolg' in reporter_feedback('assessment', 'conditions', REPORTED).nl
    assert 'beëindigt zijn bemoeienis' in reporter_feedback('assessment', 'ended', REPORTED).nl


def test_at_the_end_of_the_investigation():
    text = reporter_feedback('investigation', 'child_protection', REPORTED)
    assert text.nl.startswith('Veilig Thuis heeft het onderzoek naar aanleiding van uw melding van 02-03-2026 '
                              'afgerond. Veilig Thuis vraagt de Raad')
    unknown = reporter_feedback('investigation', None, REPORTED)
    assert unknown.en == ('Veilig Thuis has completed the investigation following your report of 2026-03-02. '
                          'We do not share anything about the situation of the family.')
    assert 'investigation' not in FOLLOW_UP_ROUTES and 'handover' in FOLLOW_UP_ROUTES


def test_unknown_occasions_and_routes_are_refused():
    with pytest.raises(ValueError):
        reporter_feedback('closing', 'mda_plus', REPORTED)
    with pytest.raises(ValueError):
        reporter_feedback('assessment', 'prison', REPORTED)
    with pytest.raises(ValueError):
        reporter_feedback('investigation', 'investigation', REPORTED)
