"""The task list /taken: what each organisation sees, in which order, and in how many queries."""
from datetime import date

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier, Person
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import QueryCounter, login, post_form
from tests.tasks.conftest import PASSWORD, add_task
from workflows import Label, TaskTemplate


def section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def test_each_partner_sees_its_own_tasks_with_family_person_and_due_date(app, client, region_setup):
    login(client, "agent", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    pending = section(html, "open")
    assert "Risicotaxatie huiselijk geweld (RiHG) uitvoeren en vastleggen" in pending
    assert "Bijdragen aan het veiligheidsplan en het plan bevestigen" in pending
    assert f'href="/taken/{region_setup["rihg"]}"' in pending
    assert f'href="/dossiers/{region_setup["dossier"]}"' in pending and "Gezin Eerste" in pending
    assert "Het hele gezin" in pending and "Politie Test" in pending
    # Another organisation's tasks are not listed.
    assert "Handle with Care" not in html and "Veiligheidsscore" not in html
    assert f'href="/taken/{region_setup["vt_contribution"]}"' not in html
    assert html.count("<h1") == 1


def test_overdue_tasks_come_first_then_by_due_date(app, client, region_setup):
    dossier, police = region_setup["dossier"], region_setup["police"]
    for title, due_in in (("Taak later", 30), ("Taak te laat A", -2), ("Taak morgen", 1),
                          ("Taak te laat B", -5)):
        add_task(app, dossier, police, title, due_in)
    login(client, "agent", PASSWORD)
    pending = section(client.get("/taken").get_data(as_text=True), "open")
    positions = [pending.index(title) for title in
                 ("Taak te laat B", "Taak te laat A", "Taak morgen", "Taak later")]
    assert positions == sorted(positions)
    assert pending.count("te laat</span>") == 2


def test_school_sees_only_the_child_its_date_of_birth_and_the_code_word(app, client, region_setup):
    login(client, "juf", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    assert "Tim Eerste" in html and "Handle with Care" in html
    born = date(clock.today().year - 9, 3, 1)
    assert f"1 maart {born.year}" in html
    for secret in ("Gezin Eerste", "Ria Eerste", "Kees Eerste", "/dossiers/", "Politie Test"):
        assert secret not in html, secret
    task_page = client.get(f"/taken/{region_setup['school_signal']}").get_data(as_text=True)
    assert "Tim Eerste" in task_page and f"1 maart {born.year}" in task_page
    assert "Codewoord" in task_page and "Handle with Care" in task_page
    for secret in ("Gezin Eerste", "Ria Eerste", "Kees Eerste", "/dossiers/"):
        assert secret not in task_page, secret


def test_school_confirms_the_signal_and_still_sees_no_family(app, client, region_setup):
    task_id = region_setup["school_signal"]
    login(client, "juf", PASSWORD)
    page = f"/taken/{task_id}"
    assert post_form(client, page, {"event": "confirm", "version": "1"}).status_code == 302
    html = client.get("/taken").get_data(as_text=True)
    assert "Afgerond" in section(html, "afgesloten") and "Gezin Eerste" not in html
    assert "Gezin Eerste" not in client.get(page).get_data(as_text=True)


def test_recently_closed_tasks_are_listed_apart(app, client, region_setup):
    task_id = region_setup["police_contribution"]
    with app.app_context():
        agent = db.session.scalar(select(User).where(User.username == "agent"))
        task = db.session.get(Task, task_id)
        fire(task, "accept", agent)
        fire(task, "complete", agent, result="Bijdrage geleverd.")
        db.session.commit()
    login(client, "agent", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    assert f'href="/taken/{task_id}"' not in section(html, "open")
    closed = section(html, "afgesloten")
    assert f'href="/taken/{task_id}"' in closed and "Afgerond" in closed


def test_a_coordinator_sees_the_tasks_of_the_dossiers_they_coordinate(app, client, region_setup):
    login(client, "coord", PASSWORD)  # among the work asked of the partners
    pending = section(client.get("/taken?weergave=partners").get_data(as_text=True), "open")
    table = pending[:pending.index("</table>")]
    for name in ("Veilig Thuis Test", "Politie Test", "GGZ Test", "Basisschool De Regenboog"):
        assert name in table
    login(other := app.test_client(), "ander", PASSWORD)
    html = other.get("/taken").get_data(as_text=True)
    assert "Gezin Eerste" not in html and "Er zijn geen openstaande taken" in html


def test_the_task_list_is_logged(app, client, region_setup):
    login(client, "agent", PASSWORD)
    client.get("/taken")
    with app.app_context():
        entry = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.username == "agent",
                                                                AccessLogEntry.object == "task.list",
                                                                AccessLogEntry.dossier_id.is_(None))).one()
        assert entry.action == "search" and "pending=2" in entry.detail
        listed = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.username == "agent",
                                                                 AccessLogEntry.object == "task.list",
                                                                 AccessLogEntry.dossier_id.is_not(None))).all()
        assert {e.dossier_id for e in listed} == {region_setup["dossier"]}  # the family each row shows


def _add_family_with_tasks(n: int, coordinator: User, police_id: int) -> None:
    police = db.session.get(type(coordinator.organisation), police_id)
    dossier = make.dossier(coordinator, f"Gezin Extra {n}", partners=[police], persons=(f"Persoon {n}",))
    person = dossier.persons[0]
    templates = [TaskTemplate("other", police_id, person.id, Label(f"Extra taak {n}", f"Extra task {n}"),
                              clock.today(), f"extra:{n}"),
                 TaskTemplate("other", police_id, None, Label(f"Klaar {n}", f"Done {n}"),
                              clock.today(), f"done:{n}")]
    _open, done = create_tasks(dossier, templates, coordinator, clock.today())
    db.session.flush()
    agent = db.session.scalar(select(User).where(User.username == "agent"))
    fire(done, "decline", agent, reason="Niet onze taak.")


def test_task_list_uses_a_fixed_number_of_queries(app, region_setup):
    clients = {}
    for username in ("agent", "coord", "juf"):
        clients[username] = app.test_client()
        login(clients[username], username, PASSWORD)
        clients[username].get("/taken")

    def count_queries(username):
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            assert clients[username].get("/taken").status_code == 200
        return counter.count

    few = {username: count_queries(username) for username in clients}
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "coord"))
        for n in range(12):
            _add_family_with_tasks(n, coordinator, region_setup["police"])
        school_child = db.session.scalar(select(Person).where(Person.name == "Tim Eerste"))
        dossier = db.session.get(Dossier, region_setup["dossier"])
        create_tasks(dossier, [TaskTemplate("school_signal", region_setup["school"], school_child.id,
                                            Label(f"Signaal {n}", f"Signal {n}"), clock.today(), f"s:{n}")
                               for n in range(8)], coordinator, clock.today())
        db.session.commit()
    many = {username: count_queries(username) for username in clients}
    # never more; one fewer where the declined tasks alone fill the short page of closed ones
    assert all(few[username] - 1 <= many[username] <= few[username] for username in clients), (few, many)
    html = clients["agent"].get("/taken").get_data(as_text=True)
    assert "Extra taak 11" in html and "Persoon 11" in html and "Klaar 11" in section(html, "afgesloten")
    coordinator_html = clients["coord"].get("/taken").get_data(as_text=True)
    assert "Niet onze taak." in section(coordinator_html, "opnieuw-toewijzen")
