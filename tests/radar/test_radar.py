"""One family, one dossier: the demo's known family applied for again. The triage meeting learns
that mother and child are known — where only when it may see that dossier — and adds the report
to that dossier instead of opening a second one. Through the Flask test client on the demo region."""
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.demo.intake import KNOWN_FAMILY, REAPPLIED
from mda.dossiers.models import Dossier, Person, Signal
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.intake.models import Application
from mda.radar.queries import Sought, same_person
from tests.intake.support import apply, application_version, decide, latest_application_id, plan
from tests.support.web import csrf_token, hidden_value, login, post_form

KNOWN_TO_ZVH = "bekend bij het Zorg- en Veiligheidshuis"
MOTHER_AND_CHILD = "Sanne Bakker, Daan Bakker"


@pytest.fixture
def ids(app, demo):
    with app.app_context():
        known = db.session.scalar(select(Dossier).where(Dossier.reference == KNOWN_FAMILY))
        return {
            "application": db.session.scalar(select(Application.id).where(Application.family_reference == REAPPLIED)),
            "dossier": known.id,
            "persons": {p.name: p.id for p in known.persons},
            "signals": len(known.signals),
            "dossiers": db.session.scalar(select(func.count()).select_from(Dossier)),
        }


def page(app, username: str, path: str) -> str:
    client = app.test_client()
    login(client, username)
    response = client.get(path)
    assert response.status_code == 200, (username, path)
    return response.get_data(as_text=True)


def join(client, application_id: int, **data):
    html = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    values = {"join-version": application_version(client.application, application_id), "csrf_token": csrf_token(html)}
    values.update({f"join-{name}": value for name, value in data.items()})
    return client.post(f"/aanmeldingen/{application_id}/bij-bekend-dossier", data=values)


def radar_log(app, **filters) -> list[AccessLogEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry).filter_by(**filters)
                                       .where(AccessLogEntry.detail.like("radar from%")).order_by(AccessLogEntry.id)))


def test_the_triage_meeting_adds_a_known_familys_report_to_its_dossier_instead_of_a_second(app, ids):
    """The test that would have caught it: mother and child applied for again as a new family."""
    zvh = app.test_client()
    login(zvh, "zvh")
    html = zvh.get(f"/aanmeldingen/{ids['application']}").get_data(as_text=True)
    assert "Is dit gezin al bekend?" in html
    assert f"{MOTHER_AND_CHILD}</strong> · {KNOWN_TO_ZVH}" in html
    assert "Emre Yilmaz</strong>" not in html  # the applicant did not know his date of birth: not found
    assert KNOWN_FAMILY not in html  # the Zorg- en Veiligheidshuis is not on the family's team
    assert "zvh@example.org" in html  # whom to ask
    assert f"Het dossier waarin {MOTHER_AND_CHILD} bekend zijn" in html
    logged = radar_log(app, dossier_id=ids["dossier"], username="zvh")
    assert {entry.person_id for entry in logged} == {ids["persons"]["Sanne Bakker"], ids["persons"]["Daan Bakker"]}
    assert all(e.object == "radar" and "known to the zvh" in e.detail for e in logged)

    refused = join(zvh, ids["application"], dossier_id=ids["dossier"], reason="")
    assert refused.status_code == 422
    assert "Geef de reden van het besluit" in refused.get_data(as_text=True)
    response = join(zvh, ids["application"], dossier_id=ids["dossier"],
                    reason="Moeder en zoon zijn bekend in een lopend MDA++-dossier.")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        application = db.session.get(Application, ids["application"])
        assert application.stage == "added_to_dossier" and application.dossier_id == ids["dossier"]
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == ids["dossiers"]  # no second dossier
        dossier = db.session.get(Dossier, ids["dossier"])
        assert len(dossier.signals) == ids["signals"] + 1
        added = db.session.scalar(select(Signal).where(Signal.dossier_id == dossier.id)
                                  .order_by(Signal.id.desc()).limit(1))
        assert added.description.startswith("Moeder heeft een blauwe plek")
        assert added.reporter_organisation.name == "Wijkteam Voorbeeld-Zuid"
        # The family is in phase 1: a new report is a relapse, which its coordinator hears of.
        relapse = db.session.scalar(select(TransitionLog).where(
            TransitionLog.dossier_id == dossier.id, TransitionLog.event == "relapse").order_by(TransitionLog.id.desc()))
        assert relapse.username == "zvh"
        told = db.session.scalars(select(InboxItem.user_id).where(InboxItem.key == f"relapse:signal:{added.id}")).all()
        assert dossier.coordinator_id in told

    assert decide(zvh, ids["application"], decision="accepted", reason="Toch MDA++.").status_code == 422
    with app.app_context():
        assert db.session.get(Application, ids["application"]).stage == "added_to_dossier"
    applicant = page(app, "wijkteam", f"/aanmeldingen/{ids['application']}")
    assert "Als signaal toegevoegd aan het bestaande dossier" in applicant and KNOWN_FAMILY not in applicant
    coordinator = page(app, "regisseur", f"/dossiers/{ids['dossier']}")
    assert "Moeder heeft een blauwe plek op haar arm" in coordinator
    assert "Aanmelding door Wijkteam Voorbeeld-Zuid" in coordinator


