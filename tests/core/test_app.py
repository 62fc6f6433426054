"""The app factory, health check, security headers, error pages and languages."""
import gc
import logging
import runpy
from pathlib import Path

import pytest

from config import ProductionConfig, TestConfig, config_from_environment, database_url
from mda import create_app
from mda.extensions import db
from tests.support.web import csrf_token, login


def test_health_reports_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok",
                                   "access_log": {"sequencer": "ok", "waiting_seconds": 0.0}}


def test_health_answers_503_when_the_database_does_not(tmp_path):
    broken = create_app(TestConfig(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"))
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] != "ok"


def test_production_needs_secret_key_database_log_key_and_checkpoint_file(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@localhost/db")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.delenv("AUDIT_LOG_KEY", raising=False)
    with pytest.raises(RuntimeError, match="AUDIT_LOG_KEY"):
        ProductionConfig()
    monkeypatch.setenv("AUDIT_LOG_KEY", "a" * 32)
    monkeypatch.delenv("AUDIT_CHECKPOINT_PATH", raising=False)
    with pytest.raises(RuntimeError, match="AUDIT_CHECKPOINT_PATH"):
        ProductionConfig()
    monkeypatch.setenv("AUDIT_CHECKPOINT_PATH", "/var/lib/mda-audit/checkpoints.jsonl")
    config = ProductionConfig()
    assert config.AUDIT_CHECKPOINT_PATH == "/var/lib/mda-audit/checkpoints.jsonl"
    assert config.SESSION_COOKIE_SECURE and config.SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")


def test_database_url_maps_postgres_to_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert database_url("") == "postgresql+psycopg://u@h/db"


def test_security_headers_on_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in response.get_data(as_text=True)


def test_errors_never_show_a_stack_trace(app, database_url):
    failing = create_app(TestConfig(database_url))

    @failing.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = failing.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in html and "secret internals" not in html and "Traceback" not in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.get_data(as_text=True)


def test_english_can_be_chosen(app, client, demo):
    login(client, "regisseur")
    page = client.get("/dossiers").get_data(as_text=True)
    assert "Nieuw dossier" in page and 'lang="nl"' in page
    client.post("/taal", data={"lang": "en", "next": "/dossiers", "csrf_token": csrf_token(page)})
    page = client.get("/dossiers").get_data(as_text=True)
    assert "New dossier" in page and 'lang="en"' in page and "Phase 1: safety" in page


def test_dates_are_shown_the_dutch_way(app, client, demo):
    login(client, "regisseur")
    page = client.get("/dossiers").get_data(as_text=True)
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
    assert any(f" {month} 20" in page for month in months)


def test_every_response_gets_its_own_script_nonce(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    nonce = [part for part in first.split() if part.startswith("'nonce-")]
    assert nonce and nonce[0] not in second and "'unsafe-inline'" not in first


def production_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("AUDIT_LOG_KEY", "a" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@localhost/db")


def test_production_refuses_demo_mode(monkeypatch):
    production_environment(monkeypatch)
    monkeypatch.setenv("MDA_ENV", "production")
    monkeypatch.setenv("AUDIT_CHECKPOINT_PATH", "/var/lib/mda-audit/checkpoints.jsonl")
    monkeypatch.setenv("MDA_DEMO", "1")
    with pytest.raises(RuntimeError, match="MDA_DEMO must not be set in production"):
        config_from_environment()
    monkeypatch.delenv("MDA_DEMO")
    config = config_from_environment()
    assert config.ENV_NAME == "production" and config.DEMO_MODE is False


def test_without_mda_env_the_development_configuration_says_so(monkeypatch, caplog):
    monkeypatch.delenv("MDA_ENV", raising=False)
    with caplog.at_level(logging.WARNING, logger="config"):
        config = config_from_environment()
    assert config.ENV_NAME == "development"
    assert "MDA_ENV is not set" in caplog.text and "MDA_ENV=production" in caplog.text


def test_two_app_servers_on_one_database_serve_one_user_as_one(app, demo, database_url):
    """Nothing of a user lives in a worker's memory, so a second app server on the same database
    serves the session the first one logged in, takes a form the first one rendered, and a logout on
    one ends the session on both (gunicorn.conf.py, README "Production")."""
    other = create_app(TestConfig(database_url))
    try:
        _one_user_on_two_servers(app.test_client(), other.test_client())
    finally:
        with other.app_context():
            db.engine.dispose()


def _one_user_on_two_servers(first, second):
    def browser_cookie_to(client, source):  # one browser, one cookie jar: it sends what it last got
        client.set_cookie("mda_session", source.get_cookie("mda_session").value)

    login(first, "regisseur")
    browser_cookie_to(second, first)
    page = second.get("/taken")
    assert page.status_code == 200 and "Taken" in page.get_data(as_text=True)
    token = csrf_token(first.get("/taken").get_data(as_text=True))
    browser_cookie_to(second, first)
    assert second.post("/taal", data={"lang": "en", "next": "/taken", "csrf_token": token}).status_code == 302
    token = csrf_token(second.get("/taken").get_data(as_text=True))
    assert second.post("/logout", data={"csrf_token": token}).status_code == 302
    after = first.get("/taken")
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_a_gunicorn_worker_keeps_the_loaded_application_out_of_the_collector():
    """gunicorn.conf.py freezes what the worker loaded, so a full garbage collection does not walk
    the application's objects in the middle of a request; a worker still collects what requests
    leave behind."""
    settings = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    assert settings["worker_class"] == "sync" and not settings["preload_app"]
    gc.unfreeze()
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000 and gc.isenabled()
        garbage = []
        garbage.append(garbage)  # a cycle made after the freeze
        del garbage
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
