"""Closing that holds, as the coordinator, the holder and a partner live it in the browser: through the
Flask test client, with CSRF tokens, on a real database."""
from datetime import timedelta

from sqlalchemy import select

from mda.closing.models import Handover, ReopeningDecision
from mda.core import clock
from mda.dossiers.models import Dossier, Signal
from mda.engine.models import TransitionLog
from mda.tasks.models import Task
from mda.extensions import db
from tests.closing.conftest import PASSWORD
from tests.support.web import csrf_token, hidden_value, login, post_form


def enter(client, username):
    """The test client as ``username``: a browser of their own, logged in."""
    browser = client.application.test_client()
    login(browser, username, PASSWORD)
    return browser


def state(app, dossier_id):
    with app.app_context():
        return db.session.get(Dossier, dossier_id).state


def step(client, dossier_id, event, reason=""):
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    return client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": event, "reason": reason, "version": hidden_value(page, "version"), "csrf_token": csrf_token(page)})


def propose(client, dossier_id, **values):
    until = (clock.today() + timedelta(days=365)).isoformat()
    data = {"organisation_id": "", "watches": "Of de afspraken uit het veiligheidsplan worden nagekomen.",
            "frequency": "monthly", "until": until} | values
    return post_form(client, f"/dossiers/{dossier_id}/zicht-op-veiligheid/overdragen", data,
                     token_page=f"/dossiers/{dossier_id}/zicht-op-veiligheid")


def answer(client, dossier_id, handover_id, step_name, **data):
    page = client.get(f"/dossiers/{dossier_id}/zicht-op-veiligheid").get_data(as_text=True)
    return client.post(f"/dossiers/{dossier_id}/zicht-op-veiligheid/{handover_id}/{step_name}",
                       data={**data, "version": hidden_value(page, "version"), "csrf_token": csrf_token(page)})


def handover_of(app, dossier_id):
    with app.app_context():
        return db.session.scalar(select(Handover.id).where(Handover.dossier_id == dossier_id)
                                 .order_by(Handover.id.desc()).limit(1))


def test_closing_without_an_accepted_handover_says_why_and_changes_nothing(app, client, ids):
    client = enter(client, "coord")
    response = step(client, ids.case, "close")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geen organisatie heeft zicht op veiligheid aanvaard" in html and "monitoringsafspraak" in html
    assert state(app, ids.case) == "monitoring"
    with app.app_context():
        assert db.session.scalar(select(TransitionLog.id).where(TransitionLog.event == "close")) is None


def test_the_holder_accepts_the_agreement_and_then_the_case_closes(app, client, ids):
    client = enter(client, "coord")
    page = client.get(f"/dossiers/{ids.case}/zicht-op-veiligheid").get_data(as_text=True)
    assert "Veilig Thuis Test" in page and "Openbaar Ministerie Test" not in page.split('id="overdragen"')[1]
    invalid = propose(client, ids.case, organisation_id=ids.vt, frequency="", until=clock.today().isoformat(),
                      watches="")
    html = invalid.get_data(as_text=True)
    assert invalid.status_code == 422
    for message in ("Beschrijf wat de organisatie in het oog houdt.", "Kies hoe vaak de organisatie kijkt.",
                    "De monitoringsafspraak moet lopen tot een datum na vandaag."):
        assert message in html
    crafted = propose(client, ids.case, organisation_id=ids.om)  # the prosecutor is not offered
    assert crafted.status_code == 422 and handover_of(app, ids.case) is None
    assert propose(client, ids.case, organisation_id=ids.vt).status_code == 302
    second = propose(client, ids.case, organisation_id=ids.team)
    assert second.status_code == 422
    assert "Zicht op veiligheid is al overgedragen aan Veilig Thuis Test" in second.get_data(as_text=True)
    dossier_page = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "Veilig Thuis Test, nog niet aanvaard" in dossier_page
    refused = step(client, ids.case, "close").get_data(as_text=True)
    assert "Veilig Thuis Test heeft de overdracht van zicht op veiligheid" in refused

    client = enter(client, "vt")
    handover_id = handover_of(app, ids.case)
    page = client.get(f"/dossiers/{ids.case}/zicht-op-veiligheid").get_data(as_text=True)
    assert "Zicht op veiligheid aanvaarden" in page and "elke maand" in page
    assert answer(client, ids.case, handover_id, "aanvaarden").status_code == 302

    client = enter(client, "coord")
    dossier_page = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "Veilig Thuis Test (aanvaard op" in dossier_page and "kijkt elke maand" in dossier_page
    assert step(client, ids.case, "close").status_code == 302
    assert state(app, ids.case) == "closed"


def test_declining_needs_a_reason_that_the_coordinator_reads(app, client, ids):
    client = enter(client, "coord")
    propose(client, ids.case, organisation_id=ids.vt)
    handover_id = handover_of(app, ids.case)
    client = enter(client, "vt")
    empty = answer(client, ids.case, handover_id, "afwijzen", decline_reason="")
    assert empty.status_code == 422 and "Geef aan waarom uw organisatie afwijst" in empty.get_data(as_text=True)
    assert answer(client, ids.case, handover_id, "afwijzen", decline_reason="Geen capaciteit.").status_code == 302
    client = enter(client, "coord")
    html = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "Afgewezen door Veilig Thuis Test: Geen capaciteit." in html
    assert client.get("/inbox").status_code == 200


