"""Health rules wherever a task is shown: a treatment task (health data in itself) and what a
screening task's steps say (done, refused, positive) reach only the coordinator and care partners,
on the task list, the task page, the dossier's task table and its timeline alike; everyone else
sees one neutral state for a screening and its task."""
import re

import pytest
from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.careplan.models import TraumaScreening
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import login

HIDDEN = re.compile(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"')
TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+')
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# the moment in a timeline entry's heading line: after the kind's tag, before who took the step
WHEN = re.compile(r"(</span>) [^<·]*?( ·|</p>)")
REFUSED = "Traumascreening geweigerd"
TREATMENT = "Traumabehandeling aanbieden aan"


def as_user(app, username, password="demo"):
    client = app.test_client()
    login(client, username, password)
    return client


def screen(client, dossier_id, person_id, **values):
    """Records a screening through its form, as a browser does."""
    path = f"/dossiers/{dossier_id}/traumascreening/{person_id}"
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    data = {**dict(HIDDEN.findall(page.get_data(as_text=True))),
            "screened_on": clock.today().isoformat(), **values}
    response = client.post(path, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def family(app, reference):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
        return dossier.id, {p.name: p.id for p in dossier.persons}


def current_screening_task(app, dossier_id, person_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Task.id).where(
            Task.dossier_id == dossier_id, Task.person_id == person_id, Task.kind == "trauma_screening")
            .order_by(Task.id.desc()).limit(1))


def treatment_task(app, dossier_id, person_id) -> int:
    with app.app_context():
        screening = db.session.scalar(select(TraumaScreening).where(
            TraumaScreening.dossier_id == dossier_id, TraumaScreening.person_id == person_id))
        return screening.treatment_task_id


def colleague_of_the_coordinator(app, role):
    """A second account at the coordinator's own local team (the demo has one per organisation)."""
    with app.app_context():
        team = db.session.scalar(select(Organisation).where(Organisation.name == "Wijkteam Voorbeeld-Noord"))
        make.user(team, "collega", role, password="demo")
        db.session.commit()
    return as_user(app, "collega")


def masked(html: str, *names: str) -> str:
    """A page without what differs between two requests or two people: tokens, times, names, ids."""
    html = CLOCK.sub("00:00", TOKEN.sub(r"\1", html))
    for name in names:
        html = html.replace(name, "NAME")
    return re.sub(r"/taken/\d+", "/taken/N", html)


@pytest.fixture
def martina(app, demo):
    """Gezin Martina has no care partner: the coordinator's own local team gets the screening tasks
    and the treatment task. The coordinator records a positive screening for Shirley and a refused
    one for Rignald."""
    dossier_id, people = family(app, "Gezin Martina")
    coordinator = as_user(app, "regisseur")
    screen(coordinator, dossier_id, people["Shirley Martina"], status="done", instrument="pcl5", score="33")
    screen(coordinator, dossier_id, people["Rignald Girigorie"], status="refused", reason="Wil nu niet.")
    return {"dossier": dossier_id,
            "treatment": treatment_task(app, dossier_id, people["Shirley Martina"]),
            "positive": current_screening_task(app, dossier_id, people["Shirley Martina"]),
            "refused": current_screening_task(app, dossier_id, people["Rignald Girigorie"])}


@pytest.mark.parametrize("role", ["professional", "coordinator"])
def test_a_colleague_of_the_coordinator_sees_no_treatment_task_and_no_refusal(app, martina, role):
    colleague = colleague_of_the_coordinator(app, role)
    tasks = colleague.get("/taken").get_data(as_text=True)
    assert "Traumascreening Rignald Girigorie" in tasks  # the screening task is theirs to know of
    assert TREATMENT not in tasks and REFUSED not in tasks
    forbidden, missing = colleague.get(f"/taken/{martina['treatment']}"), colleague.get("/taken/999999")
    assert forbidden.status_code == missing.status_code == 404
    assert masked(forbidden.get_data(as_text=True)) == masked(missing.get_data(as_text=True))
    refused = colleague.get(f"/taken/{martina['refused']}")
    assert refused.status_code == 200 and REFUSED not in refused.get_data(as_text=True)
    # A positive and a refused screening leave the same task page behind.
    positive = colleague.get(f"/taken/{martina['positive']}").get_data(as_text=True)
    assert (masked(positive, "Shirley Martina") == masked(refused.get_data(as_text=True), "Rignald Girigorie"))
    dossier = colleague.get(f"/dossiers/{martina['dossier']}").get_data(as_text=True)
    assert "Traumascreening Rignald Girigorie" in dossier
    assert TREATMENT not in dossier and REFUSED not in dossier


def test_the_coordinator_still_sees_the_treatment_task_and_the_refusal(app, martina):
    coordinator = as_user(app, "regisseur")
    assert TREATMENT + " Shirley Martina" in coordinator.get("/taken").get_data(as_text=True)
    assert coordinator.get(f"/taken/{martina['treatment']}").status_code == 200
    assert REFUSED in coordinator.get(f"/taken/{martina['refused']}").get_data(as_text=True)
    dossier = coordinator.get(f"/dossiers/{martina['dossier']}").get_data(as_text=True)
    timeline = coordinator.get(f"/dossiers/{martina['dossier']}/tijdlijn").get_data(as_text=True)
    assert TREATMENT + " Shirley Martina" in dossier and REFUSED in timeline


KOWALSKI = {"Tomasz Kowalski": {"status": "done", "instrument": "tsq", "score": "2"},
            "Katarzyna Kowalska": {"status": "done", "instrument": "tsq", "score": "8"},  # positive
            "Julia Kowalska": {"status": "refused", "reason": "Wil er nu niet over praten."},
            "Kacper Kowalski": {"status": "postponed", "reason": "Eerst rust in het gezin."}}


@pytest.fixture
def kowalski(app, demo):
    """The care partner records a negative, a positive, a refused and a postponed screening."""
    dossier_id, people = family(app, "Gezin Kowalski")
    care = as_user(app, "ggz")
    for name, values in KOWALSKI.items():
        screen(care, dossier_id, people[name], **values)
    return {"dossier": dossier_id, "people": people,
            "treatment": treatment_task(app, dossier_id, people["Katarzyna Kowalska"]),
            "refused": current_screening_task(app, dossier_id, people["Julia Kowalska"])}


def rows(html: str, section: str) -> list[str]:
    start = html.index(f'id="{section}"')
    part = html[start:html.index("</section>", start)]
    return re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", part, re.S)


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]


