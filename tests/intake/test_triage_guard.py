"""Phase 1 of MDA++ needs the triage meeting's acceptance of an application for the family."""
from datetime import date, datetime, timezone

import pytest

from mda.engine.core import available, fire
from mda.casework.facts import case_facts
from mda.errors import Refused
from mda.extensions import db
from mda.intake.models import Application
from mda.casework.models import SafetyAssessment
from tests import factories as make

TODAY = date(2026, 11, 24)


@pytest.fixture
def case(app_ctx):
    """A case in its safety assessment, found structurally unsafe, with a team of three."""
    made = make.team_case()
    dossier, coordinator, vt, vt_user = made["dossier"], made["coordinator"], made["vt"], made["vt_user"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    db.session.add(SafetyAssessment(dossier_id=dossier.id, outcome="structural", route="mda_plus",
                                    assessed_on=TODAY, organisation_id=vt.id, author_id=vt_user.id))
    db.session.flush()
    return dict(dossier=dossier, coordinator=coordinator, police=made["police"], vt_user=vt_user)


def application(case, status, decided_at=None) -> Application:
    row = Application(region_id=case["dossier"].region_id, organisation_id=case["police"].id,
                      applicant_id=case["vt_user"].id, dossier_id=case["dossier"].id, for_existing_dossier=True,
                      stage=status, reason="Herhaald geweld.", decided_at=decided_at,
                      decision_reason="Besluit." if decided_at else "")
    db.session.add(row)
    db.session.flush()
    return row


def triage(case):
    return case_facts(case["dossier"], TODAY).triage_accepted


def test_without_an_application_phase_one_waits_for_triage(case):
    assert triage(case) is None
    application(case, "draft")  # a draft is not an application yet
    assert triage(case) is None
    action = next(a for a in available(case["dossier"], case["coordinator"], TODAY) if a.event == "start_safety")
    assert not action.allowed and [r.code for r in action.reasons] == ["triage_not_applied"]
    with pytest.raises(Refused):
        fire(case["dossier"], "start_safety", case["coordinator"], today=TODAY)
    assert case["dossier"].state == "safety_assessment"


@pytest.mark.parametrize("status", ["submitted", "planned"])
def test_a_waiting_application_holds_phase_one_back_with_its_reason(case, status):
    application(case, status)
    assert triage(case) is False
    action = next(a for a in available(case["dossier"], case["coordinator"], TODAY) if a.event == "start_safety")
    (reason,) = [r for r in action.reasons if r.code == "triage_not_accepted"]
    assert not action.allowed
    assert "aangemeld voor MDA++" in reason.nl and "(nog) niet geaccepteerd" in reason.nl
    with pytest.raises(Refused):
        fire(case["dossier"], "start_safety", case["coordinator"], today=TODAY)
    assert case["dossier"].state == "safety_assessment"


def test_the_latest_decision_counts(case):
    application(case, "not_accepted", datetime(2026, 10, 1, tzinfo=timezone.utc))
    assert triage(case) is False
    application(case, "accepted", datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert triage(case) is True
    application(case, "submitted")  # a later application does not undo the acceptance
    assert triage(case) is True
    assert fire(case["dossier"], "start_safety", case["coordinator"], today=TODAY).state == "safety"
