"""Logging in and out."""
import statistics
import time
from collections import Counter

from argon2 import PasswordHasher
from sqlalchemy import delete, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import LoginAttempt, User
from mda.extensions import db
from tests.support.web import csrf_token, login, token_for

WRONG = "De gebruikersnaam of het wachtwoord klopt niet."


def attempt(client, username, password):
    token = token_for(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_demo_user_logs_in_and_lands_on_the_task_list(app, client, demo):
    response = login(client, "regisseur")
    assert response.headers["Location"] == "/taken"
    page = client.get("/dossiers").get_data(as_text=True)
    assert "Marloes de Wit" in page and "Wijkteam Voorbeeld-Noord" in page


def test_wrong_password_and_unknown_user_get_the_same_answer(app, client, demo):
    wrong = attempt(client, "regisseur", "nope")
    unknown = attempt(client, "niemand", "nope")
    assert wrong.status_code == unknown.status_code == 422
    assert WRONG in wrong.get_data(as_text=True) and WRONG in unknown.get_data(as_text=True)
    assert 'value="niemand"' in unknown.get_data(as_text=True)
    with app.app_context():
        failed = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "login_failed")).all()
        assert {e.username for e in failed} == {"regisseur", "niemand"}
        assert all(e.outcome == "denied" for e in failed)


def test_inactive_user_cannot_log_in(app, client, demo):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "politie")).active = False
        db.session.commit()
    assert WRONG in attempt(client, "politie", "demo").get_data(as_text=True)


def test_login_without_csrf_token_is_refused(app, client, demo):
    response = client.post("/login", data={"username": "regisseur", "password": "demo"})
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    assert client.get("/dossiers").status_code == 302


def test_session_cookie_flags(app, client, demo):
    response = login(client, "regisseur")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("mda_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session(app, client, demo):
    login(client, "regisseur")
    page = client.get("/dossiers").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get("/dossiers").status_code == 302
    assert client.get("/logout").status_code == 405


def test_pages_need_a_login(app, client, demo):
    for path in ("/dossiers", "/dossiers/1", "/dossiers/new"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_login_redirect_stays_on_this_site(app, client, demo):
    token = token_for(client, "/login")
    response = client.post("/login?next=//evil.example/", data={
        "username": "regisseur", "password": "demo", "csrf_token": token})
    assert response.headers["Location"] == "/taken"


def counting(monkeypatch, calls):
    """Counts argon2's hash and verify calls, which are what makes a login slow."""
    for name in ("hash", "verify"):
        real = getattr(PasswordHasher, name)

        def counted(self, *args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(self, *args, **kwargs)
        monkeypatch.setattr(PasswordHasher, name, counted)


def forget_attempts(app):
    """Keeps the account throttle out of a measurement."""
    with app.app_context():
        db.session.execute(delete(LoginAttempt))
        db.session.commit()


def test_unknown_usernames_cost_the_same_work_as_known_ones(app, client, demo, monkeypatch):
    calls = Counter()
    counting(monkeypatch, calls)
    attempt(client, "niemand-eerst", "fout")  # the one dummy hash may be made now, once
    for username in ("regisseur", "niemand", "regisseur", "ook-niemand"):
        calls.clear()
        assert attempt(client, username, "fout").status_code == 422
        assert calls == {"verify": 1}, (username, calls)


def test_unknown_usernames_take_as_long_as_known_ones(app, client, demo):
    attempt(client, "niemand-eerst", "fout")
    timings = {"regisseur": [], "niemand": []}
    for _ in range(9):
        for username, seconds in timings.items():
            forget_attempts(app)
            token = token_for(client, "/login")
            started = time.perf_counter()
            client.post("/login", data={"username": username, "password": "fout", "csrf_token": token})
            seconds.append(time.perf_counter() - started)
    ratio = statistics.median(timings["niemand"]) / statistics.median(timings["regisseur"])
    assert 0.5 < ratio < 2.0, timings
