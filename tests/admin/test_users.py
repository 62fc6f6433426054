"""The administrator keeps the region's users: finds them page by page, creates one who must choose
a password at the first login, changes a role, deactivates a leaver (no login, sessions ended,
history kept), resets the two-step login and sets a temporary password. Each change is in the
access log and on the user's page with who did it; bad input and other regions are refused."""
import re

import pytest
from sqlalchemy import select

from mda.admin import accounts
from mda.audit.models import AccessLogEntry
from mda.auth.models import AccountEvent, User, UserSession
from mda.extensions import db
from tests import factories as make
from tests.support.web import csrf_token, form_post, login, token_for

START = "starten met dit wachtwoord"
OWN = "mijn eigen zin van woorden"
USERS = "/beheer/gebruikers"


@pytest.fixture
def people(app):
    """A region with two administrators, a local team with a coordinator, a school; another region."""
    with app.app_context():
        here, elsewhere = make.region(), make.region("Regio Elders")
        zvh = make.organisation(here, "ZVH Regio", "zvh")
        team = make.organisation(here, "Wijkteam Noord")
        school = make.organisation(here, "Basisschool De Linde", "school")
        admin = make.user(zvh, "beheer", "admin", password="pw")
        make.user(zvh, "beheer-b", "admin", password="pw")
        coordinator = make.user(team, "coord", "coordinator", password="pw")
        make.dossier(coordinator, "Gezin Blom")
        other_org = make.organisation(elsewhere, "Wijkteam Elders")
        other = make.user(other_org, "elders", "coordinator", password="pw")
        db.session.commit()
        return {"admin": admin.id, "coord": coordinator.id, "team": team.id, "school": school.id,
                "other": other.id, "other_org": other_org.id, "here": here.id}


def admin_client(app, username="beheer"):
    client = app.test_client()
    login(client, username, "pw")
    return client


def user_row(app, username) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def events(app, user_id):
    with app.app_context():
        return [(e.kind, e.by.username) for e in db.session.scalars(
            select(AccountEvent).where(AccountEvent.user_id == user_id).order_by(AccountEvent.id))]


def logged(app, prefix):
    with app.app_context():
        return [(e.username, e.action, e.outcome, e.object.split(":")[0]) for e in db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.object.startswith(prefix)).order_by(AccessLogEntry.id))]


def new_user(client, **values):
    data = {"username": "nieuw", "full_name": "Nina Nieuw", "organisation": "", "role": "professional",
            "email": "", "password": START, **values}
    return form_post(client, f"{USERS}/nieuw", data, hidden=("once",))


def test_the_administrator_creates_a_user_who_must_choose_a_password(app, people):
    admin = admin_client(app)
    response = new_user(admin, organisation=str(people["team"]), role="coordinator", email="nina@example.org")
    assert response.status_code == 302
    created = user_row(app, "nieuw")
    assert response.headers["Location"] == f"{USERS}/{created.id}"
    assert created.must_change_password and created.active and created.role == "coordinator"
    page = admin.get(f"{USERS}/{created.id}").get_data(as_text=True)
    assert "Account aangemaakt als casusregisseur" in page and "Beheer (beheer)" in page
    assert "Moet bij de volgende keer inloggen een nieuw kiezen" in page
    assert logged(app, "user.created") == [("beheer", "create", "allowed", "user.created")]

    nina = app.test_client()
    assert login(nina, "nieuw", START).headers["Location"] == "/wachtwoord"
    assert nina.get("/dossiers").headers["Location"] == "/wachtwoord"  # nothing else opens first
    page = nina.get("/wachtwoord").get_data(as_text=True)
    assert "De beheerder heeft u een startwachtwoord gegeven." in page
    same = nina.post("/wachtwoord", data={"current": START, "new": START, "repeat": START,
                                          "csrf_token": token_for(nina, "/wachtwoord")})
    assert same.status_code == 422 and "Kies een eigen wachtwoord" in same.get_data(as_text=True)
    done = nina.post("/wachtwoord", data={"current": START, "new": OWN, "repeat": OWN,
                                          "csrf_token": token_for(nina, "/wachtwoord")})
    assert done.status_code == 302 and done.headers["Location"] == "/taken"
    assert nina.get("/dossiers").status_code == 200
    assert not user_row(app, "nieuw").must_change_password
    # The password never reaches the access log.
    with app.app_context():
        assert not any(START in (e.detail or "") or OWN in (e.detail or "")
                       for e in db.session.scalars(select(AccessLogEntry)))


