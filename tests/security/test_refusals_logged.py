"""Refusals leave a trace: a forged form, a tampered session cookie, an export without
re-authentication and a burst of wrong re-authentications are each written to the access log as
refused; behind a proxy the log names the client, not the proxy."""
from datetime import timedelta

from sqlalchemy import select

from config import TestConfig
from mda import create_app
from mda.audit.models import AccessLogEntry
from mda.auth.models import UserSession
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.types import utcnow
from tests.support.web import login, token_for


def newest(app, **where) -> AccessLogEntry | None:
    with app.app_context():
        stmt = select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
        for name, value in where.items():
            stmt = stmt.where(getattr(AccessLogEntry, name) == value)
        return db.session.scalars(stmt.limit(1)).first()


def family_id(app, reference="Gezin Kowalski") -> int:
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def age_confirmation(app) -> None:
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()


def test_a_form_without_a_csrf_token_is_logged_as_refused(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    dossier_id = family_id(app)
    response = client.post(f"/dossiers/{dossier_id}/notes", data={"kind": "fact", "body": "zonder token"})
    assert response.status_code == 400
    entry = newest(app, outcome="denied", username="regisseur")
    assert entry is not None and entry.detail.startswith("csrf") and f"/dossiers/{dossier_id}/notes" in entry.object


def test_a_tampered_session_cookie_is_logged(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    value = client.get_cookie("mda_session").value
    forged = app.test_client()
    forged.set_cookie("mda_session", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    assert forged.get("/dossiers").status_code == 302
    entry = newest(app, action="login_failed")
    assert entry.outcome == "denied" and "bad signature" in entry.detail and entry.object == "GET /dossiers"


def test_an_export_without_reauthentication_is_logged_as_refused(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    age_confirmation(app)
    dossier_id = family_id(app)
    response = client.get(f"/dossiers/{dossier_id}/veiligheidsplan.pdf")
    assert response.status_code == 302 and response.headers["Location"].startswith("/herbevestigen")
    entry = newest(app, action="export")
    assert (entry.outcome, entry.dossier_id, entry.detail) == ("denied", dossier_id, "re-authentication required")


def test_wrong_reauthentications_end_the_session(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    age_confirmation(app)
    for attempt in range(5):
        token = token_for(client, "/herbevestigen")
        response = client.post("/herbevestigen", data={"password": f"fout{attempt}", "csrf_token": token})
        if attempt < 4:
            assert response.status_code == 422
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/dossiers").status_code == 302  # the session is over
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason).order_by(UserSession.id.desc())) == "logout"
    entry = newest(app, action="login_failed", username="regisseur")
    assert entry.detail == "throttled; session ended"
    # and the account waits, like after failed logins, even with the right password
    token = token_for(client, "/login")
    blocked = client.post("/login", data={"username": "regisseur", "password": "demo", "csrf_token": token})
    assert blocked.status_code == 429


def test_behind_a_proxy_the_client_address_and_https_come_from_its_headers(database_url, demo):
    config = TestConfig(database_url)
    config.PROXY_HOPS = 1
    config.TRUSTED_PROXIES = "127.0.0.1"  # the test client's own address
    behind = create_app(config)
    client = behind.test_client()
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    response = client.get("/login", headers=headers)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    token = token_for(client, "/login")
    client.post("/login", data={"username": "regisseur", "password": "fout", "csrf_token": token},
                headers={**headers, "Referer": "https://localhost/login"})
    entry = newest(behind, action="login_failed", username="regisseur")
    assert entry.client_address == "203.0.113.9"
    with behind.app_context():
        db.engine.dispose()


def test_a_hundred_bad_cookies_from_one_address_are_counted_not_logged_one_by_one(app, demo, monkeypatch):
    from mda.audit.models import RefusalWindow
    client = app.test_client()
    login(client, "regisseur")
    value = client.get_cookie("mda_session").value
    bad_cookie = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")

    def forged_request():  # every request carries the bad cookie again, as a script sends it
        forged = app.test_client()
        forged.set_cookie("mda_session", bad_cookie)
        return forged.get("/dossiers")

    def refusals():
        with app.app_context():
            return db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "login_failed",
                                                                   AccessLogEntry.client_address == "127.0.0.1")
                                      .order_by(AccessLogEntry.id)).all()

    before = len(refusals())
    for _ in range(100):
        assert forged_request().status_code == 302
    assert len(refusals()) == before + 1
    with app.app_context():
        assert db.session.scalar(select(RefusalWindow.repeats)) == 99
    later = utcnow() + timedelta(minutes=11)  # the window has closed: the next refusal brings the count
    monkeypatch.setattr("mda.audit.refusals.utcnow", lambda: later)
    forged_request()
    summary, first = refusals()[-2:]
    assert len(refusals()) == before + 3
    assert summary.object == "repeated:session_cookie" and summary.detail.startswith("count=99 ")
    assert first.object == "GET /dossiers" and first.detail == "session cookie with a bad signature"
    for _ in range(4):
        forged_request()
    even_later = later + timedelta(minutes=11)  # nobody comes back: the scheduler writes the count
    monkeypatch.setattr("mda.audit.refusals.utcnow", lambda: even_later)
    assert app.test_cli_runner().invoke(args=["mda", "run-jobs", "--today", "2026-11-24"]).exit_code == 0
    assert refusals()[-1].detail.startswith("count=4 ") and len(refusals()) == before + 4
    with app.app_context():
        assert db.session.scalar(select(RefusalWindow.id)) is None
    assert app.test_cli_runner().invoke(args=["mda", "verify-log"]).exit_code == 0


def test_a_signed_in_users_refusals_are_each_logged(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    dossier_id = family_id(app)
    for _ in range(3):
        client.post(f"/dossiers/{dossier_id}/notes", data={"kind": "fact", "body": "zonder token"})
    with app.app_context():
        entries = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.username == "regisseur",
                                                                  AccessLogEntry.detail.startswith("csrf"))).all()
    assert len(entries) == 3
