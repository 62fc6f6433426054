"""Lists that do not grow with the data: every list page shows one page of 50 found by the key of
the last row before it (no offset, no count), its 'next' link leads through every row once, and the
SQL statements of a page — and of the dossier page — stay the same however much data there is."""
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from mda.auth.models import User
from mda.conferences.models import Conference, ConferenceInvitee
from mda.core import clock
from mda.dossiers.models import Dossier, Note, Person, Signal, TeamMembership
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.intake.models import Application
from mda.reviews.models import PartnerScore, SafetyReview
from mda.tasks.models import Task
from tests.support.web import QueryCounter, login, post_form

NEXT = re.compile(r'<a class="utrecht-link" href="([^"]+)" rel="next">')
FAMILY = re.compile(r"Gezin Stapel (\d+)")
TASK_OF_FAMILY = re.compile(r">Taak (\d+)</a>")  # the work list names a family once per group of its tasks


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def grow(app, start: int, count: int, state: str = "safety") -> None:
    """``count`` more families of the demo's coordinator ``regisseur`` with Veilig Thuis on the team,
    numbered from ``start``: each with open tasks for both, a task closed today and one declined,
    an application waiting for triage, one decided and one withdrawn in the last days, a case
    conference next month to which Veilig Thuis is invited, and an inbox item for the coordinator."""
    with app.app_context():
        coordinator, vt = _user("regisseur"), _user("veiligthuis")
        today, now = clock.today(), clock.utcnow()
        for number in range(start, start + count):
            reference = f"Gezin Stapel {number:03d}"
            dossier = Dossier(region_id=coordinator.organisation.region_id, reference=reference, summary="",
                              coordinator=coordinator, state=state)
            dossier.memberships = [
                TeamMembership(organisation_id=member.organisation_id, team_role=role, legal_basis="meldcode",
                               status="active", joined_on=today)
                for member, role in ((coordinator, "lead"), (vt, "safety"))]
            dossier.persons = [Person(name=f"Sam Stapel {number}", role="victim", date_of_birth=date(1990, 1, 1))]
            dossier.signals = [Signal(reported_on=today, reporter_kind="police", violence_type="physical")]
            db.session.add(dossier)
            db.session.flush()
            due = today + timedelta(days=number % 40)
            for org, task_state, closed in ((vt, "open", None), (coordinator, "open", None),
                                            (vt, "accepted", None), (vt, "done", now), (vt, "declined", None)):
                db.session.add(Task(dossier_id=dossier.id, kind="other", title_nl=f"Taak {number}",
                                    title_en=f"Task {number}", organisation_id=org.organisation_id, state=task_state,
                                    start_on=today, due_on=due, closed_at=closed))
            for stage, extra in (("submitted", {}),
                                 ("accepted", {"decided_at": now, "decision_reason": "Voldoet.",
                                               "coordinator_id": coordinator.id}),
                                 ("withdrawn", {"withdrawn_at": now, "withdrawal_reason": "Verhuisd."})):
                db.session.add(Application(region_id=dossier.region_id, organisation_id=vt.organisation_id,
                                           applicant_id=vt.id, stage=stage, family_reference=reference,
                                           submitted_at=now - timedelta(minutes=number), **extra))
            conference = Conference(dossier_id=dossier.id, held_on=today + timedelta(days=30 + number % 7),
                                    starts_at=time(10), ends_at=time(11), created_by_id=coordinator.id)
            conference.invitees = [ConferenceInvitee(organisation_id=vt.organisation_id)]
            db.session.add(conference)
            db.session.add(InboxItem(user_id=coordinator.id, kind="task_declined", url="/taken",
                                     key=f"stapel:{number}", dossier_id=dossier.id))
        db.session.commit()


LISTS = [  # (user, page, what one row of the list of the page shows)
    ("regisseur", "/dossiers", "families"),
    ("veiligthuis", "/dossiers", "families"),
    ("regisseur", "/taken", "open tasks"),
    ("veiligthuis", "/taken", "open tasks"),
    ("veiligthuis", "/triage", "applications"),
    ("veiligthuis", "/aanmeldingen", "applications"),
    ("regisseur", "/agenda", "conferences"),
    ("veiligthuis", "/agenda", "conferences"),
    ("regisseur", "/inbox", "items"),
]