def test_bad_input_for_a_new_user_is_refused_with_the_input_kept(app, people):
    admin = admin_client(app)
    taken = new_user(admin, username="Coord", organisation=str(people["team"]), full_name="Tweede Coord")
    html = taken.get_data(as_text=True)
    assert taken.status_code == 422
    assert "Deze gebruikersnaam is al in gebruik. Kies een andere." in html and 'href="#username"' in html
    assert 'value="coord"' in html and 'value="Tweede Coord"' in html
    assert START not in html  # a password is never sent back
    weak = new_user(admin, organisation=str(people["team"]), password="kort")
    assert weak.status_code == 422 and "minstens 12 tekens" in weak.get_data(as_text=True)
    school = new_user(admin, organisation=str(people["school"]), role="coordinator")
    assert school.status_code == 422
    assert "Een school of de stuurgroep werkt niet aan casussen" in school.get_data(as_text=True)
    for bad in ({"username": "Met spatie"}, {"organisation": str(people["other_org"])}, {"organisation": ""},
                {"role": "superuser"}, {"email": "geen-adres"}):
        response = new_user(admin, **{"organisation": str(people["team"]), **bad})
        assert response.status_code == 422, bad
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "nieuw")) is None


def test_the_list_is_searched_and_paged_by_name(app, people):
    with app.app_context():
        team = db.session.get(make.Organisation, people["team"])
        for number in range(60):
            make.user(team, f"medewerker{number:02d}")
        db.session.commit()
    admin = admin_client(app)
    first = admin.get(USERS).get_data(as_text=True)
    names = re.findall(r'href="/beheer/gebruikers/\d+">([^<]+)<', first)
    assert len(names) == 50 and names == sorted(names)
    assert "Elders" not in first  # another region's users are not listed
    following = re.search(r'href="(/beheer/gebruikers\?na=\d+)"', first.replace("&amp;", "&")).group(1)
    rest = re.findall(r'href="/beheer/gebruikers/\d+">([^<]+)<', admin.get(following).get_data(as_text=True))
    assert len(rest) == 63 - 50 and not set(rest) & set(names) and min(rest) > max(names)
    found = admin.get(f"{USERS}?q=medewerker0").get_data(as_text=True)
    assert len(re.findall(r'href="/beheer/gebruikers/\d+">', found)) == 10
    assert "Geen gebruiker past bij deze zoekopdracht." in admin.get(f"{USERS}?q=niemand").get_data(as_text=True)
    for wildcard in ("%25", "_"):  # typed, a wildcard is just a character
        assert "Geen gebruiker past" in admin.get(f"{USERS}?q={wildcard}").get_data(as_text=True)
    assert "Beheer" not in admin.get(f"{USERS}?organisatie={people['team']}").get_data(as_text=True).split(
        "<tbody")[1]


def test_a_role_change_is_logged_and_shown_with_who_did_it(app, people):
    admin = admin_client(app)
    path = f"{USERS}/{people['coord']}"
    response = form_post(admin, path, {"full_name": "Coord", "email": "", "role": "team_lead"}, hidden=())
    assert response.status_code == 302
    assert user_row(app, "coord").role == "team_lead"
    assert events(app, people["coord"]) == [("role_changed", "beheer")]
    page = admin.get(path).get_data(as_text=True)
    assert "Rol gewijzigd van casusregisseur in teamleider" in page and "Beheer (beheer)" in page
    assert logged(app, "user.role_changed") == [("beheer", "update", "allowed", "user.role_changed")]


def test_the_administrator_cannot_change_their_own_role_or_deactivate_themselves(app, people):
    admin = admin_client(app)
    path = f"{USERS}/{people['admin']}"
    response = form_post(admin, path, {"full_name": "Beheer", "email": "", "role": "professional"}, hidden=())
    assert response.status_code == 422
    assert "U kunt uw eigen rol niet wijzigen" in response.get_data(as_text=True)
    response = admin.post(f"{path}/deactiveren", data={"deactivate-confirm": "y",
                                                       "csrf_token": token_for(admin, path)})
    assert response.status_code == 422
    assert "U kunt uw eigen account niet deactiveren" in response.get_data(as_text=True)
    me = user_row(app, "beheer")
    assert me.role == "admin" and me.active


def test_the_region_always_keeps_an_administrator(app, people):
    """Two administrators removing each other at once: the second to act finds itself the last."""
    with app.app_context():
        first = db.session.get(User, people["admin"])
        second = db.session.scalar(select(User).where(User.username == "beheer-b"))
        accounts.update_user(second, first, full_name=first.full_name, email=None, role="professional")
        with pytest.raises(accounts.RuleError) as refused:
            accounts.deactivate(first, second)
        assert "laatste actieve beheerder" in str(refused.value) or "last active administrator" in str(refused.value)
        db.session.rollback()


