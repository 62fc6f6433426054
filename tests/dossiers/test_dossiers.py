"""Integration tests of the dossier pages through the Flask test client on a real database."""
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.core.models import FormSubmission
from mda.dossiers.models import Dossier, Note, Person, Signal, TeamMembership
from mda.extensions import db
from mda.tasks.models import Task
from workflows import SchoolCalendar, school_signal_due
from tests.support.web import QueryCounter, csrf_token, hidden_value, login, masked, next_second_for_tokens, post_form

NEW_DOSSIER = {
    "reference": "Gezin Nieuw",
    "summary": "Herhaald partnergeweld; kinderen getuige.",
    "persons-0-name": "Fatma Nieuw", "persons-0-role": "victim", "persons-0-date_of_birth": "1990-04-02",
    "persons-1-name": "Kees Nieuw", "persons-1-role": "perpetrator", "persons-1-date_of_birth": "1987-09-12",
    "persons-2-name": "Mila Nieuw", "persons-2-role": "child", "persons-2-date_of_birth": "2017-05-20",
    "reported_on": clock.today().isoformat(), "reported_time": "07:45", "reporter_kind": "police",
    "reporter_organisation_id": "",
    "violence_type": "physical", "acute": "y", "police_callout": "y", "description": "Melding na huisbezoek.",
}


def log_rows(app, **filters):
    with app.app_context():
        stmt = select(AccessLogEntry).filter_by(**filters).order_by(AccessLogEntry.id)
        return list(db.session.scalars(stmt))


def test_coordinator_opens_a_dossier_with_persons_and_first_signal(app, client, region_setup):
    login(client, "coord", "pw")
    response = post_form(client, "/dossiers/new", {**NEW_DOSSIER, "persons-2-school_id": region_setup["school"]})
    assert response.status_code == 302
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Nieuw"))
        assert [(p.name, p.role, p.school_id) for p in dossier.persons] == [
            ("Fatma Nieuw", "victim", None), ("Kees Nieuw", "perpetrator", None),
            ("Mila Nieuw", "child", region_setup["school"])]
        assert dossier.signals[0].acute and dossier.signals[0].police_callout
        assert dossier.signals[0].reported_time == time(7, 45)
        assert dossier.state == "registered"
        assert [m.team_role for m in dossier.memberships] == ["lead"]
        dossier_id = dossier.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mila Nieuw" in page and "Melding na huisbezoek." in page
    entries = [(e.action, e.object) for e in log_rows(app, dossier_id=dossier_id)]
    with app.app_context():
        # The first signal is a police call-out: Mila's Handle-with-Care task exists at once.
        [school_signal] = db.session.scalars(select(Task).where(Task.dossier_id == dossier_id)).all()
        assert school_signal.kind == "school_signal" and "Mila Nieuw" in school_signal.title_nl
        assert school_signal.organisation_id == region_setup["school"]
        due = school_signal_due(datetime.combine(clock.today(), time(7, 45)), SchoolCalendar(),
                                clock.now().replace(tzinfo=None))
        assert (school_signal.due_on, school_signal.due_time) == (due.date(), time(8, 30))
    assert entries[:3] == [("create", "dossier"), ("create", f"task:{school_signal.id}"), ("view", "dossier.view")]
    assert entries.count(("view", "dossier.view")) == 1


def test_invalid_new_dossier_keeps_input_and_explains(app, client, region_setup):
    login(client, "coord", "pw")
    future = (clock.today() + timedelta(days=3)).isoformat()
    data = {**NEW_DOSSIER, "reference": "", "persons-0-date_of_birth": future, "persons-1-role": "alien"}
    response = post_form(client, "/dossiers/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een gezinsreferentie in." in html
    assert "Een geboortedatum kan niet in de toekomst liggen." in html
    assert "Kies een van de genoemde rollen." in html
    assert 'href="#reference"' in html and 'href="#persons-0-date_of_birth"' in html
    assert 'value="Fatma Nieuw"' in html and "Melding na huisbezoek." in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Dossier.id))) == 1


def test_new_dossier_needs_a_person(app, client, region_setup):
    login(client, "coord", "pw")
    data = {key: value for key, value in NEW_DOSSIER.items() if not key.startswith("persons")}
    html = post_form(client, "/dossiers/new", data).get_data(as_text=True)
    assert "Voeg ten minste één persoon toe." in html


