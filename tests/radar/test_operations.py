"""Adding a known family's report to its dossier, through the operation and the engine."""
from datetime import date

import pytest
from sqlalchemy import func, select

from mda.casework.facts import triage_decision
from mda.core import clock
from mda.dossiers.models import Dossier, Person, Signal
from mda.engine.protection import force_state
from mda.errors import Invalid, Refused
from mda.extensions import db
from mda.intake import operations as intake
from tests import factories as make

BORN = date(1991, 6, 14)
CHILD_BORN = date(2016, 9, 2)


@pytest.fixture
def region(app_ctx):
    reg = make.region()
    team = make.organisation(reg, "Wijkteam Noord")
    police = make.organisation(reg, "Politie", "police")
    make.organisation(reg, "Zorg- en Veiligheidshuis", "zvh")
    coordinator = make.user(team, "coord", "coordinator")
    known = make.dossier(coordinator, "Gezin Bakker-Yilmaz", partners=[police], persons=())
    known.persons.append(Person(name="Sanne Bakker", role="victim", date_of_birth=BORN))
    known.persons.append(Person(name="Daan Bakker", role="child", date_of_birth=CHILD_BORN))
    db.session.flush()
    return dict(known=known, coordinator=coordinator, police=police,
                officer=make.user(police, "agent"),
                triage=make.user(make.organisation(reg, "Veilig Thuis", "vt"), "triage"))


def apply(applicant, names=("sanne  BAKKER", "Daan Bakker"), dossier=None):
    """A new family, applied for and submitted; ``names`` are the mother and child as written."""
    persons = [{"name": names[0], "role": "victim", "date_of_birth": BORN, "school_id": None, "bsn": None},
               {"name": names[1], "role": "child", "date_of_birth": CHILD_BORN, "school_id": None, "bsn": None}]
    values = {"family_reference": "Gezin Bakker", "persons": persons, "reason": "Nieuw incident.", "goal": "Eén plan.",
              "involved": [], "other_help": "", "criteria": {"incidents_repeat": "Meerdere incidenten."},
              "signal_reported_on": clock.today(), "signal_violence_type": "physical", "signal_acute": True,
              "signal_police_callout": False, "signal_reported_time": None,
              "signal_description": "Moeder heeft letsel aan haar arm."}
    return intake.save_application(applicant, None, values, dossier=dossier, submit=True)


def signals(dossier) -> int:
    return db.session.scalar(select(func.count()).select_from(Signal).where(Signal.dossier_id == dossier.id))


def test_the_report_joins_the_dossier_the_family_is_known_in(region):
    known = region["known"]
    force_state(known, "safety_assessment")
    make.accepted_application(known, region["officer"])
    assert triage_decision(known.id) is True
    application = apply(region["officer"])
    before, dossiers = signals(known), db.session.scalar(select(func.count()).select_from(Dossier))
    intake.add_to_known_dossier(region["triage"], application, dossier_id=known.id,
                                reason="Moeder en kind zijn bekend in dit dossier.")
    assert application.stage == "added_to_dossier" and application.dossier_id == known.id
    assert not application.for_existing_dossier and application.decided_by_id == region["triage"].id
    assert signals(known) == before + 1 and known.state == "safety_assessment"
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == dossiers
    # The report is no decision on MDA++: the family's acceptance still stands.
    assert triage_decision(known.id) is True


def test_in_an_mda_phase_the_report_is_a_relapse_authorised_by_the_triage_right(region):
    known = region["known"]
    force_state(known, "risk_care")
    application = apply(region["officer"])
    intake.add_to_known_dossier(region["triage"], application, dossier_id=known.id, reason="Bekend gezin.")
    assert known.state == "safety"
    with pytest.raises(Refused) as refused:  # the applicant does not sit in the triage meeting
        intake.add_to_known_dossier(region["officer"], apply(region["officer"]), dossier_id=known.id,
                                    reason="Bekend gezin.")
    assert "no_right" in {reason.code for reason in refused.value.reasons}


def test_a_closed_dossier_or_one_the_family_is_not_known_in_takes_no_report(region):
    known = region["known"]
    stranger = make.dossier(region["coordinator"], "Gezin Anders", persons=("Iemand Anders",))
    application = apply(region["officer"])
    with pytest.raises(Invalid) as refused:
        intake.add_to_known_dossier(region["triage"], application, dossier_id=stranger.id, reason="Bekend.")
    assert refused.value.problems[0][0] == "dossier_id"
    force_state(known, "closed")
    with pytest.raises(Invalid) as refused:
        intake.add_to_known_dossier(region["triage"], application, dossier_id=known.id, reason="Bekend.")
    assert "afgesloten" in str(refused.value.problems[0][1])
    assert application.stage == "submitted" and signals(known) == 1


def test_an_application_for_an_existing_dossier_already_belongs_to_it(region):
    known = region["known"]
    twin = make.dossier(region["coordinator"], "Gezin Bakker (2)", persons=())
    twin.persons.append(Person(name="Sanne Bakker", role="victim", date_of_birth=BORN))
    db.session.flush()
    application = apply(region["officer"], dossier=twin)
    with pytest.raises(Refused) as refused:
        intake.add_to_known_dossier(region["triage"], application, dossier_id=known.id, reason="Bekend.")
    assert [reason.code for reason in refused.value.reasons] == ["not_new_family"]
