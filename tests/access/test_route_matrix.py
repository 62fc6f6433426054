"""Every route as every demo user: the expected status, and never a name from a family the user
may not see. Expectations come from the demo data itself, not from the access code."""
import pytest
from sqlalchemy import select

from mda.demo.families import FAMILIES
from mda.demo.region import USERS
from mda.auth.models import User
from mda.dossiers.models import Dossier
from mda.extensions import db
from tests.support.web import login

USERNAMES = [user.username for user in USERS]
CASE_WORKERS = {u.username: u for u in USERS if u.role in ("coordinator", "professional")
                and u.organisation not in ("school", "stuurgroep")}


def sees(username: str, family: dict) -> bool:
    user = CASE_WORKERS.get(username)
    if user is None:
        return False
    team = {member["org"] for member in family["team"]} | {family["coordinator"]}
    return user.organisation in team


def coordinates(username: str, family: dict) -> bool:
    return family["coordinator"] == username


def names_of(family: dict) -> list[str]:
    return [family["reference"]] + [person["name"] for person in family["persons"]]


ADMIN_PAGES = ("/beheer", "/beheer/e-mail", "/beheer/sluitingsdagen", "/beheer/schooldagen", "/beheer/noodtoegang",
               "/beheer/veiligheidsscores", "/beheer/escalatie", "/beheer/bewaartermijnen", "/beheer/organisaties",
               "/beheer/organisaties/nieuw", "/beheer/gebruikers", "/beheer/gebruikers/nieuw",
               "/beheer/gebruikers?q=a")


@pytest.fixture
def admin_rows(app, demo):
    """(page, status for the administrator) of a user and an organisation of the demo region, and of
    the other region, which its administrator does not find either."""
    with app.app_context():
        here, there = (db.session.execute(select(User.id, User.organisation_id).where(User.username == name)).one()
                       for name in ("regisseur", "buiten"))
    return [(f"/beheer/gebruikers/{here[0]}", 200), (f"/beheer/organisaties/{here[1]}", 200),
            (f"/beheer/gebruikers/{there[0]}", 404), (f"/beheer/organisaties/{there[1]}", 404)]


@pytest.fixture
def dossier_ids(app, demo):
    with app.app_context():
        rows = db.session.execute(select(Dossier.reference, Dossier.id)).all()
        persons = {d.reference: d.persons[0].id for d in db.session.scalars(select(Dossier))}
    return dict(rows), persons


@pytest.mark.parametrize("username", USERNAMES)
def test_every_route_as_every_demo_user(app, dossier_ids, admin_rows, username):
    ids, first_person = dossier_ids
    client = app.test_client()
    login(client, username)
    visible = [f for f in FAMILIES if sees(username, f)]
    hidden_names = [name for f in FAMILIES if not sees(username, f) for name in names_of(f)]

    def fetch(path: str, expected: int) -> str:
        response = client.get(path)
        assert response.status_code == expected, f"{username} GET {path}"
        html = response.get_data(as_text=True)
        leaked = [name for name in hidden_names if name in html]
        assert not leaked, f"{username} GET {path} shows {leaked}"
        return html

    listing = fetch("/dossiers", 200)
    for family in FAMILIES:
        assert (family["reference"] in listing) == sees(username, family), family["reference"]
    fetch("/dossiers?q=Gezin", 200)
    fetch("/dossiers/new", 200 if username in ("regisseur", "wijkteam", "buiten") else 404)
    fetch("/health", 200)
    for path in ("/inbox", "/inbox?toon=ongelezen", "/inbox/voorkeuren"):  # the family named only to its team
        fetch(path, 200)
    for path in ADMIN_PAGES:
        fetch(path, 200 if username == "beheer" else 404)
    for path, status in admin_rows:
        fetch(path, status if username == "beheer" else 404)
    for family in FAMILIES:
        dossier_id = ids[family["reference"]]
        base = f"/dossiers/{dossier_id}"
        fetch(base, 200 if sees(username, family) else 404)
        coordinator_status = 200 if coordinates(username, family) else 404
        for sub in ("/edit", "/persons/new", f"/persons/{first_person[family['reference']]}/edit",
                    "/team/new", "/access-log"):
            fetch(base + sub, coordinator_status)
        # The police on the team record a call-out themselves (Handle with Care); Veilig Thuis on
        # the team the reports that come in.
        records_signals = username in ("politie", "veiligthuis") and sees(username, family)
        fetch(base + "/signals/new", 200 if coordinates(username, family) or records_signals else 404)
    fetch("/dossiers/999999", 404)
    assert len(visible) == sum(1 for f in FAMILIES if sees(username, f))


def test_each_demo_user_sees_exactly_their_organisations_dossiers(app, demo):
    counts = {}
    for username in USERNAMES:
        client = app.test_client()
        login(client, username)
        html = client.get("/dossiers").get_data(as_text=True)
        counts[username] = sum(1 for f in FAMILIES if f["reference"] in html)
    assert counts["buiten"] == counts["school"] == counts["stuurgroep"] == counts["beheer"] == 0
    assert counts["regisseur"] >= 9 and counts["veiligthuis"] > 0 and counts["politie"] > 0
