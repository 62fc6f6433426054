"""Applying for MDA++, triage and its outcome, through the Flask test client on the demo region."""
from datetime import timedelta

from sqlalchemy import delete, func, select

from mda.core import clock
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.intake.models import Application
from tests.intake.support import (FAMILY, PERSONS, apply, decide, dossier_id, form_data, latest_application_id,
                                  org_id, plan, user_id)
from tests.support.web import login, post_form


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def submitted(app, client, username="politie") -> int:
    login(client, username)
    response = apply(client, app)
    assert response.status_code == 302, response.get_data(as_text=True)
    return latest_application_id(app)


def test_a_draft_is_saved_and_submitted_later(app, client, demo):
    login(client, "politie")
    response = apply(client, app, action="draft", criteria=False, reason="")
    assert response.status_code == 302
    application_id = latest_application_id(app)
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Concept" in page and "alleen uw organisatie" in page
    with app.app_context():
        version = db.session.get(Application, application_id).version_id
    response = post_form(client, f"/aanmeldingen/{application_id}/wijzigen",
                         form_data(app, version=version))
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Application, application_id)
        assert row.stage == "submitted" and row.submitted_at is not None
        assert {c.criterion for c in row.criteria} == {"incidents_repeat", "escalation_risk"}
        assert [p.name for p in row.persons] == list(PERSONS)
    assert client.get(f"/aanmeldingen/{application_id}/wijzigen").status_code == 404