def statements_of(app, client, path: str) -> int:
    client.get(path)  # the first request warms what is cached per process
    with app.app_context(), QueryCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.fixture
def clients(app, demo):
    made = {}
    for username in ("regisseur", "veiligthuis"):
        made[username] = app.test_client()
        login(made[username], username)
    return made


def test_the_statements_of_each_list_page_do_not_grow_with_the_data(app, clients):
    grow(app, 0, 60)
    before = {(user, path): statements_of(app, clients[user], path) for user, path, _what in LISTS}
    grow(app, 60, 120)
    after = {(user, path): statements_of(app, clients[user], path) for user, path, _what in LISTS}
    assert after == before
    assert all(count <= 25 for count in after.values()), after


def _pages(client, path: str, anchor: str | None) -> list[str]:
    """The pages from ``path`` on, following the 'next' link of one list (in section ``anchor``)."""
    pages = [client.get(path).get_data(as_text=True)]
    while len(pages) < 40:
        links = NEXT.findall(_section(pages[-1], anchor))
        if not links:
            break
        pages.append(client.get(links[0].replace("&amp;", "&")).get_data(as_text=True))
    return pages


def _section(html: str, anchor: str | None) -> str:
    if anchor is None:
        return html
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start + 1)
    return html[start:end if end > 0 else len(html)]


THROUGH = [  # (user, page, section of the list or None, rows of the list per family)
    ("regisseur", "/dossiers", None, 1),
    ("veiligthuis", "/taken", "open", 2),  # two open tasks of Veilig Thuis in each family
    ("regisseur", "/taken", "opnieuw-toewijzen", 1),
    ("veiligthuis", "/taken", "afgesloten", 2),  # one closed today, one declined
    ("veiligthuis", "/triage", "wachtend", 1),
    ("veiligthuis", "/triage", "besloten", 1),
    ("veiligthuis", "/triage", "ingetrokken", 1),
    ("veiligthuis", "/aanmeldingen", None, 3),  # its organisation's: waiting, decided and withdrawn
    ("veiligthuis", "/agenda", None, 1),
]


def test_the_next_links_lead_through_every_row_once(app, clients):
    grow(app, 0, 130)
    for user, path, anchor, per_family in THROUGH:
        pages = _pages(clients[user], path, anchor)
        assert len(pages) >= 3, (path, anchor)
        found = []
        for html in pages:
            pattern = TASK_OF_FAMILY if (path, anchor) == ("/taken", "open") else FAMILY
            rows = [f"{int(number):03d}" for number in pattern.findall(_section(html, anchor))]
            assert len(rows) <= 50, (path, anchor)
            found += rows
        counts = {number: found.count(number) for number in set(found)}
        assert sorted(counts) == [f"{number:03d}" for number in range(130)], (path, anchor)
        assert set(counts.values()) == {per_family}, (path, anchor)
        assert "Eerste pagina" in _section(pages[-1], anchor), (path, anchor)


def test_the_open_tasks_are_in_due_order_overdue_first_across_pages(app, clients):
    grow(app, 0, 70)
    with app.app_context():
        vt = _user("veiligthuis")
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Stapel 000"))
        db.session.add(Task(dossier_id=dossier_id, kind="other", title_nl="Al lang te laat", title_en="Long overdue",
                            organisation_id=vt.organisation_id, start_on=clock.today() - timedelta(days=90),
                            due_on=clock.today() - timedelta(days=60)))
        db.session.commit()
    pages = _pages(clients["veiligthuis"], "/taken", "open")
    assert "Al lang te laat" in _section(pages[0], "open")
    due = [re.findall(r"(\d{1,2} \w+ \d{4})</td>", _section(html, "open")) for html in pages]
    assert all(due), "every page shows tasks with their due dates"


def test_a_key_that_is_no_key_shows_the_first_page(app, clients):
    grow(app, 0, 60)
    first = clients["regisseur"].get("/dossiers").get_data(as_text=True)
    for junk in ("gisteren", "2026-13-01_4", "_", "1_2_3", "٣_4", "-1_2", "2026-01-01T00:00:00_x",
                 "2026-01-01T00:00:00_99999999999999999999"):
        response = clients["regisseur"].get(f"/dossiers?na={junk}")
        assert response.status_code == 200
        assert FAMILY.findall(response.get_data(as_text=True)) == FAMILY.findall(first)


