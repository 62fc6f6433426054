"""Users change their own password: the old one is asked, the new one is at least 12 characters,
not a common password and not the username (NIST SP 800-63B), and the change is logged without it."""
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.auth.models import UserSession
from mda.extensions import db
from mda.orgs.models import Organisation
from tests import factories as make
from tests.support.web import login, token_for

NEW = "paarse olifant danst op het dak"
PAGE = "/wachtwoord"


def change(client, current, new, repeat=None):
    return client.post(PAGE, data={"current": current, "new": new, "repeat": new if repeat is None else repeat,
                                   "csrf_token": token_for(client, PAGE)})


def login_works(app, username, password) -> bool:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token_for(client, "/login")})
    return response.status_code == 302


def test_the_header_links_to_the_password_page(app, client, demo):
    login(client, "regisseur")
    assert f'href="{PAGE}"' in client.get("/dossiers").get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Wachtwoord wijzigen" in page and 'autocomplete="current-password"' in page
    assert app.test_client().get(PAGE).headers["Location"].startswith("/login")


def test_a_user_changes_the_password_and_the_change_is_logged_without_it(app, client, demo):
    login(client, "regisseur")
    login(elsewhere := app.test_client(), "regisseur")
    response = change(client, "demo", NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/taken"
    assert "Uw wachtwoord is gewijzigd." in client.get("/dossiers").get_data(as_text=True)
    assert elsewhere.get("/dossiers").status_code == 302  # the other session has ended
    assert client.get("/dossiers").status_code == 200  # this one goes on
    assert login_works(app, "regisseur", NEW) and not login_works(app, "regisseur", "demo")
    with app.app_context():
        entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object == "password",
                                                                 AccessLogEntry.action == "update"))
        assert entry.username == "regisseur" and entry.outcome == "allowed"
        for row in db.session.scalars(select(AccessLogEntry)):
            assert not any(NEW in str(value) for value in vars(row).values())
        assert db.session.scalar(select(UserSession.end_reason).where(UserSession.end_reason == "password"))


def test_the_old_password_is_asked(app, client, demo):
    login(client, "regisseur")
    response = change(client, "niet het oude", NEW)
    assert response.status_code == 422 and "Dit is niet uw huidige wachtwoord." in response.get_data(as_text=True)
    assert login_works(app, "regisseur", "demo") and not login_works(app, "regisseur", NEW)
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.action == "login_failed", AccessLogEntry.object == "password"))


def test_repeated_wrong_old_passwords_end_the_session(app, client, demo):
    login(client, "regisseur")
    for attempt in range(5):
        response = change(client, f"fout{attempt}", NEW)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/dossiers").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.object == "password", AccessLogEntry.detail == "throttled; session ended"))


def test_weak_passwords_are_refused(app, client, demo):
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == "Politie Eenheid Voorbeeld"))
        make.user(org, "agent.van.dienst", password="oude-wachtwoordzin")
        db.session.commit()
    login(client, "agent.van.dienst", "oude-wachtwoordzin")
    refusals = {
        "kort genoeg": "minstens 12 tekens",  # 11 characters
        "Password1234": "meest gebruikte",  # common, whatever the case
        "welkom123456": "meest gebruikte",
        "123456789012": "meest gebruikte",
        "Agent.van.Dienst": "niet uw gebruikersnaam",
    }
    for password, message in refusals.items():
        response = change(client, "oude-wachtwoordzin", password)
        assert response.status_code == 422 and message in response.get_data(as_text=True), password
    response = change(client, "oude-wachtwoordzin", NEW, repeat=NEW + "!")
    assert response.status_code == 422 and "niet gelijk" in response.get_data(as_text=True)
    assert login_works(app, "agent.van.dienst", "oude-wachtwoordzin")
    # twelve characters, no rules on kinds of characters
    assert change(client, "oude-wachtwoordzin", "koffie zonder").status_code == 302


def test_a_change_without_csrf_token_is_refused(app, client, demo):
    login(client, "regisseur")
    response = client.post(PAGE, data={"current": "demo", "new": NEW, "repeat": NEW})
    assert response.status_code == 400
    assert login_works(app, "regisseur", "demo") and not login_works(app, "regisseur", NEW)
