"""What a person's "who looked at my data" report holds beyond the dossier's own entries: the
looks at the application from before the dossier existed, and the lists that showed the person
or their dossier, logged in one batch per request."""
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.audit.report import entries_about
from mda.auth.models import User
from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.intake.models import Application
from mda.orgs.models import Organisation
from mda.tasks.models import OPEN_STATES, Task
from tests.intake.support import apply, decide, latest_application_id, org_id, plan, user_id
from tests.support.web import QueryCounter, login


def report(app, dossier_id: int, person_id: int) -> str:
    client = app.test_client()
    login(client, "regisseur")
    return client.get(f"/dossiers/{dossier_id}/persons/{person_id}/inzage").get_data(as_text=True)


def entries(app, **where) -> list[AccessLogEntry]:
    with app.app_context():
        rows = list(db.session.scalars(select(AccessLogEntry).filter_by(**where).order_by(AccessLogEntry.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def accepted_application(app) -> tuple[int, int]:
    applicant = app.test_client()
    login(applicant, "politie")
    assert apply(applicant, app).status_code == 302
    application_id = latest_application_id(app)
    triage = app.test_client()
    login(triage, "zvh")
    assert triage.get("/triage").status_code == 200
    assert triage.get(f"/aanmeldingen/{application_id}").status_code == 200
    assert plan(triage, application_id).status_code == 302
    response = decide(triage, application_id, decision="accepted", reason="Structureel onveilig.",
                      coordinator_id=user_id(app, "regisseur"),
                      partner_ids=[org_id(app, "Veilig Thuis Regio Voorbeeld")])
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return application_id, db.session.get(Application, application_id).dossier_id


def test_looks_at_the_application_before_the_dossier_existed_are_in_the_person_report(app, demo):
    application_id, dossier_id = accepted_application(app)
    early = [e for e in entries(app, object=f"application:{application_id}") if e.dossier_id is None]
    assert {(e.username, e.action) for e in early} >= {("politie", "create"), ("zvh", "view"), ("zvh", "search")}
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.dossier_id == dossier_id))
        reported = {e.id for e in entries_about(dossier_id, person.id)}
        assert {e.id for e in early} <= reported
        other = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
        assert not {e.id for e in early} & {e.id for e in entries_about(other.id, other.persons[0].id)}
        person_id = person.id
    html = report(app, dossier_id, person_id)
    assert "Aanmelding bekeken" in html and "Aanmelding gedaan" in html and "Aanmelding gezien in een lijst" in html
    assert "zvh" in html and "politie" in html


def test_the_school_task_list_names_the_child_and_the_report_shows_it(app, demo):
    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.kind == "school"))
        # the newest signal in a dossier of the coordinator who reads the report: the list shows
        # open tasks and closed ones of the last few days, and only the coordinator sees the report
        coordinator = select(User.id).where(User.username == "regisseur").scalar_subquery()
        task = db.session.scalar(select(Task).join(Dossier, Dossier.id == Task.dossier_id).where(
            Task.organisation_id == school.id, Task.kind == "school_signal", Task.person_id.is_not(None),
            Dossier.coordinator_id == coordinator)
            .order_by(Task.state.not_in(OPEN_STATES), Task.closed_at.desc(), Task.id))
        dossier_id, person_id = task.dossier_id, task.person_id
    client = app.test_client()
    login(client, "school")
    assert client.get("/taken").status_code == 200
    listed = entries(app, username="school", action="search", object="task.list")
    assert (dossier_id, person_id) in {(e.dossier_id, e.person_id) for e in listed}
    assert all(e.person_id is not None for e in listed if e.dossier_id is not None)
    assert len(listed) == len({(e.dossier_id, e.person_id) for e in listed})  # each pair once
    html = report(app, dossier_id, person_id)
    assert "Gezien in de takenlijst" in html and "Basisschool De Regenboog" in html


def test_a_dossier_search_names_each_dossier_found_in_one_insert(app, demo):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
        dossier_id, person_id, name = dossier.id, dossier.persons[0].id, dossier.persons[0].name
    client = app.test_client()
    login(client, "regisseur")
    with app.app_context(), QueryCounter(db.engine) as counter:
        assert client.get(f"/dossiers?q={name.split()[0]}").status_code == 200
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]
    assert len(inserts) == 1
    found = entries(app, username="regisseur", action="search", object="dossier.list")
    assert [e.dossier_id for e in found if e.dossier_id is not None] == [dossier_id]
    assert "Gezien in de lijst of zoekresultaten van dossiers" in report(app, dossier_id, person_id)


def test_the_statements_of_the_task_list_do_not_grow_with_its_rows(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    client.get("/taken")
    with app.app_context(), QueryCounter(db.engine) as counter:
        assert client.get("/taken").status_code == 200
    listed = entries(app, username="regisseur", action="search", object="task.list")
    assert len(listed) > 2
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]
    assert len(inserts) == 1


def test_the_triage_member_opens_the_dossier_on_behalf_of_the_appointed_coordinator(app, demo):
    application_id, dossier_id = accepted_application(app)
    (created,) = entries(app, dossier_id=dossier_id, action="create", object="dossier")
    assert created.username == "zvh" and "(regisseur)" in created.on_behalf_of
    assert all(not e.on_behalf_of for e in entries(app) if e.id != created.id)
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.dossier_id == dossier_id))
    assert "namens" in report(app, dossier_id, person_id)


def person_report(app, username: str, dossier_id: int) -> str:
    client = app.test_client()
    login(client, username)
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.dossier_id == dossier_id).order_by(Person.id))
    response = client.get(f"/dossiers/{dossier_id}/persons/{person_id}/inzage")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_agenda_names_each_family_it_shows_and_the_report_shows_it(app, demo):
    from tests.conferences.support import ids, latest_conference, plan
    coordinator = app.test_client()
    login(coordinator, "wijkteam")
    assert plan(coordinator, app).status_code == 302
    dossier_id = ids(app)[0]
    assert latest_conference(app)
    for username in ("politie", "wijkteam"):  # an invited partner, and the coordinator with its choice of families
        client = app.test_client()
        login(client, username)
        assert client.get("/agenda").status_code == 200
        listed = entries(app, username=username, action="search", object="conference.agenda")
        assert dossier_id in {e.dossier_id for e in listed}
    assert "Gezien in de agenda van casusoverleggen" in person_report(app, "wijkteam", dossier_id)


def test_the_family_choice_on_the_application_form_is_in_the_person_report(app, demo):
    from mda.auth.models import User
    from tests import factories as make
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        make.dossier(coordinator, "Gezin Keuze", persons=("Sanne Keuze",))  # registered: an application may follow
        db.session.commit()
    client = app.test_client()
    login(client, "regisseur")
    html = client.get("/aanmeldingen").get_data(as_text=True)
    listed = entries(app, username="regisseur", action="search", object="application.dossier_choice")
    shown = [e.dossier_id for e in listed]
    assert shown and len(shown) == len(set(shown))
    with app.app_context():
        references = {d.id: d.reference for d in db.session.scalars(select(Dossier).where(Dossier.id.in_(shown)))}
    assert all(f'<option value="{dossier_id}">{references[dossier_id]}</option>' in html for dossier_id in shown)
    assert "Gezien in de keuze van een gezin voor een aanmelding" in person_report(app, "regisseur", shown[0])
