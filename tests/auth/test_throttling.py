"""Login throttling: an account that keeps failing waits longer and longer; an address with many
failures (an office behind one NAT) does not lock out correct passwords but asks for the second
step; forwarded addresses count only from trusted proxies."""
import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from config import TestConfig
from mda import create_app
from mda.audit.models import AccessLogEntry
from mda.auth.models import LoginAttempt
from mda.extensions import db
from mda.types import utcnow
from tests.support.web import csrf_token, token_for

OFFICE = "192.0.2.10"


def attempt(client, username, password, **headers):
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token_for(client, "/login")}, headers=headers)


def client_from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def move_clock(monkeypatch, delta):
    moved = utcnow() + delta
    monkeypatch.setattr("mda.auth.throttle.utcnow", lambda: moved)


def test_a_correct_password_from_a_shared_address_still_logs_in_after_many_failures(app, demo):
    colleague = client_from(app, OFFICE)
    for n in range(20):
        assert attempt(colleague, f"gok{n}", "fout").status_code == 422
    client = client_from(app, OFFICE)
    response = attempt(client, "regisseur", "demo")
    assert response.status_code == 302 and response.headers["Location"] == "/login/tweestapsverificatie"
    assert client.get("/dossiers").status_code == 302  # the password alone is not enough from here
    page = client.get("/login/tweestapsverificatie").get_data(as_text=True)
    secret = re.search(r'<code class="utrecht-code">([A-Z2-7]+)</code>', page).group(1)
    done = client.post("/login/tweestapsverificatie",
                       data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)})
    assert done.status_code == 302 and client.get("/dossiers").status_code == 200
    # from another address a password alone still logs in (demo mode: the second step is optional)
    assert attempt(client_from(app, "192.0.2.99"), "politie", "demo").headers["Location"] == "/taken"


def test_an_account_waits_longer_after_each_further_failure(app, demo, monkeypatch):
    client = client_from(app, OFFICE)
    for _ in range(5):
        assert attempt(client, "politie", "fout").status_code == 422
    refused = attempt(client, "politie", "demo")
    assert refused.status_code == 429 and "Wacht 1 minuut" in refused.get_data(as_text=True)
    assert attempt(client_from(app, "192.0.2.99"), "politie", "demo").status_code == 429  # any address
    assert attempt(client_from(app, OFFICE), "veiligthuis", "demo").status_code == 302  # others go on
    move_clock(monkeypatch, timedelta(seconds=61))
    assert attempt(client, "politie", "fout").status_code == 422  # the sixth failure: now 2 minutes
    move_clock(monkeypatch, timedelta(seconds=61 + 110))
    refused = attempt(client, "politie", "demo")
    assert refused.status_code == 429 and "Wacht 1 minuut" in refused.get_data(as_text=True)
    move_clock(monkeypatch, timedelta(seconds=61 + 121))
    assert attempt(client_from(app, OFFICE), "politie", "demo").headers["Location"] == "/taken"
    with app.app_context():
        refusals = db.session.scalars(select(AccessLogEntry).where(
            AccessLogEntry.username == "politie", AccessLogEntry.detail == "throttled")).all()
    assert len(refusals) == 3


def test_the_wait_grows_to_at_most_an_hour(app, demo, monkeypatch):
    with app.app_context():
        for minutes in range(30):
            db.session.add(LoginAttempt(username="politie", client_address=OFFICE, succeeded=False,
                                        at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()
    refused = attempt(client_from(app, OFFICE), "politie", "demo")
    assert refused.status_code == 429 and "Wacht 60 minuten" in refused.get_data(as_text=True)
    move_clock(monkeypatch, timedelta(minutes=61))
    assert attempt(client_from(app, OFFICE), "politie", "demo").status_code == 302


@pytest.fixture
def behind_proxy(database_url, demo):
    config = TestConfig(database_url)
    config.PROXY_HOPS = 1
    config.TRUSTED_PROXIES = "10.0.0.0/24, ::1"
    behind = create_app(config)
    yield behind
    with behind.app_context():
        db.session.remove()
        db.engine.dispose()


def logged_address(app, username):
    with app.app_context():
        return db.session.scalar(select(AccessLogEntry.client_address).where(
            AccessLogEntry.username == username, AccessLogEntry.action == "login_failed")
            .order_by(AccessLogEntry.id.desc()).limit(1))


def test_a_forged_forwarded_address_from_an_untrusted_peer_is_ignored(behind_proxy):
    direct = client_from(behind_proxy, "198.51.100.7")
    attempt(direct, "regisseur", "fout", **{"X-Forwarded-For": "203.0.113.9"})
    assert logged_address(behind_proxy, "regisseur") == "198.51.100.7"
    # changing the header on every attempt does not spread the failures over many addresses
    for n in range(19):
        attempt(direct, f"gok{n}", "fout", **{"X-Forwarded-For": f"203.0.113.{n + 10}"})
    with behind_proxy.app_context():
        addresses = set(db.session.scalars(select(LoginAttempt.client_address)))
    assert addresses == {"198.51.100.7"}
    response = attempt(direct, "politie", "demo", **{"X-Forwarded-For": "203.0.113.200"})
    assert response.headers["Location"] == "/login/tweestapsverificatie"


def test_a_forwarded_address_from_a_trusted_proxy_is_honoured(behind_proxy):
    proxy = client_from(behind_proxy, "10.0.0.5")
    attempt(proxy, "regisseur", "fout", **{"X-Forwarded-For": "203.0.113.9"})
    assert logged_address(behind_proxy, "regisseur") == "203.0.113.9"
    with behind_proxy.app_context():
        assert db.session.scalar(select(LoginAttempt.client_address)) == "203.0.113.9"


def test_trusted_proxies_must_be_addresses(database_url):
    config = TestConfig(database_url)
    config.PROXY_HOPS = 1
    config.TRUSTED_PROXIES = "10.0.0.1, proxy.example"
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app(config)