def test_an_application_without_a_criterion_is_refused_and_nothing_is_saved(app, client, demo):
    login(client, "politie")
    before = count(app, Application)
    response = apply(client, app, criteria=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vink minstens één MDA++-criterium aan" in html
    assert FAMILY in html and "Herhaald geweld, kinderen getuige." in html  # the input is kept
    assert count(app, Application) == before


def test_a_ticked_criterion_needs_an_explanation(app, client, demo):
    login(client, "politie")
    response = apply(client, app, explanation_escalation_risk="")
    assert response.status_code == 422
    assert "Licht kort toe waarom dit criterium van toepassing is." in response.get_data(as_text=True)


def test_the_triage_list_shows_submitted_applications_oldest_first_with_days_waiting(app, client, demo):
    submitted(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    html = triage.get("/triage").get_data(as_text=True)
    assert html.index("Gezin Tahiri") < html.index("Gezin Groenewoud") < html.index(FAMILY)
    assert "9 dagen" in html and "0 dagen" in html
    assert "Gezin Zwanenburg" not in html  # a draft stays with its organisation
    for username in ("politie", "regisseur", "ggz", "school"):
        other = app.test_client()
        login(other, username)
        assert other.get("/triage").status_code == 404, username


def test_accepted_application_opens_the_dossier_with_coordinator_persons_signal_and_team(app, client, demo):
    application_id = submitted(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    assert decide(triage, application_id, decision="accepted", reason="Voldoet.").status_code == 422  # not planned
    assert plan(triage, application_id, clock.today() - timedelta(days=1)).status_code == 422
    assert plan(triage, application_id).status_code == 302
    politie, vt, ggz = (org_id(app, n) for n in ("Politie Eenheid Voorbeeld", "Veilig Thuis Regio Voorbeeld",
                                                 "GGZ Voorbeeld"))
    response = decide(triage, application_id, decision="accepted", reason="Structureel onveilig.",
                      coordinator_id=user_id(app, "regisseur"), partner_ids=[politie, vt, ggz])
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(Application, application_id)
        dossier = db.session.get(Dossier, row.dossier_id)
        assert row.stage == "accepted" and dossier.reference == FAMILY
        assert dossier.coordinator.username == "regisseur" and dossier.summary == row.reason
        assert [p.name for p in dossier.persons] == list(PERSONS)
        (signal,) = dossier.signals
        assert signal.violence_type == "physical" and signal.acute and signal.reporter_organisation_id == politie
        statuses = {m.organisation.name: m.status for m in dossier.memberships}
        assert statuses == {"Wijkteam Voorbeeld-Noord": "active", "Politie Eenheid Voorbeeld": "invited",
                            "Veilig Thuis Regio Voorbeeld": "invited", "GGZ Voorbeeld": "invited"}
        new_id = dossier.id
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    assert coordinator.get(f"/dossiers/{new_id}").status_code == 200
    html = coordinator.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Casusoverleg plannen" in html


def test_not_accepted_gives_the_applicant_the_advice(app, client, demo):
    application_id = submitted(app, client)
    triage = app.test_client()
    login(triage, "veiligthuis")
    plan(triage, application_id)
    refused = decide(triage, application_id, decision="not_accepted", reason="", advice="")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Geef de reden van het besluit" in html and "Geef een advies over een andere route" in html
    with app.app_context():
        assert db.session.get(Application, application_id).stage == "planned"
    response = decide(triage, application_id, decision="not_accepted", reason="Geen structurele onveiligheid.",
                      advice="Voorwaarden en Vervolg door Veilig Thuis.")
    assert response.status_code == 302
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Niet geaccepteerd" in page and "Voorwaarden en Vervolg door Veilig Thuis." in page
    listing = client.get("/aanmeldingen").get_data(as_text=True)
    assert FAMILY in listing and "Niet geaccepteerd" in listing
    with app.app_context():
        assert db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY)) is None


def test_accepting_needs_a_coordinator_and_a_partner(app, client, demo):
    application_id = submitted(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    plan(triage, application_id)
    response = decide(triage, application_id, decision="accepted", reason="Voldoet.", partner_ids=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Wijs een casusregisseur" in html and "Stel minstens één partnerorganisatie voor" in html
    outside = org_id(app, "Wijkteam Elders-Centrum")
    response = decide(triage, application_id, decision="accepted", reason="Voldoet.",
                      coordinator_id=user_id(app, "buiten"), partner_ids=[outside])
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Application, application_id).stage == "planned"


def test_the_applicant_sees_the_outcome_but_not_the_dossier_until_on_the_team(app, client, demo):
    application_id = submitted(app, client, "ggz")
    triage = app.test_client()
    login(triage, "zvh")
    plan(triage, application_id)
    vt = org_id(app, "Veilig Thuis Regio Voorbeeld")
    decide(triage, application_id, decision="accepted", reason="Voldoet.", coordinator_id=user_id(app, "wijkteam"),
           partner_ids=[vt])
    new_id = dossier_id(app, FAMILY)
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Geaccepteerd voor MDA++" in page and "Youssef Amrani" in page
    assert f"/dossiers/{new_id}" not in page
    assert client.get(f"/dossiers/{new_id}").status_code == 404
    with app.app_context():
        membership = TeamMembership(dossier_id=new_id, organisation_id=org_id(app, "GGZ Voorbeeld"), team_role="care",
                                    legal_basis="consent", status="active")
        db.session.add(membership)
        db.session.commit()
    assert client.get(f"/dossiers/{new_id}").status_code == 200
    assert f"/dossiers/{new_id}" in client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)


def test_others_cannot_see_an_application(app, client, demo):
    application_id = submitted(app, client)
    for username, status in (("opvang", 404), ("school", 404), ("buiten", 404), ("zvh", 200), ("veiligthuis", 200),
                             ("politie", 200)):
        other = app.test_client()
        login(other, username)
        assert other.get(f"/aanmeldingen/{application_id}").status_code == status, username
    with app.app_context():
        draft = db.session.scalar(select(Application.id).where(Application.family_reference == "Gezin Zwanenburg"))
    triage = app.test_client()
    login(triage, "zvh")
    assert triage.get(f"/aanmeldingen/{draft}").status_code == 404


def test_an_existing_dossier_is_linked_and_the_family_told_is_recorded(app, client, demo):
    login(client, "regisseur")
    oztürk = dossier_id(app, "Gezin Öztürk")
    with app.app_context():  # as if the family had been registered without the demo's application
        db.session.execute(delete(Application).where(Application.dossier_id == oztürk))
        db.session.commit()
    html = client.get(f"/aanmeldingen/nieuw?dossier={oztürk}").get_data(as_text=True)
    assert "Zeynep Öztürk" in html  # the persons come from the dossier
    data = form_data(app, family_reference="")
    for index in range(3):
        data.pop(f"persons-{index}-name"), data.pop(f"persons-{index}-role"), data.pop(f"persons-{index}-date_of_birth")
    data.update({"persons-0-name": "Zeynep Öztürk", "persons-0-role": "victim"})
    response = post_form(client, f"/aanmeldingen/nieuw?dossier={oztürk}", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    application_id = latest_application_id(app)
    again = post_form(client, f"/aanmeldingen/nieuw?dossier={oztürk}", data)
    assert again.status_code == 422 and "kan niet worden aangemeld" in again.get_data(as_text=True)
    triage = app.test_client()
    login(triage, "zvh")
    plan(triage, application_id)
    assert decide(triage, application_id, decision="accepted", reason="Voldoet.",
                  partner_ids=[org_id(app, "Veilig Thuis Regio Voorbeeld")]).status_code == 302
    with app.app_context():
        assert db.session.get(Application, application_id).dossier_id == oztürk
        assert db.session.scalar(select(func.count(Dossier.id)).where(Dossier.reference == "Gezin Öztürk")) == 1
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    from tests.support.web import csrf_token
    refused = client.post(f"/aanmeldingen/{application_id}/gezin", data={
        "family-informed": "not_yet", "family-reason": "", "family-version": _version(app, application_id),
        "csrf_token": csrf_token(page)})
    assert refused.status_code == 422
    assert "Geef de reden waarom het gezin nog niet is ingelicht." in refused.get_data(as_text=True)
    response = client.post(f"/aanmeldingen/{application_id}/gezin", data={
        "family-informed": "not_yet", "family-reason": "Lopend strafrechtelijk onderzoek.",
        "family-version": _version(app, application_id), "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "Lopend strafrechtelijk onderzoek." in client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)


def _version(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).version_id


def test_a_stale_decision_is_refused(app, client, demo):
    application_id = submitted(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    plan(triage, application_id)
    response = decide(triage, application_id, decision="not_accepted", reason="x", advice="y", version="1")
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Application, application_id).stage == "planned"


def test_an_application_edit_without_a_version_is_refused_as_stale(app, client, demo):
    login(client, "politie")
    assert apply(client, app, action="draft").status_code == 302
    application_id = latest_application_id(app)
    for version in ("", None):
        data = form_data(app, action="draft", reason="Overschreven?")
        if version is not None:
            data["version"] = version
        response = post_form(client, f"/aanmeldingen/{application_id}/wijzigen", data)
        assert response.status_code == 409 and "Overschreven?" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).reason == "Herhaald geweld, kinderen getuige."