def test_the_dossier_page_asks_as_much_of_a_long_history_as_of_a_short_one(app, clients):
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Kowalski"))
    client = clients["regisseur"]
    before = statements_of(app, client, f"/dossiers/{dossier_id}")
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        coordinator, today = dossier.coordinator, clock.today()
        members = [m for m in dossier.memberships if m.status == "active"]
        for n in range(20):
            review = SafetyReview(dossier_id=dossier_id, phase="safety", status="closed", team_score=4 + n % 5,
                                  held_on=today - timedelta(days=400 + 14 * n), author_id=coordinator.id)
            db.session.add(review)
            db.session.flush()
            for membership in members:
                db.session.add(PartnerScore(review_id=review.id, organisation_id=membership.organisation_id,
                                            score=3 + n % 6, user_id=coordinator.id))
        for n in range(60):
            db.session.add(Task(dossier_id=dossier_id, kind="other", title_nl=f"Taak {n}", title_en=f"Task {n}",
                                organisation_id=members[n % len(members)].organisation_id, start_on=today,
                                due_on=today + timedelta(days=n), state=("open", "done", "declined")[n % 3],
                                closed_at=clock.utcnow() if n % 3 == 1 else None))
            db.session.add(Note(dossier_id=dossier_id, kind="fact", body=f"Notitie {n}", author_id=coordinator.id,
                                organisation_id=coordinator.organisation_id))
        for n in range(10):
            db.session.add(Person(dossier_id=dossier_id, name=f"Kind {n} Kowalski", role="child",
                                  date_of_birth=date(2015, 1, 1 + n)))
            db.session.add(Signal(dossier_id=dossier_id, reported_on=today - timedelta(days=n),
                                  reporter_kind="professional", violence_type="witnessing"))
        db.session.commit()
    assert statements_of(app, client, f"/dossiers/{dossier_id}") == before


def test_the_families_to_apply_for_are_a_page_with_a_search_for_the_others(app, clients):
    grow(app, 0, 70, state="registered")
    client = clients["veiligthuis"]
    html = client.get("/aanmeldingen").get_data(as_text=True)
    choice = html[html.index('<select'):html.index('</select>')]
    assert len(re.findall(r"<option ", choice)) == 50
    assert "de 50 gezinnen met de laatste activiteit" in html and 'name="gezin"' in html
    found = client.get("/aanmeldingen?gezin=stapel 007").get_data(as_text=True)
    choice = found[found.index('<select'):found.index('</select>')]
    assert FAMILY.findall(choice) == ["007"]
    assert "Geen gezin waarvoor u kunt aanmelden" in client.get("/aanmeldingen?gezin=Niemand").get_data(as_text=True)


def test_the_task_list_shown_again_after_a_refused_answer_pages_under_its_own_address(app, clients):
    grow(app, 0, 60)
    with app.app_context():
        coordinator, vt = _user("regisseur"), _user("veiligthuis")
        dossier = Dossier(region_id=coordinator.organisation.region_id, reference="Gezin Uitnodiging", summary="",
                          coordinator=coordinator, state="registered")
        dossier.memberships = [TeamMembership(organisation_id=vt.organisation_id, team_role="safety",
                                              legal_basis="meldcode", status="invited")]
        db.session.add(dossier)
        db.session.commit()
        membership_id = dossier.memberships[0].id
    response = post_form(clients["veiligthuis"], f"/taken/uitnodigingen/{membership_id}",
                         {"event": "decline", "reason": " "}, token_page="/taken")
    assert response.status_code == 422
    links = NEXT.findall(_section(response.get_data(as_text=True), "open"))
    assert links and links[0].startswith("/taken?na=")


def test_a_search_takes_percent_and_underscore_as_the_characters_they_are(app, clients):
    grow(app, 0, 3, state="registered")
    client = clients["veiligthuis"]
    assert sorted(FAMILY.findall(client.get("/dossiers?q=stapel 00").get_data(as_text=True))) == ["000", "001", "002"]
    for query in ("%", "stapel_00", "stapel%"):
        assert FAMILY.findall(client.get(f"/dossiers?q={query}").get_data(as_text=True)) == [], query
        assert "Geen gezin waarvoor u kunt aanmelden" in client.get(f"/aanmeldingen?gezin={query}").get_data(
            as_text=True), query
