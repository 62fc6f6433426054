"""A family and a team for workflow tests: by default every guard of every step passes (even the
reopening's: a new report came in after closure)."""
from datetime import date
from types import SimpleNamespace

import pytest

from workflows import (
    CareGoalFact, CaseFacts, HandoverFact, PartnerFact, PersonFact, SafetyPlanFact, ScoreFact, ScreeningFact,
    SignalFact, WorkingCalendar,
)

TODAY = date(2026, 3, 2)  # a Monday

VT = PartnerFact(1, 'Veilig Thuis Voorbeeld', 'vt')
POLICE = PartnerFact(2, 'Politie Eenheid Voorbeeld', 'police')
CARE = PartnerFact(3, 'GGZ Voorbeeld', 'care')
LOCAL_TEAM = PartnerFact(4, 'Wijkteam Voorbeeld', 'local_team')
SCHOOL = PartnerFact(5, 'Basisschool De Linde', 'school')

MOTHER = PersonFact(10, 'Sara Jansen', 'victim', date(1990, 6, 1))
FATHER = PersonFact(11, 'Mark Jansen', 'perpetrator', date(1987, 2, 14))
DAUGHTER = PersonFact(12, 'Lotte Jansen', 'child', date(2016, 9, 3))
GRANDMOTHER = PersonFact(13, 'Ria de Vries', 'network', date(1960, 1, 20))


def build_facts(**overrides) -> CaseFacts:
    persons = overrides.pop('persons', (MOTHER, FATHER, DAUGHTER, GRANDMOTHER))
    partners = overrides.pop('partners', (LOCAL_TEAM, POLICE, CARE))
    values = dict(
        state='safety',
        today=TODAY,
        persons=persons,
        signals=(SignalFact(date(2026, 1, 5)), SignalFact(date(2026, 2, 2))),
        assessment_outcome='structural',
        assessment_route='mda_plus',
        partners=partners,
        coordinator_org_id=LOCAL_TEAM.org_id,
        safety_plan=SafetyPlanFact(2, frozenset(p.org_id for p in partners)),
        scores=(ScoreFact(date(2025, 12, 22), 8, 2), ScoreFact(date(2026, 2, 16), 9, 3)),
        has_care_plan=True,
        triage_accepted=True,
        care_goals=tuple(CareGoalFact(p.id, 'risk', 'verslaving', evaluated=True)
                         for p in persons),
        screenings=tuple(ScreeningFact(p.id, 'done', positive=False)
                         for p in persons if p.role != 'network'),
        handover=HandoverFact('Wijkteam Voorbeeld', 'accepted', date(2026, 2, 16), date(2027, 2, 16),
                              date(2026, 2, 17)),
        re_report_pending=True,
    )
    values.update(overrides)
    return CaseFacts(**values)


@pytest.fixture
def family():
    return SimpleNamespace(
        today=TODAY, vt=VT, police=POLICE, care=CARE, local_team=LOCAL_TEAM, school=SCHOOL,
        mother=MOTHER, father=FATHER, daughter=DAUGHTER, grandmother=GRANDMOTHER,
        facts=build_facts,
    )


@pytest.fixture(scope='session')
def calendar():
    return WorkingCalendar()