def test_who_is_on_the_familys_team_sees_where(app, ids):
    vt = page(app, "veiligthuis", f"/aanmeldingen/{ids['application']}")  # triage member on the team
    assert f'href="/dossiers/{ids["dossier"]}">{KNOWN_FAMILY}</a>' in vt and KNOWN_TO_ZVH not in vt
    assert radar_log(app, dossier_id=ids["dossier"], username="veiligthuis")[0].detail.endswith("shown, same name")

    applicant = page(app, "wijkteam", f"/aanmeldingen/{ids['application']}")
    assert KNOWN_TO_ZVH in applicant and KNOWN_FAMILY not in applicant
    assert "Als signaal toevoegen" not in applicant  # only the triage meeting decides

    coordinator = page(app, "regisseur", f"/dossiers/{ids['dossier']}")  # may not see the application
    assert "Elders bekend" in coordinator and f"{MOTHER_AND_CHILD}</strong> · {KNOWN_TO_ZVH}" in coordinator
    assert REAPPLIED + "<" not in coordinator
    vt_dossier = page(app, "veiligthuis", f"/dossiers/{ids['dossier']}")
    assert f'href="/aanmeldingen/{ids["application"]}">{REAPPLIED}</a>' in vt_dossier
    logged = radar_log(app, object=f"application:{ids['application']}", username="regisseur")
    assert len(logged) == 2 and all("known to the zvh" in e.detail for e in logged)
    # Sanne can be shown who learned that she is known here.
    report = page(app, "regisseur", f"/dossiers/{ids['dossier']}/persons/{ids['persons']['Sanne Bakker']}/inzage")
    assert "Gevonden door de radar" in report and "Veilig Thuis Regio Voorbeeld" in report


def signal_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Signal))


def test_a_report_goes_only_to_a_dossier_the_family_is_known_in(app, ids):
    with app.app_context():
        other = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Öztürk"))
    before = signal_count(app)
    zvh = app.test_client()
    login(zvh, "zvh")
    for chosen in (other, 999999):  # a dossier the family is not known in, one that does not exist
        response = join(zvh, ids["application"], dossier_id=chosen, reason="Bekend gezin.")
        assert response.status_code == 422, chosen
        assert "Kies een dossier waarin dit gezin bekend is" in response.get_data(as_text=True)
    assert join(zvh, ids["application"], dossier_id="x", reason="Bekend gezin.").status_code == 422
    with app.app_context():
        assert db.session.get(Application, ids["application"]).stage == "submitted"
    assert signal_count(app) == before
    outsider = app.test_client()
    login(outsider, "politie")  # neither the applicant nor the triage meeting
    assert join(outsider, ids["application"], dossier_id=ids["dossier"], reason="x").status_code == 404


def test_a_planned_application_can_still_join_and_a_decided_one_no_longer(app, ids):
    zvh = app.test_client()
    login(zvh, "zvh")
    assert plan(zvh, ids["application"]).status_code == 302
    assert join(zvh, ids["application"], dossier_id=ids["dossier"], reason="Bekend.").status_code == 302
    html = zvh.get(f"/aanmeldingen/{ids['application']}").get_data(as_text=True)
    assert "Is dit gezin al bekend?" not in html  # decided: the radar was asked before
    before = signal_count(app)
    response = join(zvh, ids["application"], dossier_id=ids["dossier"], reason="Nog eens.")
    assert response.status_code == 422 and signal_count(app) == before  # decided: the engine refuses


