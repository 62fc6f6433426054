"""Server-side sessions with idle and absolute timeouts, throttling across workers, and TOTP."""
import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from config import TestConfig
from mda import create_app
from mda.auth.models import User, UserSession
from mda.extensions import db
from mda.types import utcnow
from tests.support.web import csrf_token, login, token_for


def move_clock(monkeypatch, delta):
    moved = utcnow() + delta
    monkeypatch.setattr("mda.auth.sessions.utcnow", lambda: moved)


def test_idle_session_ends_after_15_minutes(app, client, demo, monkeypatch):
    login(client, "regisseur")
    assert client.get("/dossiers").status_code == 200
    move_clock(monkeypatch, timedelta(minutes=14))
    assert client.get("/dossiers").status_code == 200
    move_clock(monkeypatch, timedelta(minutes=14 + 16))
    response = client.get("/dossiers")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "idle"


def test_session_ends_12_hours_after_login_however_active(app, client, demo, monkeypatch):
    login(client, "regisseur")
    for minutes in range(10, 12 * 60, 10):
        move_clock(monkeypatch, timedelta(minutes=minutes))
        assert client.get("/dossiers").status_code == 200, minutes
    move_clock(monkeypatch, timedelta(hours=12, minutes=5))
    assert client.get("/dossiers").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_logout_ends_the_session_on_the_server(app, client, demo):
    login(client, "regisseur")
    page = client.get("/dossiers").get_data(as_text=True)
    stolen = client.get_cookie("mda_session").value
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    replay = app.test_client()
    replay.set_cookie("mda_session", stolen)
    assert replay.get("/dossiers").status_code == 302


def test_each_login_starts_a_new_session(app, demo):
    first, second = app.test_client(), app.test_client()
    login(first, "regisseur")
    login(second, "regisseur")
    with app.app_context():
        hashes = db.session.scalars(select(UserSession.token_hash)).all()
    assert len(set(hashes)) == 2
    assert first.get("/dossiers").status_code == second.get("/dossiers").status_code == 200


def attempt(client, username, password):
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token_for(client, "/login")})


def test_throttling_holds_across_two_workers(app, demo, database_url):
    other_worker = create_app(TestConfig(database_url))
    for n in range(5):
        worker = app if n % 2 == 0 else other_worker
        assert attempt(worker.test_client(), "politie", "fout").status_code == 422
    blocked = attempt(other_worker.test_client(), "politie", "demo")
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.get_data(as_text=True)
    assert attempt(app.test_client(), "veiligthuis", "demo").status_code == 302  # other accounts unaffected
    with other_worker.app_context():
        db.engine.dispose()


@pytest.fixture
def strict_app(database_url, demo):
    """The app as in production: two-step verification required for every account."""
    config = TestConfig(database_url)
    config.DEMO_MODE = False
    strict = create_app(config)
    yield strict
    with strict.app_context():
        db.session.remove()
        db.engine.dispose()


def test_two_factor_is_set_up_then_required(strict_app):
    client = strict_app.test_client()
    response = attempt(client, "regisseur", "demo")
    assert response.headers["Location"] == "/login/tweestapsverificatie"
    page = client.get("/login/tweestapsverificatie").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'<code class="utrecht-code">([A-Z2-7]+)</code>', page).group(1)
    wrong = client.post("/login/tweestapsverificatie", data={"code": "000000", "csrf_token": csrf_token(page)})
    assert wrong.status_code == 422
    code = pyotp.TOTP(secret).now()
    done = client.post("/login/tweestapsverificatie", data={"code": code, "csrf_token": csrf_token(page)})
    assert done.status_code == 302 and client.get("/dossiers").status_code == 200

    again = strict_app.test_client()
    assert attempt(again, "regisseur", "demo").headers["Location"] == "/login/code"
    page = again.get("/login/code").get_data(as_text=True)
    replayed = again.post("/login/code", data={"code": code, "csrf_token": csrf_token(page)})
    assert replayed.status_code == 422 and "al gebruikt" in replayed.get_data(as_text=True)
    assert again.get("/dossiers").status_code == 302
    with strict_app.app_context():
        user = db.session.scalar(select(User).where(User.username == "regisseur"))
        user.totp_last_step -= 1  # as if the previous code was from the step before
        db.session.commit()
    fresh = again.post("/login/code", data={"code": code, "csrf_token": csrf_token(page)})
    assert fresh.status_code == 302 and again.get("/dossiers").status_code == 200


def test_password_alone_is_not_a_login_when_two_factor_is_required(strict_app):
    client = strict_app.test_client()
    attempt(client, "politie", "demo")
    assert client.get("/dossiers").status_code == 302
