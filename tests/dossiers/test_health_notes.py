"""Notes that hold health information: the author says so on the note form (ticked in advance
for care partners), and such a note reaches only the coordinator and care partners, in the notes
and in the timeline."""
import re

import pytest
from sqlalchemy import select

from mda.dossiers.models import Dossier, Note
from mda.extensions import db
from mda.orgs.models import Organisation
from tests import factories as make
from tests.support.web import login, post_form

FAMILY = "Gezin Kowalski"  # team: the coordinator's local team, Veilig Thuis, GGZ, probation
CHECKBOX = re.compile(r'<input[^>]*id="health_information"[^>]*>')


def as_user(app, username):
    client = app.test_client()
    login(client, username)
    return client


def dossier_id(app):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY))


def write(client, dossier, body, health: bool):
    data = {"kind": "fact", "body": body, "person_id": ""}
    if health:
        data["health_information"] = "y"
    path = f"/dossiers/{dossier}"
    assert post_form(client, f"{path}/notes", data, token_page=path).status_code == 302


@pytest.mark.parametrize(("username", "ticked"), [("ggz", True), ("veiligthuis", False), ("regisseur", False)])
def test_the_note_form_asks_and_is_ticked_in_advance_for_care_partners(app, demo, username, ticked):
    html = as_user(app, username).get(f"/dossiers/{dossier_id(app)}").get_data(as_text=True)
    [checkbox] = CHECKBOX.findall(html)
    assert ("checked" in checkbox) == ticked
    assert "bevat gezondheidsinformatie" in html


def test_a_health_note_reaches_only_the_coordinator_and_care_partners(app, demo):
    dossier = dossier_id(app)
    write(as_user(app, "ggz"), dossier, "Start verslavingsbehandeling QZHNOTEQZ", health=True)
    write(as_user(app, "reclassering"), dossier, "Huisbezoek QZPLAINQZ", health=False)
    with app.app_context():
        flags = dict(db.session.execute(select(Note.body, Note.health_information)
                                        .where(Note.dossier_id == dossier)).all())
        assert flags["Start verslavingsbehandeling QZHNOTEQZ"] and not flags["Huisbezoek QZPLAINQZ"]
        team = db.session.scalar(select(Organisation).where(Organisation.name == "Wijkteam Voorbeeld-Noord"))
        make.user(team, "collega", password="demo")  # the coordinator's colleague, no coordinator here
        db.session.commit()
    for username in ("regisseur", "ggz", "veiligthuis", "reclassering", "collega"):
        html = as_user(app, username).get(f"/dossiers/{dossier}").get_data(as_text=True)
        notes = html[html.index('id="notities"'):html.index('id="h-new-note"')]
        timeline = html[html.index('id="tijdlijn"'):]
        health = username in ("regisseur", "ggz")
        assert ("QZHNOTEQZ" in notes) == health and ("QZHNOTEQZ" in timeline) == health, username
        assert ("QZHNOTEQZ" in html) == health, username
        assert "QZPLAINQZ" in notes and "QZPLAINQZ" in timeline, username


def test_the_demo_keeps_a_care_partners_treatment_note_from_the_other_partners(app, demo):
    dossier = dossier_id(app)
    treatment = "ambulante verslavingsbehandeling"
    assert treatment in as_user(app, "regisseur").get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert treatment in as_user(app, "ggz").get(f"/dossiers/{dossier}").get_data(as_text=True)
    for username in ("veiligthuis", "reclassering"):
        assert treatment not in as_user(app, username).get(f"/dossiers/{dossier}").get_data(as_text=True)
