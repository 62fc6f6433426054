"""The crawl test: unique markers planted in every kind of field of one family; every demo user
follows every link they can reach (pages, PDFs, charts, CSV) and each marker must appear for
exactly the users the need-to-know rules allow, and for nobody else. Within the safety plan, the
markers withheld from the father never appear in any family version made for him."""
import re
import subprocess
import tempfile
from collections import deque
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mda.auth.models import User
from mda.careplan.operations import add_intervention
from mda.core import clock
from mda.demo.monitor_history import REFERENCES as CLOSED_BEFORE
from mda.demo.region import USERS
from mda.engine.core import fire
from mda.dossiers.models import Dossier, Note, Person
from mda.extensions import db
from mda.careplan.models import CareGoal, TraumaScreening
from mda.reviews.models import SafetyReview
from mda.safetyplan.models import SafetyAgreement, SafetyPlan, WithheldAgreement, WithheldPart
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import login

FAMILY = "Gezin Kowalski"
COLLEAGUE = "collega"  # a professional of the coordinator's own local team, added besides the demo users
TEAM = {"regisseur", "veiligthuis", "ggz", "reclassering", COLLEAGUE}  # coordinator and the active partners
HEALTH = {"regisseur", "ggz"}  # the coordinator and the care partner
MARKERS = {
    "QZSUMMARYQZ": TEAM,
    "QZNOTEQZ": TEAM,
    "QZSIGNALQZ": TEAM,
    "QZPLANQZ": TEAM,
    "QZINTERNALQZ": TEAM,
    "QZREVIEWQZ": TEAM,
    "QZCHILDQZ": TEAM | {"school"},  # the school gets the Handle with Care signal: name only
    "QZHEALTHREASONQZ": HEALTH,
    "QZHEALTHGOALQZ": HEALTH,
    "QZHEALTHTASKQZ": HEALTH,  # the result of an intervention task on a health-related goal
    "QZHEALTHNOTEQZ": HEALTH,  # a care partner's note marked as health information
    "QZTREATMENTQZ": HEALTH,  # a treatment task given to the coordinator's own organisation
    "QZSAFEADDRESSQZ": TEAM,  # the mother's agreement: not for the father
    "QZWITHHELDPARTQZ": TEAM,  # a part of the plan marked not for the father
}
NOT_FOR_FATHER = ("QZSAFEADDRESSQZ", "QZWITHHELDPARTQZ")
FAMILY_VERSION = re.compile(r"veiligheidsplan\.pdf\?(?:.*&)?voor=(\d+)")
START = ("/dossiers", "/taken", "/hulp/workflow", "/agenda", "/triage", "/aanmeldingen")
DOSSIER_PART = re.compile(r"^/dossiers/(\d+)/")  # a page below a dossier's own page
SKIP = re.compile(r"^/(static/|logout|taal|login|herbevestigen)|inzage\.csv")
MAX_PAGES = 1000


