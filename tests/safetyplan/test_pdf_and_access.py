"""The safety plan as a PDF (text extracted with pdftotext), and who may see or change the plan at
all. Through the Flask test client on the demo region."""
import pytest
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.extensions import db
from tests.safetyplan.support import (PARTS, agreement, confirm, dossier_id, org_id, pdf_text, person_id,
                                      plans, save, user_client)
from tests.support.web import csrf_token

FAMILY = "Gezin Bakker-Yilmaz"
NOTES = "Vader ontkent het geweld; gesprek alleen samen met de reclassering."
PART_HEADINGS = (
    "1. Huidige onveilige situatie en grootste zorg", "2. Veiligheidsvoorwaarden", "3. Veiligheidsafspraken",
    "4. Signalen van dreigend gevaar", "5. Wat er gebeurt als afspraken worden nagekomen of geschonden",
    "6. Wie uit het netwerk helpt en controleert", "7. Wie houdt toezicht, wanneer wordt geëvalueerd en met wie")


def words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


@pytest.fixture
def plan(app, demo):
    """Version 1, confirmed by Veilig Thuis and the police; version 2 adds conditions."""
    dossier = dossier_id(app, FAMILY)
    police, sanne = org_id(app, "Politie"), person_id(app, "Sanne Bakker")
    save(user_client(app, "regisseur"), dossier, **PARTS, internal_notes=NOTES,
         **agreement(0, "Politie rijdt extra surveillance langs de woning.", f"org:{police}", "2030-03-02"),
         **agreement(1, "Moeder belt bij dreiging direct 112.", f"person:{sanne}", "2030-03-16"))
    for username in ("veiligthuis", "politie"):
        confirm(user_client(app, username), dossier, 1)
    return dossier


def test_the_pdf_holds_the_whole_plan_with_confirmations_and_page_numbers(app, plan):
    client = user_client(app, "ggz")
    response = client.get(f"/dossiers/{plan}/veiligheidsplan.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert (response.headers["Content-Disposition"]
            == "attachment; filename=veiligheidsplan-gezin-bakker-yilmaz-versie-1.pdf")
    assert response.headers["Cache-Control"] == "no-store"
    text = words(response.data)
    assert "Veiligheidsplan" in text and "Gezin Bakker-Yilmaz" in text and "Versie 1" in text
    for heading in PART_HEADINGS:
        assert heading in text, heading
    for value in PARTS.values():
        assert " ".join(value.split()) in text, value
    assert "Politie rijdt extra surveillance langs de woning." in text and "2 maart 2030" in text
    assert "Sanne Bakker" in text and "bewaakt door Wijkteam" in text
    confirmations = text[text.index("Bevestigd door de partners"):]
    assert "Veilig Thuis Regio Voorbeeld Ingrid Postma" in confirmations
    assert "Politie Eenheid Voorbeeld Rob van Dijk" in confirmations
    assert "Nog niet bevestigd door: Wijkteam Voorbeeld-Noord, GGZ Voorbeeld, Blijf Groep Voorbeeld" in text
    assert "pagina 1 van" in text and "Vertrouwelijk" in text
    assert NOTES in text and "Interne notities van de professionals" in text


def test_the_family_version_leaves_out_the_internal_notes(app, plan):
    client = user_client(app, "regisseur")
    sanne = person_id(app, "Sanne Bakker")
    response = client.get(f"/dossiers/{plan}/veiligheidsplan.pdf?voor={sanne}")
    text = words(response.data)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("-versie-1-voor-sanne-bakker.pdf")
    assert "Voor: Sanne Bakker" in text and "Gezinsversie voor Sanne Bakker" in text
    assert PARTS["danger_statement"] in text
    assert NOTES not in text and "Interne notities" not in text


def test_an_older_version_as_pdf(app, plan):
    saved = save(user_client(app, "veiligthuis"), plan, safety_conditions="Geen fysiek geweld meer.")
    assert saved.status_code == 302
    client = user_client(app, "politie")
    newest = words(client.get(f"/dossiers/{plan}/veiligheidsplan.pdf").data)
    older = words(client.get(f"/dossiers/{plan}/veiligheidsplan.pdf?versie=1").data)
    assert "Versie 2" in newest and "Geen fysiek geweld meer." in newest
    assert "Nog niet bevestigd door" in newest and "Rob van Dijk" not in newest
    assert "Versie 1" in older and "Geen fysiek geweld meer." not in older and "Rob van Dijk" in older
    assert client.get(f"/dossiers/{plan}/veiligheidsplan.pdf?versie=7").status_code == 404


