"""The steps on a task, per organisation: accept, complete, decline, reassign, cancel."""
from datetime import timedelta

from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.extensions import db
from mda.reviews.models import RiskAssessment
from mda.tasks.models import Task
from tests.support.web import csrf_token, login, masked, next_second_for_tokens, post_form
from tests.tasks.conftest import PASSWORD, get_task

RIHG_LINK = 'href="/dossiers/{dossier}/risicotaxaties/nieuw?instrument=rihg"'


def log_rows(app, **filters):
    with app.app_context():
        stmt = select(AccessLogEntry).filter_by(**filters).order_by(AccessLogEntry.id)
        return list(db.session.scalars(stmt))


def tasks_of(app, organisation_id, kind=None):
    with app.app_context():
        stmt = select(Task).where(Task.organisation_id == organisation_id)
        if kind:
            stmt = stmt.where(Task.kind == kind)
        rows = list(db.session.scalars(stmt.order_by(Task.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def record_rihg(client, dossier_id, **counts):
    """The police record the RiHG in the dossier with the signals per part (as on the RiHG form)."""
    path = f"/dossiers/{dossier_id}/risicotaxaties/nieuw?instrument=rihg"
    return post_form(client, path, {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(), "level": counts.pop("level", "high"),
        "outcome": counts.pop("outcome", "RiHG afgenomen bij beide ouders."),
        **{f"item_{code}": str(value) for code, value in counts.items()}})


def test_police_complete_their_rihg_task_by_recording_the_rihg(app, client, region_setup):
    rihg, police, dossier = region_setup["rihg"], region_setup["police"], region_setup["dossier"]
    login(client, "agent", PASSWORD)
    page = f"/taken/{rihg}"
    response = post_form(client, page, {"event": "accept", "version": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert RIHG_LINK.format(dossier=dossier) in html and "Geaccepteerd" in html
    response = record_rihg(client, dossier, perpetrator_red=2, perpetrator_blue=1, family_yellow=3)
    assert response.status_code == 302
    task = get_task(app, rihg)
    assert task.state == "done" and task.result == "Risicotaxatie (RiHG) vastgelegd in het dossier."
    with app.app_context():
        assessment = db.session.scalars(select(RiskAssessment)).one()
        assert (assessment.instrument, assessment.level, assessment.points_to_restraining_order,
                assessment.organisation_id, assessment.assessed_on) == ("rihg", "high", True, police, clock.today())
        assert assessment.answer_map() == {"perpetrator_red": "2", "perpetrator_blue": "1", "family_yellow": "3"}
    [order] = tasks_of(app, police, "restraining_order")
    assert order.state == "open" and order.dossier_id == dossier
    listing = client.get("/taken").get_data(as_text=True)
    assert "Huisverbod overwegen: de RiHG van" in listing and f'href="/taken/{order.id}"' in listing
    created = [e.object for e in log_rows(app, username="agent", action="create")]
    assert created == [f"risk_assessment:{assessment.id}"]


def test_a_rihg_without_two_reds_in_a_part_adds_no_restraining_order_task(app, client, region_setup):
    login(client, "agent", PASSWORD)
    response = record_rihg(client, region_setup["dossier"], level="moderate", perpetrator_red=1, incident_red=1,
                           incident_blue=5)
    assert response.status_code == 302
    assert get_task(app, region_setup["rihg"]).state == "done"
    with app.app_context():
        assert db.session.scalars(select(RiskAssessment)).one().points_to_restraining_order is False
    assert tasks_of(app, region_setup["police"], "restraining_order") == []


def test_a_rihg_task_is_not_completed_without_the_rihg(app, client, region_setup):
    rihg = region_setup["rihg"]
    login(client, "agent", PASSWORD)
    page = f"/taken/{rihg}"
    post_form(client, page, {"event": "accept", "version": "1"})
    response = post_form(client, page, {"event": "complete", "version": "2", "result": "Afgenomen."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Een risicotaxatie van de politie rondt u af door de RiHG met zijn signalen vast te leggen in het "
            "dossier.") in html
    assert get_task(app, rihg).state == "accepted"
    with app.app_context():
        assert db.session.scalar(select(func.count(RiskAssessment.id))) == 0


def test_completing_without_result_and_declining_without_reason_are_refused(app, client, region_setup):
    task_id = region_setup["police_contribution"]
    login(client, "agent", PASSWORD)
    page = f"/taken/{task_id}"
    post_form(client, page, {"event": "accept", "version": "1"})
    before = get_task(app, task_id)
    response = post_form(client, page, {"event": "complete", "version": "2", "result": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Beschrijf kort het resultaat van de taak." in html and 'href="#complete-result"' in html
    response = post_form(client, page, {"event": "decline", "version": "2", "reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geef een reden op voor deze stap." in html and 'href="#decline-reason"' in html
    after = get_task(app, task_id)
    assert (after.state, after.version_id, after.result, after.decline_reason) == (
        "accepted", before.version_id, "", "")


def test_vt_declines_and_the_coordinator_gives_the_task_to_another_partner(app, client, region_setup):
    task_id, care = region_setup["vt_contribution"], region_setup["care"]
    login(client, "vt", PASSWORD)
    page = f"/taken/{task_id}"
    response = post_form(client, page, {"event": "decline", "version": "1",
                                        "reason": "Geen capaciteit deze maand."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/taken")
    assert get_task(app, task_id).state == "declined"
    listing = client.get("/taken").get_data(as_text=True)
    assert "Afgewezen" in listing and "opnieuw-toewijzen" not in listing

    coordinator = app.test_client()
    login(coordinator, "coord", PASSWORD)
    listing = coordinator.get("/taken").get_data(as_text=True)
    start = listing.index('id="opnieuw-toewijzen"')
    waiting = listing[start:listing.index("</section>", start)]
    assert "Geen capaciteit deze maand." in waiting and "Veilig Thuis Test" in waiting
    assert f"/taken/{task_id}#stap-reassign" in waiting

    html = coordinator.get(page).get_data(as_text=True)
    select_start = html.index('id="reassign-organisation_id"')
    options = html[select_start:html.index("</select>", select_start)]
    assert "GGZ Test" in options and "Politie Test" in options and "Veilig Thuis Test" not in options
    assert "Reclassering Test" not in options

    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    response = post_form(coordinator, page, {"event": "reassign", "version": "2",
                                             "organisation_id": str(care), "due_on": yesterday})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "De uiterste datum kan niet vóór vandaag liggen." in html and 'href="#reassign-due_on"' in html
    assert get_task(app, task_id).state == "declined"

    due = clock.today() + timedelta(days=7)
    response = post_form(coordinator, page, {"event": "reassign", "version": "2",
                                             "organisation_id": str(care), "due_on": due.isoformat()})
    assert response.status_code == 302
    assert get_task(app, task_id).state == "reassigned"
    [successor] = [t for t in tasks_of(app, care) if t.replaces_id == task_id]
    assert (successor.state, successor.due_on, successor.kind) == ("open", due, "safety_plan_contribution")
    assert "GGZ Test" in coordinator.get("/taken").get_data(as_text=True)

    partner = app.test_client()
    login(partner, "ggz", PASSWORD)
    listing = partner.get("/taken").get_data(as_text=True)
    assert f'href="/taken/{successor.id}"' in listing


def test_reassigning_to_an_organisation_off_the_team_is_refused(app, client, region_setup):
    task_id = region_setup["vt_contribution"]
    login(client, "vt", PASSWORD)
    post_form(client, f"/taken/{task_id}", {"event": "decline", "version": "1", "reason": "Niet aan ons."})
    login(coordinator := app.test_client(), "coord", PASSWORD)
    response = post_form(coordinator, f"/taken/{task_id}", {
        "event": "reassign", "version": "2", "organisation_id": str(region_setup["probation"]),
        "due_on": (clock.today() + timedelta(days=3)).isoformat()})
    assert response.status_code == 422
    assert "Kies een van de organisaties in het team." in response.get_data(as_text=True)
    assert get_task(app, task_id).state == "declined"


def test_the_coordinator_cancels_a_task_with_a_reason(app, client, region_setup):
    task_id = region_setup["vt_contribution"]
    login(client, "coord", PASSWORD)
    page = f"/taken/{task_id}"
    response = post_form(client, page, {"event": "cancel", "version": "1", "reason": ""})
    assert response.status_code == 422
    assert "Geef een reden op voor deze stap." in response.get_data(as_text=True)
    response = post_form(client, page, {"event": "cancel", "version": "1", "reason": "Dubbele taak."})
    assert response.status_code == 302
    assert get_task(app, task_id).state == "cancelled"
    login(partner := app.test_client(), "vt", PASSWORD)
    html = partner.get("/taken").get_data(as_text=True)
    start = html.index('id="afgesloten"')
    assert "Ingetrokken" in html[start:]


def test_a_step_the_user_may_not_take_is_refused_with_the_engines_reasons(app, client, region_setup):
    task_id = region_setup["vt_contribution"]
    login(client, "coord", PASSWORD)
    html = client.get(f"/taken/{task_id}").get_data(as_text=True)
    assert "U heeft geen recht om deze stap te zetten." in html  # accept and decline are listed as blocked
    response = post_form(client, f"/taken/{task_id}", {"event": "accept", "version": "1"})
    assert response.status_code == 422
    assert "U heeft geen recht om deze stap te zetten." in response.get_data(as_text=True)
    assert get_task(app, task_id).state == "open"
    denied = log_rows(app, username="coord", outcome="denied", object=f"task.accept:{task_id}")
    assert denied


def test_another_organisations_task_answers_404_like_a_missing_one(app, client, region_setup, monkeypatch):
    task_id = region_setup["vt_contribution"]
    login(client, "agent", PASSWORD)
    forbidden = client.get(f"/taken/{task_id}")
    next_second_for_tokens(monkeypatch)
    missing = client.get("/taken/999999")
    assert forbidden.status_code == missing.status_code == 404
    assert (masked(forbidden.get_data(as_text=True)).replace(f"/taken/{task_id}", "/X")
            == masked(missing.get_data(as_text=True)).replace("/taken/999999", "/X"))
    token = csrf_token(client.get("/taken").get_data(as_text=True))
    response = client.post(f"/taken/{task_id}", data={"event": "complete", "version": "1",
                                                      "result": "Klaar.", "csrf_token": token})
    assert response.status_code == 404
    assert get_task(app, task_id).state == "open"
    denied = log_rows(app, username="agent", outcome="denied")
    assert {e.object for e in denied} >= {f"task:{task_id}", "task:999999"}


def test_reading_a_task_is_logged_with_its_dossier_and_person(app, client, region_setup):
    task_id = region_setup["school_signal"]
    login(client, "juf", PASSWORD)
    client.get(f"/taken/{task_id}")
    [entry] = log_rows(app, username="juf", action="view", object=f"task:{task_id}")
    assert entry.dossier_id == region_setup["dossier"] and entry.person_id == region_setup["child"]
    post_form(client, f"/taken/{task_id}", {"event": "confirm", "version": "1"})
    changes = [e.object for e in log_rows(app, username="juf", action="update", outcome="allowed")]
    assert changes == [f"task.confirm:{task_id}"]


def test_a_stale_step_is_refused_and_keeps_what_was_typed(app, client, region_setup):
    task_id = region_setup["rihg"]
    page = f"/taken/{task_id}"
    login(client, "agent", PASSWORD)
    other = app.test_client()
    login(other, "agent", PASSWORD)
    stale_page = other.get(page).get_data(as_text=True)
    assert post_form(client, page, {"event": "accept", "version": "1"}).status_code == 302
    response = other.post(page, data={"event": "decline", "version": "1", "reason": "Mijn eigen uitleg.",
                                      "csrf_token": csrf_token(stale_page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "intussen gewijzigd" in html and "Mijn eigen uitleg." in html and f'href="{page}"' in html
    task = get_task(app, task_id)
    assert task.state == "accepted" and task.decline_reason == ""
