"""Break the glass: emergency access with a reason, time-limited, logged, and reviewed."""
from datetime import timedelta

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.dossiers.models import BreakGlassGrant, Dossier
from mda.extensions import db
from mda.tasks.models import Task
from tests.support.web import csrf_token, login, post_form

FAMILY = "Gezin Kowalski"  # the police are not on its team


def dossier_id(app):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY))


def test_emergency_access_with_a_reason_opens_the_dossier_for_a_few_hours(app, demo, monkeypatch):
    target = dossier_id(app)
    client = app.test_client()
    login(client, "politie")
    assert client.get(f"/dossiers/{target}").status_code == 404
    refused = post_form(client, "/noodtoegang", {"reference": FAMILY, "reason": "kort"})
    assert refused.status_code == 422 and client.get(f"/dossiers/{target}").status_code == 404
    response = post_form(client, "/noodtoegang", {
        "reference": FAMILY, "acute": "y",
        "reason": "Melding van geweld in de woning nu; collega ter plaatse heeft de gezinsinformatie nodig."})
    assert response.status_code == 302
    page = client.get(f"/dossiers/{target}").get_data(as_text=True)
    assert "noodtoegang" in page.lower()
    with app.app_context():
        views = db.session.scalars(select(AccessLogEntry).where(
            AccessLogEntry.dossier_id == target, AccessLogEntry.username == "politie",
            AccessLogEntry.outcome == "allowed")).all()
        assert views and all(entry.purpose == "break_glass" for entry in views)
        task = db.session.scalar(select(Task).where(Task.dedupe_key.like("break_glass:%")))
        assert task.dossier_id == target and "Rob van Dijk" in task.title_nl
        grant = db.session.scalar(select(BreakGlassGrant))
        grant.expires_at = grant.expires_at - timedelta(hours=5)
        db.session.commit()
    assert client.get(f"/dossiers/{target}").status_code == 404  # expired


def test_unknown_reference_gets_no_access_and_is_logged(app, demo):
    client = app.test_client()
    login(client, "politie")
    response = post_form(client, "/noodtoegang", {"reference": "Gezin Bestaat Niet", "acute": "y",
                                                  "reason": "Acute situatie bij de voordeur, geen tijd."})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(BreakGlassGrant)) is None
        denied = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object == "break_glass.request"))
        assert denied.outcome == "denied" and denied.purpose == "break_glass"


def test_the_coordinator_reviews_the_emergency_access(app, demo):
    target = dossier_id(app)
    officer = app.test_client()
    login(officer, "politie")
    post_form(officer, "/noodtoegang", {"reference": FAMILY, "acute": "y",
                                        "reason": "Acute situatie: politie ter plaatse na melding buren."})
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    page = coordinator.get(f"/dossiers/{target}").get_data(as_text=True)
    assert "nog niet beoordeeld" in page
    with app.app_context():
        grant_id = db.session.scalar(select(BreakGlassGrant.id))
    path = f"/dossiers/{target}/noodtoegang/{grant_id}"
    review_page = coordinator.get(path).get_data(as_text=True)
    assert "Acute situatie: politie ter plaatse" in review_page
    done = coordinator.post(path, data={"outcome": "justified", "note": "Terecht gebruikt.",
                                        "csrf_token": csrf_token(review_page)})
    assert done.status_code == 302
    assert officer.get(path).status_code == 404  # only the coordinator reviews


def test_schools_and_steering_cannot_break_the_glass(app, demo):
    for username in ("school", "stuurgroep", "beheer"):
        client = app.test_client()
        login(client, username)
        assert client.get("/noodtoegang").status_code == 404