def test_the_download_is_logged_as_an_export_with_the_person_it_was_made_for(app, plan):
    sanne = person_id(app, "Sanne Bakker")
    user_client(app, "opvang").get(f"/dossiers/{plan}/veiligheidsplan.pdf?voor={sanne}")
    with app.app_context():
        entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "export")
                                  .order_by(AccessLogEntry.id.desc()).limit(1))
        assert entry.dossier_id == plan and entry.username == "opvang" and entry.outcome == "allowed"
        assert entry.object == "safety_plan.pdf" and "version 1" in entry.detail and "family" in entry.detail
        assert entry.person_id == sanne


ROUTES = ("/veiligheidsplan", "/veiligheidsplan?versie=1", "/veiligheidsplan/bewerken", "/veiligheidsplan/versies",
          "/veiligheidsplan/vergelijken", "/veiligheidsplan.pdf", "/veiligheidsplan.pdf?voor=gezin")


def test_who_is_not_on_the_team_gets_the_same_404_as_for_a_missing_dossier(app, plan):
    for username in ("reclassering", "school", "stuurgroep", "buiten", "beheer"):
        client = user_client(app, username)
        for route in ROUTES:
            assert client.get(f"/dossiers/{plan}{route}").status_code == 404, (username, route)
            assert client.get(f"/dossiers/999999{route}").status_code == 404, (username, route)
        token = csrf_token(client.get("/taken").get_data(as_text=True))
        for route in ("/veiligheidsplan/bewerken", "/veiligheidsplan/bevestigen"):
            response = client.post(f"/dossiers/{plan}{route}", data={
                "csrf_token": token, "version": 1, "based_on": 1, "danger_statement": "x"})
            assert response.status_code == 404, (username, route)
        with app.app_context():
            denied = db.session.scalars(select(AccessLogEntry.object).where(
                AccessLogEntry.username == username, AccessLogEntry.dossier_id == plan,
                AccessLogEntry.outcome == "denied")).all()
        assert {"plan.export", "plan.edit", "plan.confirm"} <= set(denied), username
    assert len(plans(app, plan)) == 1 and len(plans(app, plan)[0].confirmations) == 2


def test_every_partner_on_the_team_reads_the_plan(app, plan):
    for username in ("veiligthuis", "politie", "ggz", "opvang"):
        html = user_client(app, username).get(f"/dossiers/{plan}/veiligheidsplan").get_data(as_text=True)
        assert NOTES in html and "Politie rijdt extra surveillance" in html, username


def test_the_plan_of_a_closed_dossier_can_be_read_but_not_changed(app, demo):
    dossier = dossier_id(app, "Gezin Smit")
    client = user_client(app, "regisseur")
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    section = page[page.index('id="veiligheidsplan"'):]
    assert "Huidige versie: 1" in section and "Nieuwe versie maken" not in section
    response = client.get(f"/dossiers/{dossier}/veiligheidsplan/bewerken")
    assert response.status_code == 302
    assert "kan niet meer worden gewijzigd" in client.get(response.location).get_data(as_text=True)
    text = words(client.get(f"/dossiers/{dossier}/veiligheidsplan.pdf").data)
    assert "Deze versie is door elke partner in het team bevestigd." in text


def test_the_pdf_needs_the_password_again_after_five_minutes(app, demo):
    from datetime import timedelta

    from sqlalchemy import select

    from mda.auth.models import UserSession
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from mda.types import utcnow
    from tests.support.web import login

    client = app.test_client()
    login(client, "regisseur")
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Kowalski"))
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
    response = client.get(f"/dossiers/{dossier_id}/veiligheidsplan.pdf")
    assert response.status_code == 302 and response.headers["Location"].startswith("/herbevestigen")


def test_every_demo_plan_has_agreements_that_are_tasks(app, demo):
    from mda.safetyplan.models import SafetyPlan
    from mda.tasks.models import Task
    from mda.demo.monitor_history import REFERENCES as CLOSED_BEFORE  # set up closed, for the monitor only
    from mda.dossiers.models import Dossier
    with app.app_context():
        plans_ = db.session.scalars(select(SafetyPlan).join(Dossier, Dossier.id == SafetyPlan.dossier_id)
                                    .where(Dossier.reference.not_in(CLOSED_BEFORE))).all()
        assert plans_
        for row in plans_:
            assert len(row.agreements) >= 3, row.dossier_id
            for item in row.agreements:
                assert item.due_on and (item.responsible_organisation_id or item.responsible_person_id)
                task = db.session.get(Task, item.task_id)
                assert task.kind == "safety_agreement" and task.dossier_id == row.dossier_id
        kowalski = db.session.scalar(select(SafetyPlan).join(SafetyPlan.agreements).where(
            SafetyPlan.dossier_id == dossier_id(app, "Gezin Kowalski")))
    text = words(user_client(app, "regisseur").get(f"/dossiers/{kowalski.dossier_id}/veiligheidsplan.pdf").data)
    assert "Nog geen afspraken" not in text and "De casusregisseur bespreekt het plan met het gezin" in text
