"""Feedback to the reporter (*terugkoppeling*): what the professional who reported a family is told
after Veilig Thuis's safety assessment and at the end of its investigation.

In the words the law allows: whether a follow-up route started and who took the case over. Never
what was found, what anyone said, or anything about anyone's health: the text is built from the
route, the names of organisations and dates only, never from what professionals wrote.
"""
from datetime import date
from typing import Optional

from .text import Label, format_date
from .vocabulary import ASSESSMENT_ROUTES

__all__ = ['FEEDBACK_OCCASIONS', 'FOLLOW_UP_ROUTES', 'reporter_feedback']

FEEDBACK_OCCASIONS = ('assessment', 'investigation')
# What may follow an investigation: every route but another investigation.
FOLLOW_UP_ROUTES = tuple(route for route in ASSESSMENT_ROUTES if route != 'investigation')

NOTHING_ELSE = Label('Inhoudelijke informatie over het gezin delen wij niet.',
                     'We do not share anything about the situation of the family.')


def _route(route: Optional[str], taken_over_by: Optional[str]) -> Label:
    if route == 'mda_plus':
        return Label('Er start een multidisciplinaire aanpak (MDA++)'
                     + (f'; de casusregie ligt bij {taken_over_by}.' if taken_over_by else '.'),
                     'A multidisciplinary approach (MDA++) starts'
                     + (f'; {taken_over_by} coordinates the case.' if taken_over_by else '.'))
    if route == 'handover':
        nl = taken_over_by or 'het lokale team of de hulp die al betrokken is'
        en = taken_over_by or 'the local team or the help already involved'
        return Label(f'De zorg is overgedragen aan {nl}.', f'The care has been handed over to {en}.')
    if route == 'conditions':
        return Label('Veilig Thuis stelt veiligheidsvoorwaarden en volgt of die worden nageleefd '
                     '(Voorwaarden & Vervolg).',
                     'Veilig Thuis sets safety conditions and follows whether they are kept '
                     '(conditions and follow-up).')
    if route == 'investigation':
        return Label('Veilig Thuis doet onderzoek; na het onderzoek hoort u hoe het verder gaat.',
                     'Veilig Thuis investigates; after the investigation you will hear what follows.')
    if route == 'child_protection':
        return Label('Veilig Thuis vraagt de Raad voor de Kinderbescherming om onderzoek.',
                     'Veilig Thuis asks the Child Protection Board to investigate.')
    if route == 'ended':
        return Label('Veilig Thuis beëindigt zijn bemoeienis; er start geen vervolg vanuit Veilig Thuis.',
                     'Veilig Thuis ends its involvement; no follow-up starts from Veilig Thuis.')
    return Label('', '')


def reporter_feedback(occasion: str, route: Optional[str], reported_on: date,
                      taken_over_by: Optional[str] = None) -> Label:
    """What the reporter of `reported_on` is told on `occasion` ('assessment' or 'investigation'):
    the follow-up `route` (see `vocabulary.ASSESSMENT_ROUTES`; None when none was recorded) and
    the organisation that took the case over."""
    if occasion not in FEEDBACK_OCCASIONS:
        raise ValueError(f'unknown feedback occasion {occasion!r}')
    if route is not None and route not in ASSESSMENT_ROUTES:
        raise ValueError(f'unknown route {route!r}')
    if occasion == 'investigation' and route == 'investigation':
        raise ValueError('an investigation is not followed by another investigation')
    on_nl, on_en = format_date(reported_on, 'nl'), format_date(reported_on, 'en')
    if occasion == 'assessment':
        opening = Label(f'Veilig Thuis heeft uw melding van {on_nl} beoordeeld.',
                        f'Veilig Thuis has assessed your report of {on_en}.')
    else:
        opening = Label(f'Veilig Thuis heeft het onderzoek naar aanleiding van uw melding van {on_nl} afgerond.',
                        f'Veilig Thuis has completed the investigation following your report of {on_en}.')
    follow_up = _route(route, taken_over_by)
    return Label(' '.join(part for part in (opening.nl, follow_up.nl, NOTHING_ELSE.nl) if part),
                 ' '.join(part for part in (opening.en, follow_up.en, NOTHING_ELSE.en) if part))
