"""The server accepts only the ids a page offered: a crafted request that names a school in another
region for a child (Handle with Care would send the child's name there), a reporting organisation
of another region, or a person, note or partner outside the dossier, gets the form back with a
message and nothing is saved."""
import pytest
from sqlalchemy import func, select

from mda.dossiers.models import Dossier, Note, Person, PersonStatement, Signal, TeamMembership
from mda.extensions import db
from mda.demo.region import OTHER_REGION
from mda.intake.models import Application
from mda.orgs.models import Organisation, Region
from mda.careplan.models import CareGoal
from mda.closing.models import Handover
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import login, post_form

REFUSED = "Kies een van de genoemde mogelijkheden."


@pytest.fixture
def world(app, demo):
    """A child in a dossier the demo coordinator runs, a school and a local team in another region,
    and a person and a note of a dossier this coordinator does not run."""
    with app.app_context():
        elsewhere = db.session.scalar(select(Region).where(Region.name == OTHER_REGION))
        other_school = make.organisation(elsewhere, "Basisschool Elders", "school")
        outsider = db.session.scalar(select(Organisation).where(Organisation.name == "Wijkteam Elders-Centrum"))
        child = db.session.scalar(select(Person).join(Dossier).join(Dossier.coordinator)
                                  .where(Person.role == "child", Dossier.coordinator.has(username="regisseur"))
                                  .order_by(Person.id))
        foreign = db.session.scalar(select(Dossier).where(Dossier.coordinator.has(username="wijkteam"))
                                    .order_by(Dossier.id))
        world = {"school": other_school.id, "outsider": outsider.id, "dossier": child.dossier_id,
                 "child": child.id, "child_school": child.school_id, "child_version": child.version_id,
                 "child_dob": child.date_of_birth.isoformat(), "child_name": child.name,
                 "foreign_person": foreign.persons[0].id, "foreign_note": foreign.notes[0].id,
                 "dossier_version": child.dossier.version_id}
        db.session.commit()
    return world


def count(app, model, **filters) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def refused(response, message=REFUSED) -> bool:
    html = response.get_data(as_text=True)
    return response.status_code == 422 and message in html and "<form" in html


NO_SCHOOL = "Kies de school van het kind uit de lijst: alleen een school of kinderopvang in uw regio"


def test_a_school_in_another_region_is_refused_for_a_child(app, client, world):
    login(client, "regisseur")
    base = f"/dossiers/{world['dossier']}/persons"
    tasks_before = count(app, Task, organisation_id=world["school"])
    edit = post_form(client, f"{base}/{world['child']}/edit", {
        "name": world["child_name"], "role": "child", "date_of_birth": world["child_dob"],
        "school_id": world["school"], "version": world["child_version"]})
    assert refused(edit, NO_SCHOOL)
    added = post_form(client, f"{base}/new", {"name": "Nieuw Kind", "role": "child", "date_of_birth": "2016-03-01",
                                              "school_id": world["school"]})
    assert refused(added, NO_SCHOOL)
    with app.app_context():
        assert db.session.get(Person, world["child"]).school_id == world["child_school"]
    assert count(app, Person, name="Nieuw Kind") == 0
    assert count(app, Task, organisation_id=world["school"]) == tasks_before


def test_a_reporting_organisation_in_another_region_is_refused(app, client, world):
    login(client, "regisseur")
    signal = {"reported_on": "2024-01-15", "reporter_kind": "professional",
              "reporter_organisation_id": world["outsider"], "violence_type": "physical",
              "description": "Melding van elders."}
    signals_before = count(app, Signal, dossier_id=world["dossier"])
    assert refused(post_form(client, f"/dossiers/{world['dossier']}/signals/new", signal))
    assert count(app, Signal, dossier_id=world["dossier"]) == signals_before
    new = post_form(client, "/dossiers/new", {**signal, "reference": "Gezin Gemaakt", "persons-0-name": "Ada Gemaakt",
                                              "persons-0-role": "victim"})
    assert refused(new)
    assert count(app, Dossier, reference="Gezin Gemaakt") == 0


@pytest.mark.parametrize("case", ["team member", "safety holder", "note about", "statement of", "statement next to",
                                  "goal for", "partner involved"])
def test_every_other_id_chosen_in_a_form_is_checked_against_what_the_page_offered(app, client, world, case):
    login(client, "regisseur")
    base = f"/dossiers/{world['dossier']}"
    path, data, model, filters = {
        "team member": (f"{base}/team/new", {"organisation_id": world["outsider"], "team_role": "support",
                                            "legal_basis": "meldcode"},
                        TeamMembership, {"organisation_id": world["outsider"]}),
        "safety holder": (f"{base}/zicht-op-veiligheid/overdragen",
                          {"organisation_id": world["outsider"], "watches": "Alles.", "frequency": "monthly",
                           "until": "2099-01-01"},
                          Handover, {"organisation_id": world["outsider"]}),
        "note about": (f"{base}/notes", {"kind": "fact", "person_id": world["foreign_person"], "body": "Gezien."},
                       Note, {"person_id": world["foreign_person"], "body": "Gezien."}),
        "statement of": (f"{base}/statements/new", {"person_id": world["foreign_person"], "body": "Mijn woorden."},
                         PersonStatement, {"person_id": world["foreign_person"]}),
        "statement next to": (f"{base}/statements/new", {"person_id": world["child"], "note_id": world["foreign_note"],
                                                          "body": "Mijn woorden."},
                              PersonStatement, {"note_id": world["foreign_note"]}),
        "goal for": (f"{base}/zorgplan/doelen/nieuw", {"person_id": world["foreign_person"], "kind": "recovery",
                                                       "description": "Herstel."},
                     CareGoal, {"person_id": world["foreign_person"]}),
        "partner involved": ("/aanmeldingen/nieuw", {"family_reference": "Gezin Elders", "involved": world["outsider"],
                                                     "action": "save", "persons-0-name": "Bo Elders",
                                                     "persons-0-role": "victim"},
                             Application, {"family_reference": "Gezin Elders"}),
    }[case]
    before = count(app, model, **filters)
    token_page = {"note about": base, "safety holder": f"{base}/zicht-op-veiligheid"}.get(case, path)
    response = post_form(client, path, data, token_page=token_page)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<form" in html, case
    assert REFUSED in html or "Kies een persoon uit het dossier." in html, case
    assert count(app, model, **filters) == before, case