def test_only_the_named_organisation_answers(app, client, ids):
    client = enter(client, "coord")
    propose(client, ids.case, organisation_id=ids.vt)
    handover_id = handover_of(app, ids.case)
    client = enter(client, "agent")
    page = client.get(f"/dossiers/{ids.case}/zicht-op-veiligheid").get_data(as_text=True)
    assert "Zicht op veiligheid aanvaarden" not in page
    token = csrf_token(client.get(f"/dossiers/{ids.case}").get_data(as_text=True))
    response = client.post(f"/dossiers/{ids.case}/zicht-op-veiligheid/{handover_id}/aanvaarden",
                           data={"csrf_token": token, "version": "1"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Handover, handover_id).state == "proposed"


def close_with_vt(app, client, ids):
    client = enter(client, "coord")
    propose(client, ids.case, organisation_id=ids.vt)
    client = enter(client, "vt")
    answer(client, ids.case, handover_of(app, ids.case), "aanvaarden")
    client = enter(client, "coord")
    assert step(client, ids.case, "close").status_code == 302


def report(client, dossier_id, description):
    return post_form(client, f"/dossiers/{dossier_id}/signals/new", {
        "reported_on": clock.today().isoformat(), "reporter_kind": "police", "violence_type": "physical",
        "acute": "y", "description": description, "incident": "new"})  # each a new incident


def decide(client, dossier_id, **data):
    page = client.get(f"/dossiers/{dossier_id}/heropenen").get_data(as_text=True)
    return client.post(f"/dossiers/{dossier_id}/heropenen/besluit", data={
        **data, "version": hidden_value(page, "version"), "csrf_token": csrf_token(page)})


def test_a_re_report_is_decided_by_the_holder_kept_closed_or_reopened(app, client, ids):
    close_with_vt(app, client, ids)
    client = enter(client, "agent")
    assert report(client, ids.case, "Nieuwe ruzie na de afsluiting.").status_code == 302
    assert state(app, ids.case) == "closed"
    with app.app_context():
        signal = db.session.scalar(select(Signal).where(Signal.dossier_id == ids.case).order_by(Signal.id.desc()))
        assert signal.dossier_closed_on == clock.today()
    page = client.get(f"/dossiers/{ids.case}/heropenen")
    assert page.status_code == 200 and 'name="decision"' not in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    assert client.post(f"/dossiers/{ids.case}/heropenen/besluit", data={
        "decision": "reopen", "reason": "x", "csrf_token": token}).status_code == 404

    client = enter(client, "vt")
    dossier_page = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "Na de afsluiting is een nieuwe melding binnengekomen" in dossier_page
    assert "Naar het besluit over heropenen" in dossier_page
    tasks = client.get("/taken").get_data(as_text=True)
    assert "Besluiten over heropenen: nieuwe melding van" in tasks
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.kind == "reopening_decision",
                                                          Task.organisation_id == ids.vt))
    task_page = client.get(f"/taken/{task_id}").get_data(as_text=True)
    assert f'href="/dossiers/{ids.case}/heropenen"' in task_page
    empty = decide(client, ids.case, decision="keep_closed", reason="")
    assert empty.status_code == 422 and "Geef de reden van het besluit." in empty.get_data(as_text=True)
    kept = decide(client, ids.case, decision="keep_closed", reason="Eenmalig; het netwerk greep in.")
    assert kept.status_code == 302 and state(app, ids.case) == "closed"
    assert "Eenmalig; het netwerk greep in." in client.get(f"/dossiers/{ids.case}/heropenen").get_data(as_text=True)

    client = enter(client, "agent")
    report(client, ids.case, "Opnieuw politie ter plaatse.")
    client = enter(client, "vt")
    reopened = decide(client, ids.case, decision="reopen", reason="Het geweld is terug.")
    assert reopened.status_code == 302 and state(app, ids.case) == "safety"
    html = client.get(f"/dossiers/{ids.case}/tijdlijn").get_data(as_text=True)
    timeline = html[html.index('id="tijdlijn"'):]
    for text in ("Heropenen na een nieuwe melding: terug naar fase 1: Fase 1: veiligheid", "Het geweld is terug.",
                 "Casus afsluiten", "Niet heropenen", "Zicht op veiligheid aanvaarden: Veilig Thuis Test"):
        assert text in timeline, text
    with app.app_context():
        assert [row.state for row in db.session.scalars(select(ReopeningDecision).order_by(ReopeningDecision.id))] \
            == ["kept_closed", "reopened"]
    late = post_form(client, f"/dossiers/{ids.case}/heropenen/besluit", {"decision": "reopen", "reason": "Nog eens."},
                     token_page=f"/dossiers/{ids.case}/heropenen")
    assert late.status_code == 409 and "Over deze nieuwe melding is al besloten." in late.get_data(as_text=True)
