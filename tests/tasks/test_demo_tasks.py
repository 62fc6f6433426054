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