def test_a_reference_in_use_elsewhere_in_the_region_reveals_nothing(app, client, region_setup):
    """A coordinator who cannot see "Gezin Eerste" learns nothing from choosing its reference."""
    login(client, "ander", "pw")
    response = post_form(client, "/dossiers/new", {**NEW_DOSSIER, "reference": "Gezin Eerste"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "in gebruik" not in html and "Ria Eerste" not in html
    with app.app_context():
        dossiers = db.session.scalars(select(Dossier).where(Dossier.reference == "Gezin Eerste")
                                      .order_by(Dossier.id)).all()
        assert [d.id for d in dossiers][0] == region_setup["dossier"] and len(dossiers) == 2
        assert [p.name for p in dossiers[0].persons] == ["Ria Eerste"]


def test_professional_cannot_open_a_dossier(app, client, region_setup):
    login(client, "agent", "pw")
    assert client.get("/dossiers/new").status_code == 404


def test_coordinator_adds_person_signal_partner_and_notes(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    base = f"/dossiers/{dossier_id}"
    assert post_form(client, f"{base}/persons/new",
                     {"name": "Tim Eerste", "role": "child", "date_of_birth": "2015-02-01"}).status_code == 302
    assert post_form(client, f"{base}/signals/new", {
        "reported_on": clock.today().isoformat(), "reporter_kind": "citizen", "violence_type": "psychological",
        "description": "Buren horen geschreeuw.", "incident": "new"}).status_code == 302
    with app.app_context():
        care_id = db.session.scalar(select(TeamMembership.organisation_id).where(False)) or \
            db.session.execute(db.text("SELECT id FROM organisation WHERE name = 'GGZ Zorg'")).scalar()
    assert post_form(client, f"{base}/team/new", {
        "organisation_id": str(care_id), "team_role": "care", "legal_basis": "consent"}).status_code == 302
    for kind, body in (("fact", "Moeder belde om 9 uur."), ("opinion", "Ik maak me zorgen."),
                       ("family_view", "Vader zegt dat het meevalt.")):
        assert post_form(client, f"{base}/notes", {"kind": kind, "body": body, "person_id": ""},
                         token_page=base).status_code == 302
    page = client.get(base).get_data(as_text=True)
    for text in ("Tim Eerste", "Buren horen geschreeuw.", "GGZ Zorg", "Moeder belde om 9 uur.",
                 "Mening", "Feit", "Eigen visie van het gezin"):
        assert text in page, text
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id))) == 3
        assert db.session.scalar(select(func.count(Signal.id))) == 2
    actions = [(e.action, e.object) for e in log_rows(app, dossier_id=dossier_id, outcome="allowed")]
    assert ("update", "person.add") in actions and ("update", "signal.add") in actions
    assert ("update", "note.add") in actions and any(o.startswith("team.invite") for _, o in actions)


