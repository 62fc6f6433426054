"""A small region for the inbox: a coordinator's local team (two staff), Veilig Thuis and the
police on one family's team, a school, an administrator; everyone with an e-mail address."""
import pytest
from sqlalchemy import select

from mda.extensions import db
from mda.inbox.models import InboxItem, OutboxMail
from tests import factories as make

PASSWORD = "pw"


@pytest.fixture
def region_setup(app):
    with app.app_context():
        reg = make.region()
        team = make.organisation(reg, "Wijkteam Noord")
        vt = make.organisation(reg, "Veilig Thuis Test", "vt")
        police = make.organisation(reg, "Politie Test", "police")
        school = make.organisation(reg, "Basisschool De Regenboog", "school")
        police.email = "politie@example.org"
        users = {}
        for org, username, role in ((team, "coord", "coordinator"), (team, "collega", "professional"),
                                    (vt, "ingrid", "professional"), (police, "agent", "professional"),
                                    (school, "juf", "professional"), (vt, "beheer", "admin")):
            users[username] = make.user(org, username, role, password=PASSWORD)
            users[username].email = f"{username}@example.org"
        users["agent"].email = None  # mail to the police goes to their organisation's address
        dossier = make.dossier(users["coord"], "Gezin Eerste", partners=[vt, police], persons=("Ria Eerste",))
        db.session.commit()
        return {"dossier": dossier.id, "region": reg.id, "team": team.id, "vt": vt.id, "police": police.id,
                "school": school.id, **{name: user.id for name, user in users.items()}}


def items_of(app, user_id) -> list[InboxItem]:
    with app.app_context():
        rows = list(db.session.scalars(select(InboxItem).where(InboxItem.user_id == user_id).order_by(InboxItem.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def outbox(app) -> list[OutboxMail]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        for row in rows:
            db.session.expunge(row)
        return rows