def what_a_partner_sees(html: str, timeline: str, name: str) -> dict:
    """Everything the dossier page says of one person's current screening: its task's row in the
    task table, its row in the screening table, and the timeline entries of the person's
    screening tasks (on the timeline's own page), with the name and the moments taken out (on a
    loaded machine the fixture's steps for two persons can fall in different minutes)."""
    [task] = [cells(row) for row in rows(html, "taken") if f"Traumascreening {name} (niet" in row]
    [screening] = [cells(row) for row in rows(html, "traumascreening") if f">{name}</th>" in row]
    entries = [WHEN.sub(r"\1 WHEN\2", entry)
               for entry in re.findall(r"<li class=\"timeline__entry.*?</li>", timeline, re.S)
               if f"Traumascreening {name}" in entry]
    return {"task": [c.replace(name, "NAME") for c in task], "screening": screening[1:],
            "timeline": [entry.replace(name, "NAME") for entry in entries]}


@pytest.mark.parametrize("username", ["veiligthuis", "reclassering"])
def test_partners_see_one_neutral_state_for_the_screening_and_its_task(app, kowalski, username):
    client = as_user(app, username)
    html = client.get(f"/dossiers/{kowalski['dossier']}").get_data(as_text=True)
    timeline = client.get(f"/dossiers/{kowalski['dossier']}/tijdlijn").get_data(as_text=True)
    seen = {name: what_a_partner_sees(html, timeline, name) for name in KOWALSKI}
    for name in ("Tomasz Kowalski", "Katarzyna Kowalska", "Julia Kowalska"):
        assert seen[name]["task"][-1] == "Afgerond" and seen[name]["screening"][0] == "Afgerond", name
    assert seen["Kacper Kowalski"]["task"][-1] in ("Open", "Geaccepteerd")
    assert seen["Kacper Kowalski"]["screening"][0] == "Nog niet afgerond"
    # Done, positive and refused cannot be told apart anywhere on the page.
    assert seen["Tomasz Kowalski"] == seen["Katarzyna Kowalska"] == seen["Julia Kowalska"]
    for word in ("Uitgevoerd", "Geweigerd", "Uitgesteld", REFUSED, TREATMENT, "Wil er nu niet", "Eerst rust"):
        assert word not in html, word


def test_steps_of_one_moment_are_listed_newest_first(app, kowalski):
    """The screening form accepts and completes the task in one request, so both steps carry the
    same moment: the timeline puts the one recorded last first, on every database and every run
    (PostgreSQL returns rows without an ORDER BY in any order)."""
    timeline = as_user(app, "veiligthuis").get(f"/dossiers/{kowalski['dossier']}/tijdlijn").get_data(as_text=True)
    for name in ("Tomasz Kowalski", "Katarzyna Kowalska", "Julia Kowalska"):
        titles = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", title)).strip() for title in re.findall(
            r"<strong>(.*?)</strong>", timeline, re.S) if f"Traumascreening {name} (niet" in title]
        assert [title.split()[0] for title in titles] == ["Afronden", "Accepteren", "Traumascreening"], titles


@pytest.mark.parametrize("username", ["veiligthuis", "reclassering"])
def test_a_partner_outside_care_never_reaches_the_treatment_task(app, kowalski, username):
    partner = as_user(app, username)
    assert partner.get(f"/taken/{kowalski['treatment']}").status_code == 404
    assert partner.get(f"/taken/{kowalski['refused']}").status_code == 404
    assert TREATMENT not in partner.get("/taken").get_data(as_text=True)


@pytest.mark.parametrize("username, work_list", [("ggz", "/taken"), ("regisseur", "/taken?weergave=partners")])
def test_the_care_partner_and_the_coordinator_see_the_treatment_task_and_the_refusal(app, kowalski, username,
                                                                                      work_list):
    client = as_user(app, username)  # the coordinator sees it among the work asked of the partners
    assert TREATMENT + " Katarzyna Kowalska" in client.get(work_list).get_data(as_text=True)
    assert client.get(f"/taken/{kowalski['treatment']}").status_code == 200
    assert REFUSED in client.get(f"/taken/{kowalski['refused']}").get_data(as_text=True)
    html = client.get(f"/dossiers/{kowalski['dossier']}").get_data(as_text=True)
    assert TREATMENT + " Katarzyna Kowalska" in html and "Geweigerd" in html and "Uitgesteld" in html
