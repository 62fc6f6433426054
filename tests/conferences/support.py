"""Helpers for the conference tests: a demo family of the Zuid team, and a conference posted like a browser."""
from datetime import date, timedelta

from sqlalchemy import select, update

from mda.conferences.models import Conference
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.orgs.models import Organisation
from tests.support.web import csrf_token

FAMILY = "Gezin Vermeulen-Bouzid"  # phase 1, coordinator wijkteam; team: GGZ, Veilig Thuis, police


def ids(app) -> tuple[int, dict[str, int], dict[str, int]]:
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == FAMILY))
        orgs = dict(db.session.execute(select(Organisation.name, Organisation.id)).all())
        return dossier.id, orgs, {p.name: p.id for p in dossier.persons}


def plan_data(app, day: date | None = None, **overrides) -> dict:
    dossier_id, orgs, persons = ids(app)
    data = {"held_on": (day or clock.today() + timedelta(days=7)).isoformat(), "starts_at": "10:00", "ends_at": "11:30",
            "place": "Kerkplein 4", "video_link": "", "agenda": "1. Veiligheidsronde\n2. Taken",
            "partner_ids": [orgs["Politie Eenheid Voorbeeld"], orgs["GGZ Voorbeeld"], orgs["Wijkteam Voorbeeld-Zuid"]]}
    for index, (name, person_id) in enumerate(persons.items()):
        invited = name != "Karim Bouzid"
        data[f"persons-{index}-person_id"] = person_id
        data[f"persons-{index}-invited"] = "yes" if invited else "no"
        data[f"persons-{index}-reason"] = "" if invited else "Contactverbod met moeder."
    data.update(overrides)
    return data


def plan(client, app, **overrides):
    dossier_id, _orgs, _persons = ids(app)
    page = client.get(f"/dossiers/{dossier_id}/casusoverleg/nieuw").get_data(as_text=True)
    return client.post(f"/dossiers/{dossier_id}/casusoverleg/nieuw",
                       data={**plan_data(app, **overrides), "csrf_token": csrf_token(page)})


def latest_conference(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Conference.id).order_by(Conference.id.desc()).limit(1))


def make_it_today(app, conference_id: int) -> None:
    """Time passes: the planned conference is held today."""
    with app.app_context():
        db.session.execute(update(Conference).where(Conference.id == conference_id).values(held_on=clock.today()))
        db.session.commit()
