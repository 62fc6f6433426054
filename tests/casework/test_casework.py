"""The dossier page as the workflow's window: step bar, steps with reasons, assessment, holder,
timeline, relapse. Through the Flask test client on a real database."""

from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from tests.support.web import QueryCounter, csrf_token, hidden_value, login, post_form


def demo_dossier(app, reference):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def state_of(app, dossier_id):
    with app.app_context():
        return db.session.get(Dossier, dossier_id).state


def test_step_bar_and_blocked_steps_explain_themselves(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Bakker-Yilmaz")  # phase 1, plan not agreed
    login(client, "regisseur")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert 'aria-current="step"' in html and "Fase 1: veiligheid" in html
    assert "Start fase 2: risicogestuurde zorg" in html
    assert "Er is nog geen veiligheidsplan." in html
    assert "Terugval: nieuw incident of nieuwe melding" in html


def test_partners_see_where_the_case_stands_but_get_no_steps(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Bakker-Yilmaz")
    login(client, "veiligthuis")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "step-bar" in html and "Mogelijke stappen" not in html


def test_refused_step_names_the_guard_and_keeps_the_case(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Bakker-Yilmaz")
    login(client, "regisseur")
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Dossier, dossier_id).version_id
    response = client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": "start_risk_care", "version": version, "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze stap is nu niet mogelijk" in html and "Er is nog geen veiligheidsplan." in html
    assert state_of(app, dossier_id) == "safety"


def test_relapse_with_reason_through_the_page(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Kowalski")  # phase 2
    login(client, "regisseur")
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Dossier, dossier_id).version_id
    refused = client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": "relapse", "version": version, "reason": "", "csrf_token": csrf_token(page)})
    assert refused.status_code == 422 and "Geef een reden op voor deze stap." in refused.get_data(as_text=True)
    moved = client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": "relapse", "version": version, "reason": "Politie-inzet na nieuw incident",
        "csrf_token": csrf_token(page)})
    assert moved.status_code == 302 and state_of(app, dossier_id) == "safety"
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Politie-inzet na nieuw incident" in html


def test_stale_step_form_is_refused(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Kowalski")
    login(client, "regisseur")
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    response = client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": "relapse", "version": "1", "reason": "x", "csrf_token": csrf_token(page)})
    assert response.status_code == 409 and state_of(app, dossier_id) == "risk_care"


def test_new_signal_in_an_active_phase_is_a_relapse(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Kowalski")
    login(client, "regisseur")
    response = post_form(client, f"/dossiers/{dossier_id}/signals/new", {
        "reported_on": clock.today().isoformat(), "reporter_kind": "police", "violence_type": "physical",
        "acute": "y", "description": "Nieuwe melding van de politie."})
    assert response.status_code == 302 and state_of(app, dossier_id) == "safety"
    with app.app_context():
        relapse = db.session.scalar(select(TransitionLog).where(TransitionLog.dossier_id == dossier_id,
                                                                TransitionLog.event == "relapse")
                                    .order_by(TransitionLog.id.desc()).limit(1))
        assert "Nieuwe melding van de politie." in relapse.reason


def test_veilig_thuis_records_the_assessment(app, client, demo):
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.state == "safety_assessment"))
    login(client, "veiligthuis")
    path = f"/dossiers/{dossier_id}/veiligheidsbeoordeling"
    invalid = post_form(client, path, {"route": "mda_plus", "assessed_on": clock.today().isoformat()})
    assert invalid.status_code == 422 and "Kies de uitkomst van de beoordeling." in invalid.get_data(as_text=True)
    response = post_form(client, path, {"outcome": "acute", "route": "investigation",
                                        "assessed_on": clock.today().isoformat(),
                                        "explanation": "Acute dreiging na melding."})
    assert response.status_code == 302
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "acuut onveilig" in html and "Onderzoek" in html


def test_only_veilig_thuis_records_assessments(app, client, demo):
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.state == "safety_assessment"))
    login(client, "regisseur")
    assert client.get(f"/dossiers/{dossier_id}/veiligheidsbeoordeling").status_code == 404


def test_timeline_shows_the_whole_history(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Smit")  # closed
    login(client, "regisseur")
    html = client.get(f"/dossiers/{dossier_id}/tijdlijn").get_data(as_text=True)  # its own page
    timeline = html[html.index('id="tijdlijn"'):]
    for text in ("Start veiligheidsbeoordeling", "Start fase 1: veiligheid (MDA++)", "Casus afsluiten",
                 "Bijdragen aan het veiligheidsplan"):
        assert text in timeline, text


def test_dossier_page_uses_a_fixed_number_of_queries(app, client, demo):
    login(client, "regisseur")
    counts = []
    for reference in ("Gezin Öztürk", "Gezin Smit"):  # an empty history and a full one
        dossier_id = demo_dossier(app, reference)
        client.get(f"/dossiers/{dossier_id}")
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            assert client.get(f"/dossiers/{dossier_id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_stale_or_versionless_legal_hold_is_refused(app, client, demo):
    dossier_id = demo_dossier(app, "Gezin Kowalski")
    login(client, "regisseur")
    path = f"/dossiers/{dossier_id}/bewaartermijn"
    first_tab = client.get(path).get_data(as_text=True)
    second_tab = client.get(path).get_data(as_text=True)
    until = clock.today().replace(year=clock.today().year + 10).isoformat()
    for html, reason in ((first_tab, "Tot het jongste kind 18 is."), (second_tab, "Andere reden.")):
        response = client.post(path, data={"until": until, "reason": reason,
                                           "version": hidden_value(html, "version"), "csrf_token": csrf_token(html)})
    assert response.status_code == 409 and "Andere reden." in response.get_data(as_text=True)
    for version in ("", None):
        data = {"until": until, "reason": "Zonder versie."} | ({} if version is None else {"version": version})
        assert post_form(client, path, data).status_code == 409
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).legal_hold_reason == "Tot het jongste kind 18 is."
