"""A ``next`` address never leads off the site and never breaks a page: /login, /herbevestigen and
/taal send the browser only to a local path, whatever the value holds."""
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import select

from mda.auth.models import UserSession
from mda.extensions import db
from mda.types import utcnow
from tests.support.web import csrf_token, login, token_for

NASTY = [
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "https://evil.example/", "http:evil.example", "javascript:alert(1)", "%2F%2Fevil.example",
    "/%09/evil.example", "/%0a/evil.example", "/\x00/evil.example", "/\x0b/evil.example",
    "/\u2028/evil.example", "/\u00a0/evil.example", "/dossiers\r\nSet-Cookie: x=1",
]


def assert_local(response, value):
    if "\x00" in value:  # a NUL byte anywhere in a request is refused before any page runs
        assert response.status_code == 400, (value, response.status_code)
        return
    assert response.status_code in (302, 303), (value, response.status_code)
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert location.startswith("/") and not location.startswith("//"), (value, location)
    assert not parts.scheme and not parts.netloc and "\\" not in location, (value, location)
    assert all(" " < char < "\x7f" for char in location), (value, location)


@pytest.mark.parametrize("raw", ["next=/%09/evil.example", "next=%2F%2Fevil.example", "next=/%0a/x",
                                 "next=%5C%5Cevil.example", "next=/%E2%80%A8/evil.example"])
def test_encoded_next_on_login_stays_local(app, demo, raw):
    client = app.test_client()
    response = client.post(f"/login?{raw}", data={"username": "regisseur", "password": "demo",
                                                 "csrf_token": token_for(client, "/login")})
    assert_local(response, raw)
    assert response.headers["Location"] == "/taken"


def test_nasty_next_on_login_reauthentication_and_language_stays_local(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    for value in NASTY:
        fresh = app.test_client()
        response = fresh.post(f"/login?next={quote(value, safe='')}", data={
            "username": "regisseur", "password": "demo", "csrf_token": token_for(fresh, "/login")})
        assert_local(response, value)

        page = client.get(f"/herbevestigen?next={quote(value, safe='')}")
        if "\x00" in value:  # refused before any page runs, like every request with a NUL byte
            assert page.status_code == 400, value
            continue
        assert page.status_code == 200, value
        response = client.post(f"/herbevestigen?next={quote(value, safe='')}", data={
            "password": "demo", "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert_local(response, value)

        response = client.post("/taal", data={"lang": "nl", "next": value,
                                             "csrf_token": token_for(client, "/dossiers")})
        assert_local(response, value)


def test_a_local_next_is_kept(app, demo):
    client = app.test_client()
    response = client.post("/login?next=/taken%3Fstatus%3Dopen", data={
        "username": "regisseur", "password": "demo", "csrf_token": token_for(client, "/login")})
    assert response.headers["Location"] == "/taken?status=open"
    response = client.post("/taal", data={"lang": "en", "next": "/taken", "csrf_token": token_for(client, "/taken")})
    assert response.headers["Location"] == "/taken"
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
    page = client.get("/herbevestigen?next=/dossiers%3Fq%3Dx").get_data(as_text=True)
    response = client.post("/herbevestigen?next=/dossiers%3Fq%3Dx",
                           data={"password": "demo", "csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/dossiers?q=x"