def test_a_leaver_is_deactivated_sessions_end_and_history_stays(app, people):
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    assert coordinator.get("/dossiers").status_code == 200
    admin = admin_client(app)
    path = f"{USERS}/{people['coord']}"
    assert "Coord is casusregisseur van 1 open dossier." in admin.get(path).get_data(as_text=True)
    unticked = admin.post(f"{path}/deactiveren", data={"csrf_token": token_for(admin, path)})
    assert unticked.status_code == 422 and "Vink het vakje aan om te bevestigen." in unticked.get_data(as_text=True)
    assert user_row(app, "coord").active
    response = admin.post(f"{path}/deactiveren", data={"deactivate-confirm": "y", "csrf_token": token_for(admin, path)})
    assert response.status_code == 302
    assert coordinator.get("/dossiers").headers["Location"].startswith("/login")  # the session has ended
    stranger = app.test_client()
    refused = stranger.post("/login", data={"username": "coord", "password": "pw",
                                            "csrf_token": token_for(stranger, "/login")})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason).where(UserSession.user_id == people["coord"])) \
            == "deactivated"
        from mda.dossiers.models import Dossier
        assert db.session.scalar(select(Dossier.coordinator_id).where(Dossier.reference == "Gezin Blom")) \
            == people["coord"]  # their dossier still names them
    page = admin.get(path).get_data(as_text=True)
    assert "Gedeactiveerd: kan niet inloggen" in page and "Gedeactiveerd; sessies beëindigd" in page
    assert events(app, people["coord"]) == [("deactivated", "beheer")]
    again = admin.post(f"{path}/heractiveren", data={"csrf_token": csrf_token(page)})
    assert again.status_code == 302 and user_row(app, "coord").active
    assert [kind for kind, _ in events(app, people["coord"])] == ["deactivated", "reactivated"]


def test_reset_two_factor_and_temporary_password(app, people):
    with app.app_context():
        user = db.session.get(User, people["coord"])
        user.totp_secret, user.totp_enabled, user.totp_last_step = "JBSWY3DPEHPK3PXP", True, 5
        db.session.commit()
    admin = admin_client(app)
    path = f"{USERS}/{people['coord']}"
    response = admin.post(f"{path}/tweestapsverificatie", data={"two_factor-confirm": "y",
                                                                "csrf_token": token_for(admin, path)})
    assert response.status_code == 302
    reset = user_row(app, "coord")
    assert (reset.totp_secret, reset.totp_enabled, reset.totp_last_step) == (None, False, None)

    weak = admin.post(f"{path}/wachtwoord", data={"password-password": "coord", "csrf_token": token_for(admin, path)})
    assert weak.status_code == 422 and "minstens 12 tekens" in weak.get_data(as_text=True)
    response = admin.post(f"{path}/wachtwoord", data={"password-password": START,
                                                      "csrf_token": token_for(admin, path)})
    assert response.status_code == 302
    assert user_row(app, "coord").must_change_password
    old = app.test_client()
    assert old.post("/login", data={"username": "coord", "password": "pw",
                                    "csrf_token": token_for(old, "/login")}).status_code == 422
    assert login(app.test_client(), "coord", START).headers["Location"] == "/wachtwoord"
    assert events(app, people["coord"]) == [("two_factor_reset", "beheer"), ("password_reset", "beheer")]
    page = admin.get(path).get_data(as_text=True)
    assert "Tweestapsverificatie opnieuw ingesteld; sessies beëindigd" in page
    assert "Tijdelijk wachtwoord ingesteld; sessies beëindigd" in page


def test_another_regions_user_and_other_roles_get_404(app, people):
    admin = admin_client(app)
    token = token_for(admin, USERS)
    for path in (f"{USERS}/{people['other']}", f"{USERS}/999999"):
        assert admin.get(path).status_code == 404
        for action, field in (("deactiveren", "deactivate-confirm"), ("heractiveren", "x"),
                              ("tweestapsverificatie", "two_factor-confirm"), ("wachtwoord", "password-password")):
            assert admin.post(f"{path}/{action}", data={field: "y", "csrf_token": token}).status_code == 404
    assert user_row(app, "elders").active
    assert ("beheer", "view", "denied", "user") in logged(app, "user:")
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    token = token_for(coordinator, "/dossiers")
    for path in (USERS, f"{USERS}/nieuw", f"{USERS}/{people['admin']}"):
        assert coordinator.get(path).status_code == 404
    for action in ("", "/deactiveren", "/tweestapsverificatie", "/wachtwoord"):
        response = coordinator.post(f"{USERS}/{people['admin']}{action}", data={"csrf_token": token,
                                    "deactivate-confirm": "y", "role": "professional", "full_name": "X"})
        assert response.status_code == 404
    assert coordinator.post(f"{USERS}/nieuw", data={"csrf_token": token}).status_code == 404
    assert user_row(app, "beheer").active and user_row(app, "beheer").role == "admin"
    # Without a CSRF token, nothing happens either.
    assert admin.post(f"{USERS}/{people['coord']}/deactiveren", data={"deactivate-confirm": "y"}).status_code == 400
    assert user_row(app, "coord").active