def test_a_note_needs_its_kind_and_keeps_the_text(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "agent", "pw")
    response = post_form(client, f"/dossiers/{dossier_id}/notes", {"body": "Tekst blijft staan"},
                         token_page=f"/dossiers/{dossier_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geef aan of dit een feit, een mening of de eigen visie van het gezin is." in html
    assert "Tekst blijft staan" in html


def test_partner_cannot_add_persons_and_the_refusal_is_logged(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "agent", "pw")
    assert client.get(f"/dossiers/{dossier_id}").status_code == 200
    response = client.post(f"/dossiers/{dossier_id}/persons/new", data={"name": "X", "role": "child"})
    assert response.status_code in (400, 404)
    assert client.get(f"/dossiers/{dossier_id}/persons/new").status_code == 404
    denied = log_rows(app, dossier_id=dossier_id, outcome="denied")
    assert denied and denied[-1].username == "agent"


def test_future_birth_date_and_unknown_role_are_refused_on_a_person(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    future = (clock.today() + timedelta(days=1)).isoformat()
    html = post_form(client, f"/dossiers/{dossier_id}/persons/new",
                     {"name": "Nog Niet", "role": "ghost", "date_of_birth": future}).get_data(as_text=True)
    assert "Een geboortedatum kan niet in de toekomst liggen." in html
    assert "Kies een van de genoemde rollen." in html
    assert 'value="Nog Niet"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id))) == 1


def test_concurrent_edit_is_refused_not_overwritten(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    other = app.test_client()
    login(other, "coord", "pw")
    edit = f"/dossiers/{dossier_id}/edit"
    page_a = client.get(edit).get_data(as_text=True)
    page_b = other.get(edit).get_data(as_text=True)
    from tests.support.web import csrf_token
    first = other.post(edit, data={"reference": "Gezin Eerste", "summary": "Versie van B", "version": "1",
                                   "csrf_token": csrf_token(page_b)})
    assert first.status_code == 302
    second = client.post(edit, data={"reference": "Gezin Eerste", "summary": "Versie van A", "version": "1",
                                     "csrf_token": csrf_token(page_a)})
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "intussen gewijzigd" in html and "Versie van A" in html and f'href="{edit}"' in html
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).summary == "Versie van B"


def test_a_write_that_loses_the_race_at_the_flush_shows_the_conflict_page(app, client, region_setup, monkeypatch):
    """Both edits pass the version check; the other one commits first, so this one's UPDATE finds
    no row with its version (StaleDataError): the conflict page, the input kept, nothing lost."""
    from sqlalchemy import update

    from mda.dossiers import operations
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    edit = f"/dossiers/{dossier_id}/edit"
    page = client.get(edit).get_data(as_text=True)
    checked = operations.check_version

    def another_request_commits_meanwhile(row, version):
        checked(row, version)
        with db.engine.begin() as other:  # a second session, its own transaction
            other.execute(update(Dossier).where(Dossier.id == dossier_id)
                          .values(summary="Versie van B", version_id=Dossier.version_id + 1))

    monkeypatch.setattr(operations, "check_version", another_request_commits_meanwhile)
    response = client.post(edit, data={"reference": "Gezin Eerste", "summary": "Versie van A",
                                       "version": hidden_value(page, "version"), "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "intussen gewijzigd" in html and "Versie van A" in html and f'href="{edit}"' in html
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).summary == "Versie van B"
    refused = log_rows(app, dossier_id=dossier_id, outcome="denied", detail="stale version")
    assert [entry.object for entry in refused] == ["dossiers.edit"]


def test_dossier_list_uses_a_fixed_number_of_queries(app, client, region_setup):
    from tests import factories as make
    login(client, "coord", "pw")
    client.get("/dossiers")

    def count_queries():
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            assert client.get("/dossiers").status_code == 200
        return counter.count

    few = count_queries()
    with app.app_context():
        from mda.auth.models import User
        coordinator = db.session.scalar(select(User).where(User.username == "coord"))
        for n in range(25):
            make.dossier(coordinator, f"Gezin Extra {n}", persons=(f"Persoon {n}", f"Kind {n}"))
        db.session.commit()
    many = count_queries()
    assert many == few
    assert "Gezin Extra 24" in client.get("/dossiers").get_data(as_text=True)


def test_search_is_scoped_and_logged(app, client, region_setup):
    login(client, "ander", "pw")
    html = client.get("/dossiers?q=Eerste").get_data(as_text=True)
    assert "Gezin Eerste" not in html
    login(client := app.test_client(), "agent", "pw")
    html = client.get("/dossiers?q=ria").get_data(as_text=True)
    assert "Gezin Eerste" in html
    searches = log_rows(app, action="search", username="agent")
    assert searches and "ria" in searches[-1].detail


def test_coordinator_sees_who_looked_at_the_dossier(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    officer = app.test_client()
    login(officer, "agent", "pw")
    officer.get(f"/dossiers/{dossier_id}")
    assert officer.get(f"/dossiers/{dossier_id}/access-log").status_code == 404
    login(client, "coord", "pw")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Wie heeft dit dossier bekeken" in html and "agent" in html and "Politie Eenheid" in html
    full = client.get(f"/dossiers/{dossier_id}/access-log").get_data(as_text=True)
    assert full.count("agent") >= 2


def test_unknown_and_forbidden_dossiers_answer_the_same_404(app, client, region_setup, monkeypatch):
    login(client, "ander", "pw")
    forbidden = client.get(f"/dossiers/{region_setup['dossier']}")
    next_second_for_tokens(monkeypatch)
    missing = client.get("/dossiers/999999")
    assert forbidden.status_code == missing.status_code == 404
    # Identical but for the page's own address (in the language switch) and the CSRF tokens.
    assert (masked(forbidden.get_data(as_text=True)).replace(f"/dossiers/{region_setup['dossier']}", "/X")
            == masked(missing.get_data(as_text=True)).replace("/dossiers/999999", "/X"))
    denied = log_rows(app, outcome="denied", username="ander")
    assert {e.dossier_id for e in denied} == {region_setup["dossier"], 999999}


def test_a_person_adds_an_own_statement_next_to_a_disputed_note(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "agent", "pw")
    post_form(client, f"/dossiers/{dossier_id}/notes", {"kind": "opinion", "body": "Moeder bagatelliseert."},
              token_page=f"/dossiers/{dossier_id}")
    assert client.get(f"/dossiers/{dossier_id}/statements/new").status_code == 404  # coordinator only
    with app.app_context():
        note_id = db.session.scalar(select(Note.id))
        person_id = db.session.scalar(select(Person.id).where(Person.name == "Ria Eerste"))
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    path = f"/dossiers/{dossier_id}/statements/new"
    refused = post_form(coordinator, path, {"person_id": str(person_id), "note_id": str(note_id), "body": ""})
    assert refused.status_code == 422 and "Schrijf de verklaring op." in refused.get_data(as_text=True)
    response = post_form(coordinator, path, {"person_id": str(person_id), "note_id": str(note_id),
                                             "body": "Ik bagatelliseer niets; ik was bang."})
    assert response.status_code == 302
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    note_at = html.index("Moeder bagatelliseert.")
    statement_at = html.index("Ik bagatelliseer niets; ik was bang.")
    assert note_at < statement_at < html.index("Aantekening schrijven")
    assert "Eigen verklaring" in html
    # There is no way to change a statement afterwards.
    rules = [rule.rule for rule in app.url_map.iter_rules() if "statement" in rule.rule]
    assert rules == ["/dossiers/<id:dossier_id>/statements/new"]
    logged = log_rows(app, dossier_id=dossier_id, object="statement.add", outcome="allowed")
    assert logged and logged[0].person_id == person_id


def test_the_same_note_form_sent_twice_makes_one_note(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    data = {"kind": "fact", "person_id": "", "body": "Eén keer opgeslagen.", "csrf_token": csrf_token(page),
            "once": hidden_value(page, "once")}
    first, second = (client.post(f"/dossiers/{dossier_id}/notes", data=data) for _twice in range(2))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]  # the replay shows the first result
    assert "Dit formulier was al verstuurd" in client.get(second.headers["Location"]).get_data(as_text=True)
    again = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)  # a new form: a new note
    assert client.post(f"/dossiers/{dossier_id}/notes", data={
        **data, "csrf_token": csrf_token(again), "once": hidden_value(again, "once")}).status_code == 302
    with app.app_context():
        bodies = db.session.scalars(select(Note.body).where(Note.dossier_id == dossier_id)).all()
        assert bodies.count("Eén keer opgeslagen.") == 2


def test_the_same_signal_form_sent_twice_records_one_signal_and_a_strangers_token_is_refused(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    page = client.get(f"/dossiers/{dossier_id}/signals/new").get_data(as_text=True)
    data = {"reported_on": clock.today().isoformat(), "reporter_kind": "citizen", "reporter_organisation_id": "",
            "violence_type": "psychological", "description": "Buurman hoorde geschreeuw.", "incident": "new",
            "csrf_token": csrf_token(page), "once": hidden_value(page, "once")}
    statuses = [client.post(f"/dossiers/{dossier_id}/signals/new", data=data).status_code for _twice in range(2)]
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count(Signal.id)).where(
            Signal.description == "Buurman hoorde geschreeuw.")) == 1
    police = app.test_client()
    login(police, "agent", "pw")
    other = police.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    stolen = police.post(f"/dossiers/{dossier_id}/notes", data={
        "kind": "fact", "person_id": "", "body": "Met andermans formulier.", "csrf_token": csrf_token(other),
        "once": data["once"]})
    assert stolen.status_code == 400


def test_one_time_tokens_are_purged_once_no_form_can_be_sent_with_them(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", "pw")
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert client.post(f"/dossiers/{dossier_id}/notes", data={
        "kind": "fact", "person_id": "", "body": "Bewaard.", "csrf_token": csrf_token(page),
        "once": hidden_value(page, "once")}).status_code == 302
    runner = app.test_cli_runner()
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert "form_tokens: ok: 0" in runner.invoke(args=["mda", "run-jobs", "--today", tomorrow]).output
    later = (clock.today() + timedelta(days=3)).isoformat()
    assert "form_tokens: ok: 1" in runner.invoke(args=["mda", "run-jobs", "--today", later]).output
    with app.app_context():
        assert db.session.scalar(select(func.count(FormSubmission.id))) == 0
        assert db.session.scalar(select(func.count(Note.id)).where(Note.body == "Bewaard.")) == 1
