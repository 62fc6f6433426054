"""/taken for every demo user, in both languages; the school never sees a family."""
import pytest
from sqlalchemy import select

from mda.demo.families import FAMILIES
from mda.demo.region import USERS
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.models import Task
from tests.support.web import csrf_token, login
from tests.tasks.conftest import PASSWORD


@pytest.mark.parametrize("username", [user.username for user in USERS])
def test_every_demo_user_opens_the_task_list(app, demo, username):
    client = app.test_client()
    login(client, username)
    response = client.get("/taken")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<h1") == 1


def test_the_demo_school_sees_no_family_and_no_adult(app, demo):
    adults = [person["name"] for family in FAMILIES for person in family["persons"]
              if person["born_years_ago"] >= 18]
    references = [family["reference"] for family in FAMILIES]
    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.kind == "school"))
        task_ids = list(db.session.scalars(select(Task.id).where(Task.organisation_id == school.id)))
    assert task_ids, "the demo school has Handle-with-Care tasks"
    client = app.test_client()
    login(client, "school")
    for path in ["/taken"] + [f"/taken/{task_id}" for task_id in task_ids]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        leaked = [text for text in references + adults + ["/dossiers/"] if text in html]
        assert not leaked, f"{path} shows {leaked}"


def test_the_pages_speak_english_on_request(app, client, region_setup):
    login(client, "agent", PASSWORD)
    page = client.get("/taken").get_data(as_text=True)
    client.post("/taal", data={"lang": "en", "next": "/taken", "csrf_token": csrf_token(page)})
    listing = client.get("/taken").get_data(as_text=True)
    assert "Open tasks" in listing and 'lang="en"' in listing
    assert "Carry out and record the domestic violence risk assessment (RiHG)" in listing
    html = client.get(f"/taken/{region_setup['rihg']}").get_data(as_text=True)
    assert "Steps you cannot take" in html and "You have no right to take this step." in html


def test_the_demo_shows_a_signal_confirmed_by_the_school_and_feedback_to_a_reporter(app, demo):
    from datetime import time

    from mda.casework.models import ReporterFeedback
    from mda.dossiers.models import Dossier, Signal

    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
        callout = db.session.scalar(select(Signal).where(Signal.dossier_id == dossier.id,
                                                         Signal.reported_time == time(22, 40)))
        assert callout is not None and callout.police_callout
        signals = list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.kind == "school_signal",
            Task.dedupe_key.endswith(callout.reported_on.isoformat()))))
        assert signals and all(t.state == "done" and t.organisation.kind == "school" for t in signals)
        assert all(t.due_time == time(8, 30) and t.due_on > callout.reported_on for t in signals)
        feedback = db.session.scalars(select(ReporterFeedback).order_by(ReporterFeedback.id)).all()
        to_police = [f.id for f in feedback if f.organisation.name == "Politie Eenheid Voorbeeld"]
        assert to_police and all("Inhoudelijke informatie" in f.text_nl for f in feedback)
    login(client := app.test_client(), "politie")
    assert client.get(f"/terugkoppeling/{to_police[0]}").status_code == 200
    login(coordinator := app.test_client(), "regisseur")
    page = coordinator.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Ontvangst bevestigd door de school" in page and "Terugkoppeling aan" in page