def test_a_coordinator_registering_a_known_person_is_told(app, ids):
    """The coordinator of another family adds a person whom the applicant knew by BSN: the BSN
    decides, whatever the spelling of the name."""
    with app.app_context():
        other = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Öztürk"))
    client = app.test_client()
    login(client, "regisseur")
    response = post_form(client, f"/dossiers/{other}/persons/new", {
        "name": "S. Bakker", "role": "network", "date_of_birth": "", "bsn": "111 222 333"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#radar")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "S. Bakker is ook elders in de regio bekend" in html
    assert f"S. Bakker</strong> · {KNOWN_TO_ZVH}" in html and "zelfde BSN" in html
    response = post_form(client, f"/dossiers/{other}/persons/new", {
        "name": "Sanne Bakker", "role": "network", "date_of_birth": "", "bsn": ""})
    assert response.headers["Location"].endswith("#personen")  # a name alone is no match


def test_two_bsns_decide_on_their_own():
    born = date(1990, 5, 1)
    sanne = Sought("Sanne Bakker", "sanne bakker", born, "111222333")
    found = SimpleNamespace(match_name="sanne bakker", date_of_birth=born, bsn="123456782")
    assert same_person(sanne, found) is None  # the same name and birthday, another person
    assert same_person(sanne, SimpleNamespace(match_name="s bakker", date_of_birth=None, bsn="111222333")) == "bsn"
    assert same_person(sanne, SimpleNamespace(match_name="sanne bakker", date_of_birth=born, bsn=None)) == "name"
    without_birthday = Sought("Sanne Bakker", "sanne bakker", None, None)
    assert same_person(without_birthday, SimpleNamespace(match_name="sanne bakker", date_of_birth=None, bsn=None)) \
        is None


def test_opening_a_dossier_for_a_known_family_asks_first_and_loses_nothing(app, ids):
    client = app.test_client()
    login(client, "wijkteam")
    with app.app_context():
        born = db.session.get(Person, ids["persons"]["Sanne Bakker"]).date_of_birth
    data = {"reference": "Gezin S. Bakker", "summary": "Nieuwe melding.",
            "persons-0-name": "SANNE  BAKKER", "persons-0-role": "victim", "persons-0-date_of_birth": born.isoformat(),
            "reported_on": clock.today().isoformat(), "reporter_kind": "professional", "reporter_organisation_id": "",
            "violence_type": "physical", "description": "Melding bij het wijkteam."}
    asked = post_form(client, "/dossiers/new", data)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Dit gezin is al bekend" in html
    assert f"SANNE  BAKKER</strong> · {KNOWN_TO_ZVH}" in html
    assert 'value="Gezin S. Bakker"' in html and "Melding bij het wijkteam." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == ids["dossiers"]
    opened = client.post("/dossiers/new", data={**data, "second_dossier": "y", "csrf_token": csrf_token(html),
                                                "once": hidden_value(html, "once")})
    assert opened.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == ids["dossiers"] + 1


def test_an_application_with_a_bsn_that_fails_keeps_what_was_typed(app, ids):
    client = app.test_client()
    login(client, "politie")
    before = latest_application_id(app)
    response = apply(client, app, **{"persons-0-bsn": "111222334"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dit BSN is niet geldig: het voldoet niet aan de elfproef." in html
    assert 'value="111222334"' in html and "Herhaald geweld, kinderen getuige." in html
    assert latest_application_id(app) == before


def test_veilig_thuis_records_an_incoming_report_on_a_dossier_it_works_on(app, ids):
    client = app.test_client()
    login(client, "veiligthuis")
    html = client.get(f"/dossiers/{ids['dossier']}").get_data(as_text=True)
    assert f'href="/dossiers/{ids["dossier"]}/signals/new"' in html
    response = post_form(client, f"/dossiers/{ids['dossier']}/signals/new", {
        "reported_on": clock.today().isoformat(), "reporter_kind": "citizen", "reporter_organisation_id": "",
        "violence_type": "psychological", "description": "Een buurvrouw belt Veilig Thuis: opnieuw geschreeuw."})
    assert response.status_code == 302
    with app.app_context():
        signal = db.session.scalar(select(Signal).where(Signal.dossier_id == ids["dossier"])
                                   .order_by(Signal.id.desc()).limit(1))
        assert signal.description.startswith("Een buurvrouw belt") and signal.created_by.username == "veiligthuis"
        assert db.session.get(Dossier, ids["dossier"]).state == "safety"  # recorded as the relapse it is
    with app.app_context():
        pinas = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Pinas"))
    assert client.get(f"/dossiers/{pinas}/signals/new").status_code == 404  # not on that team


def test_the_triage_list_marks_the_known_family_and_only_that(app, ids):
    html = page(app, "zvh", "/triage")
    assert f'{REAPPLIED}</a> <span class="tag tag--acute">bekend gezin</span>' in html
    assert html.count("bekend gezin") == 1  # Gezin Tahiri and Gezin Groenewoud are not known
    logged = radar_log(app, username="zvh", dossier_id=ids["dossier"])
    assert logged and all(e.detail.startswith("radar from triage.list") for e in logged)