@pytest.fixture
def planted(app, demo):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == FAMILY))
        coordinator = dossier.coordinator
        dossier.summary += " QZSUMMARYQZ"
        dossier.signals[-1].description += " QZSIGNALQZ"
        db.session.add(Note(dossier_id=dossier.id, kind="fact", body="Gesprek QZNOTEQZ",
                            author_id=coordinator.id, organisation_id=coordinator.organisation_id))
        plan = db.session.scalar(select(SafetyPlan).where(SafetyPlan.dossier_id == dossier.id)
                                 .order_by(SafetyPlan.version.desc()))
        plan.danger_statement += " QZPLANQZ"
        plan.internal_notes = "Intern QZINTERNALQZ"
        father = next(p for p in dossier.persons if p.role == "perpetrator")
        mother = next(p for p in dossier.persons if p.role == "victim")
        plan.supervision += " QZWITHHELDPARTQZ"
        plan.withheld_parts.append(WithheldPart(part="supervision", person_id=father.id))
        plan.agreements.append(SafetyAgreement(
            position=len(plan.agreements), description="Veilig adres QZSAFEADDRESSQZ", due_on=date(2030, 3, 2),
            responsible_person_id=mother.id, withheld=[WithheldAgreement(person_id=father.id)]))
        review = db.session.scalar(select(SafetyReview).where(SafetyReview.dossier_id == dossier.id))
        review.rationale += " QZREVIEWQZ"
        child = db.session.scalar(select(Person).where(Person.dossier_id == dossier.id,
                                                       Person.name == "Kacper Kowalski"))
        child.name = "Kacper QZCHILDQZ"
        julia = db.session.scalar(select(Person).where(Person.dossier_id == dossier.id,
                                                       Person.name == "Julia Kowalska"))
        db.session.add(TraumaScreening(dossier_id=dossier.id, person_id=julia.id, status="refused",
                                       reason="Wil nu niet QZHEALTHREASONQZ", author_id=coordinator.id))
        health_goal = CareGoal(dossier_id=dossier.id, person_id=julia.id, kind="recovery", health_related=True,
                               description="Behandeling QZHEALTHGOALQZ", author_id=coordinator.id)
        db.session.add(health_goal)
        db.session.flush()
        ggz = db.session.scalar(select(User).where(User.username == "ggz"))
        intervention = add_intervention(coordinator, dossier, health_goal, description="Diagnostiek",
                                        organisation_id=ggz.organisation_id, due_on=clock.today())
        task = db.session.get(Task, intervention.task_id)
        fire(task, "accept", ggz)
        fire(task, "complete", ggz, result="Uitslag QZHEALTHTASKQZ")
        db.session.add(Note(dossier_id=dossier.id, kind="fact", body="Behandeling QZHEALTHNOTEQZ",
                            health_information=True, author_id=ggz.id, organisation_id=ggz.organisation_id))
        db.session.add(Task(dossier_id=dossier.id, kind="treatment", organisation_id=coordinator.organisation_id,
                            person_id=julia.id, start_on=clock.today(), due_on=clock.today() + timedelta(days=10),
                            title_nl="Traumabehandeling QZTREATMENTQZ", title_en="Trauma treatment QZTREATMENTQZ",
                            dedupe_key="treatment:crawl"))
        make.user(coordinator.organisation, COLLEAGUE, password="demo")
        school = child.school
        db.session.add(Task(dossier_id=dossier.id, kind="school_signal", organisation_id=school.id,
                            person_id=child.id, start_on=clock.today(), due_on=clock.today() + timedelta(days=1),
                            title_nl="Handle with Care: Kacper QZCHILDQZ; codewoord doorgeven",
                            title_en="Handle with Care: Kacper QZCHILDQZ; pass on the code word",
                            dedupe_key="school_signal:test"))
        db.session.commit()
        closed_before = db.session.scalars(select(Dossier.id).where(Dossier.reference.in_(CLOSED_BEFORE))).all()
        return {"dossier": dossier.id, "father": father.id, "mother": mother.id, "closed_before": set(closed_before)}


def text_of(response) -> str:
    if response.mimetype == "application/pdf":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(response.get_data())
            handle.flush()
            return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout
    return response.get_data(as_text=True)


def check_headers(path: str, response) -> None:
    """Every answer with personal data is uncacheable, framed by nobody and under a strict CSP."""
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Cache-Control"] == "no-store", path
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path


def crawl(client, dossier_id: int, closed_before: set[int] = frozenset()) -> tuple[dict[str, str], int]:
    """The text of every page reached, by path. Of the family versions of the safety plan, only
    those of the planted family's dossier (each other family's are alike, and slow to make); of the
    monitor's closed families (``closed_before``), set up alike, only their dossier pages."""
    seen, queue, texts = set(START), deque(START), {}
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        check_headers(path, response)
        if response.status_code != 200:
            continue
        text = text_of(response)
        texts[path] = text
        if response.mimetype != "text/html":
            continue
        for link in re.findall(r'(?:href|src)="(/[^"#]*)', text):
            link = link.replace("&amp;", "&")
            other_family = FAMILY_VERSION.search(link) and not link.startswith(f"/dossiers/{dossier_id}/")
            below = DOSSIER_PART.match(link)
            set_up_closed = below is not None and int(below.group(1)) in closed_before
            if link not in seen and not SKIP.search(link) and not other_family and not set_up_closed:
                seen.add(link)
                queue.append(link)
    return texts, len(seen)


@pytest.mark.parametrize("username", [user.username for user in USERS] + [COLLEAGUE])
def test_markers_appear_exactly_where_the_rules_allow(app, planted, username):
    client = app.test_client()
    login(client, username)
    texts, pages = crawl(client, planted["dossier"], planted["closed_before"])
    assert pages < MAX_PAGES, f"{username}: crawl did not finish"
    everything = "\n".join(texts.values())
    for marker, allowed in MARKERS.items():
        assert (marker in everything) == (username in allowed), \
            f"{marker} {'missing for' if username in allowed else 'leaked to'} {username}"
    made_for = {path: int(found.group(1)) for path in texts if (found := FAMILY_VERSION.search(path))}
    assert bool(made_for) == (username in TEAM), f"{username}: family versions reached: {len(made_for)}"
    for path, person in made_for.items():
        for marker in NOT_FOR_FATHER:
            if person == planted["father"]:
                assert marker not in texts[path], f"{marker} leaked into the father's version {path}"
            elif person == planted["mother"] and "versie=" not in path:  # planted in the current version
                assert marker in texts[path], f"{marker} missing from the mother's version {path}"
    if username in TEAM:
        assert planted["father"] in made_for.values() and planted["mother"] in made_for.values()
