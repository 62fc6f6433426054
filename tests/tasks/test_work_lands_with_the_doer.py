"""Tasks go to whoever does the work, and close when it is done: a task goes only to an
organisation of a kind that does that work (the coordinator's organisation may stand in), a
partner that joins takes over the work held in its place, recording a screening completes its
task whoever held it, and a partner added to the team gets the usual role of its kind."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mda.careplan.operations import record_screening
from mda.core import clock
from mda.dossiers import operations as dossiers
from mda.dossiers.models import Dossier, Person, TeamMembership
from mda.engine.core import fire
from mda.engine.protection import force_state
from mda.errors import Refused
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.orgs.models import Organisation
from mda.tasks.creation import create_tasks
from mda.tasks.lifecycle import reassign, successor_of
from mda.tasks.models import Task
from mda.casework.facts import case_facts
from mda.auth.models import User
from tests import factories as make
from tests.support.web import login, post_form
from tests.tasks.conftest import PASSWORD, born_years_ago
from workflows import tasks_on_entering

WRONG_KIND = ("„Risicotaxatie politie (RiHG)” kan alleen naar politie (of, zolang die er niet is, naar de "
              "organisatie van de casusregisseur); Veilig Thuis Test (Veilig Thuis) kan deze taak niet krijgen.")


@pytest.fixture
def second_police(app, region_setup):
    """Another police unit of the region, on the family's team."""
    with app.app_context():
        dossier = db.session.get(Dossier, region_setup["dossier"])
        unit = make.organisation(dossier.region, "Politie Basisteam Zuid", "police")
        make.user(unit, "agent2", password=PASSWORD)
        dossier.memberships.append(TeamMembership(organisation_id=unit.id, team_role="justice",
                                                  legal_basis="vital_interest", status="active",
                                                  joined_on=clock.today()))
        db.session.commit()
        return unit.id


def held_by(task_id: int) -> tuple[int, str]:
    task = db.session.get(Task, task_id)
    while task.state == "reassigned":
        task = successor_of(task)
    return task.organisation_id, task.state


def test_a_police_risk_assessment_goes_to_police_or_the_coordinators_organisation(app, region_setup, second_police):
    with app.app_context():
        task = db.session.get(Task, region_setup["rihg"])
        coordinator = db.session.get(Dossier, region_setup["dossier"]).coordinator
        for other in ("vt", "care"):
            with pytest.raises(Refused) as refused:
                reassign(task, coordinator, organisation_id=region_setup[other])
            assert [r.code for r in refused.value.reasons] == ["wrong_kind_of_organisation"], other
        assert task.state == "open"
        handed = reassign(task, coordinator, organisation_id=second_police)
        assert (task.state, handed.organisation_id, handed.kind) == ("reassigned", second_police,
                                                                     "police_risk_assessment")
        back = reassign(handed, coordinator, organisation_id=region_setup["team"], reason="Wij pakken het op.")
        assert back.organisation_id == region_setup["team"]


def test_the_reassign_form_offers_only_organisations_that_do_the_work(app, client, region_setup, second_police):
    login(client, "coord", PASSWORD)
    page = f"/taken/{region_setup['rihg']}"
    html = client.get(page).get_data(as_text=True)
    start = html.index('id="reassign-organisation_id"')
    offered = html[start:html.index("</select>", start)]
    assert "Politie Basisteam Zuid" in offered and "Wijkteam Noord" in offered
    assert "Veilig Thuis Test" not in offered and "GGZ Test" not in offered
    assert "die dit werk doet: politie" in html

    due = (clock.today() + timedelta(days=3)).isoformat()
    response = post_form(client, page, {"event": "reassign", "version": "1",
                                        "organisation_id": str(region_setup["vt"]), "due_on": due})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert WRONG_KIND in html and 'href="#reassign-organisation_id"' in html
    with app.app_context():
        assert held_by(region_setup["rihg"]) == (region_setup["police"], "open")

    response = post_form(client, page, {"event": "reassign", "version": "1",
                                        "organisation_id": str(second_police), "due_on": due})
    assert response.status_code == 302
    assert "Politie Basisteam Zuid" in client.get("/taken").get_data(as_text=True)
    login(officer := app.test_client(), "agent2", PASSWORD)
    assert "Risicotaxatie huiselijk geweld" in officer.get("/taken").get_data(as_text=True)
    with app.app_context():
        assert held_by(region_setup["rihg"]) == (second_police, "open")


@pytest.fixture
def without_care(app):
    """A family in phase 2 whose team has no care partner yet: the coordinator's local team holds
    the four trauma screenings in its place. A GGZ of the region is invited."""
    with app.app_context():
        reg = make.region()
        team = make.organisation(reg, "Wijkteam Noord")
        police = make.organisation(reg, "Politie Test", "police")
        care = make.organisation(reg, "GGZ Test", "care")
        coordinator = make.user(team, "coord", "coordinator", password=PASSWORD)
        make.user(police, "agent", password=PASSWORD)
        make.user(care, "ggz", password=PASSWORD)
        dossier = make.dossier(coordinator, "Gezin Zonder Zorg", partners=[police], state="risk_care",
                               persons=("Ria Zorg",))
        dossier.signals[0].reported_on = clock.today() - timedelta(weeks=6)
        for name, role, age in (("Kees Zorg", "perpetrator", 41), ("Tim Zorg", "child", 9), ("Sam Zorg", "child", 12)):
            dossier.persons.append(Person(name=name, role=role, date_of_birth=born_years_ago(age)))
        db.session.flush()
        create_tasks(dossier, tasks_on_entering("risk_care", case_facts(dossier), task_context(reg.id)),
                     coordinator, clock.today())
        invitation = dossiers.add_team_member(coordinator, dossier, organisation_id=care.id, legal_basis="consent")
        db.session.commit()
        return {"dossier": dossier.id, "team": team.id, "care": care.id, "invitation": invitation.id,
                "persons": [p.id for p in dossier.persons]}


def screening_tasks(dossier_id: int, states=("open", "accepted")) -> list[Task]:
    return list(db.session.scalars(select(Task).where(
        Task.dossier_id == dossier_id, Task.kind == "trauma_screening", Task.state.in_(states)).order_by(Task.id)))


def test_the_care_partner_takes_over_the_screenings_when_it_joins(app, without_care):
    c = without_care
    with app.app_context():
        assert {t.organisation_id for t in screening_tasks(c["dossier"])} == {c["team"]}
        assert len(screening_tasks(c["dossier"])) == 4
        invitation = db.session.get(TeamMembership, c["invitation"])
        assert invitation.team_role == "care"  # the usual role of a care provider, not case coordination
        fire(invitation, "accept", db.session.scalar(select(User).where(User.username == "ggz")))
        db.session.commit()
        moved = screening_tasks(c["dossier"])
        assert len(moved) == 4 and {t.organisation_id for t in moved} == {c["care"]}
        assert {t.person_id for t in moved} == set(c["persons"])
        others = db.session.scalars(select(Task).where(Task.dossier_id == c["dossier"], Task.state == "open",
                                                       Task.kind != "trauma_screening"))
        assert {t.organisation_id for t in others} == {c["team"]}  # the review stays with the coordinator
    login(care := app.test_client(), "ggz", PASSWORD)
    assert care.get("/taken").get_data(as_text=True).count("Traumascreening") == 4


def test_recording_all_screenings_completes_every_screening_task(app, without_care):
    """The GGZ records the four screenings, one of them for a task the local team still held:
    every screening task is done, none stays open."""
    c = without_care
    with app.app_context():
        ggz = db.session.scalar(select(User).where(User.username == "ggz"))
        fire(db.session.get(TeamMembership, c["invitation"]), "accept", ggz)
        dossier = db.session.get(Dossier, c["dossier"])
        first = screening_tasks(c["dossier"])[0]
        held_back = reassign(first, dossier.coordinator, organisation_id=c["team"], reason="Wij doen deze zelf.")
        db.session.commit()
        today = clock.today()
        for person in dossier.persons:
            values = ({"instrument": "cries13", "score": 12} if person.role == "child"
                      else {"instrument": "pcl5", "score": 20})
            record_screening(ggz, dossier, person, status="done", screened_on=today, version=0, **values)
        db.session.commit()
        assert screening_tasks(c["dossier"], ("open", "accepted", "declined")) == []
        assert db.session.get(Task, held_back.id).state == "done"
        assert {t.result for t in screening_tasks(c["dossier"], ("done",))} == {
            "Traumascreening uitgevoerd en vastgelegd in het zorgplan."}


@pytest.mark.parametrize("order", ["joins first", "assessment first"])
def test_veilig_thuis_gets_its_assessment_on_a_new_dossier(app, order):
    """A family registered as a new dossier, with Veilig Thuis invited to its team: the safety
    assessment is Veilig Thuis's, whether it joined before the assessment started or after."""
    with app.app_context():
        reg = make.region()
        team = make.organisation(reg, "Wijkteam Noord")
        vt = make.organisation(reg, "Veilig Thuis Test", "vt")
        coordinator = make.user(team, "coord", "coordinator")
        vt_user = make.user(vt, "vt")
        dossier = dossiers.create_dossier(
            coordinator, reference="Gezin Nieuw", summary="", persons=[{"name": "Ria Nieuw", "role": "victim"}],
            signal={"reported_on": clock.today(), "reporter_kind": "police", "violence_type": "physical"})
        invitation = dossiers.add_team_member(coordinator, dossier, organisation_id=vt.id, legal_basis="meldcode")
        assert invitation.team_role == "safety"
        if order == "joins first":
            fire(invitation, "accept", vt_user)
        fire(dossier, "start_assessment", coordinator)
        if order == "assessment first":
            fire(invitation, "accept", vt_user)
        [task] = db.session.scalars(select(Task).where(Task.dossier_id == dossier.id, Task.state == "open"))
        assert (task.kind, task.organisation_id) == ("safety_assessment", vt.id)


def test_the_police_take_over_a_restraining_order_decision_when_they_join(app, region_setup):
    """A RiHG recorded by Veilig Thuis without police on the team gave the coordinator's
    organisation the decision on a huisverbod; police joining the team take it over."""
    from mda.reviews.operations import record_risk_assessment
    with app.app_context():
        dossier = db.session.get(Dossier, region_setup["dossier"])
        police = next(m for m in dossier.memberships if m.organisation_id == region_setup["police"])
        force_state(police, "left")
        vt_user = db.session.scalar(select(User).where(User.username == "vt"))
        record_risk_assessment(vt_user, dossier, instrument="rihg", assessed_on=clock.today(), level="high",
                               outcome="Twee rode signalen in deel 1.", answers={"perpetrator_red": "2"})
        order = db.session.scalar(select(Task).where(Task.dossier_id == dossier.id, Task.kind == "restraining_order"))
        assert order.organisation_id == region_setup["team"]
        unit = make.organisation(dossier.region, "Politie Basisteam Zuid", "police")
        officer = make.user(unit, "agent2")
        invitation = dossiers.add_team_member(dossier.coordinator, dossier, organisation_id=unit.id,
                                              legal_basis="vital_interest")
        assert invitation.team_role == "justice"
        fire(invitation, "accept", officer)
        assert held_by(order.id) == (unit.id, "open")


def test_a_partner_added_to_the_team_gets_the_usual_role_of_its_kind(app, client, region_setup):
    with app.app_context():
        dossier = db.session.get(Dossier, region_setup["dossier"])
        shelter = make.organisation(dossier.region, "Blijf Groep Test", "shelter")
        om = make.organisation(dossier.region, "OM Test", "om")
        db.session.commit()
        shelter_id, om_id = shelter.id, om.id
    login(client, "coord", PASSWORD)
    path = f"/dossiers/{region_setup['dossier']}/team/new"
    page = client.get(path).get_data(as_text=True)
    assert 'value="">De gebruikelijke rol van dit soort organisatie</option>' in page
    for org, role, expected in ((region_setup["probation"], "", "justice"), (shelter_id, "", "support"),
                                (om_id, "process", "process")):
        response = post_form(client, path, {"organisation_id": str(org), "team_role": role,
                                            "legal_basis": "consent"})
        assert response.status_code == 302, response.get_data(as_text=True)
        with app.app_context():
            membership = db.session.scalar(select(TeamMembership).where(
                TeamMembership.dossier_id == region_setup["dossier"], TeamMembership.organisation_id == org))
            assert (membership.status, membership.team_role) == ("invited", expected)
    response = post_form(client, path, {"organisation_id": str(region_setup["probation"]), "team_role": "boss",
                                        "legal_basis": "consent"})
    assert response.status_code == 422


def test_no_task_in_the_demo_sits_with_an_organisation_that_does_not_do_that_work(app, demo):
    from workflows import may_hold
    with app.app_context():
        for task in db.session.scalars(select(Task).where(Task.state.in_(("open", "accepted", "declined")))):
            dossier = db.session.get(Dossier, task.dossier_id)
            organisation = db.session.get(Organisation, task.organisation_id)
            stands_in = organisation.id == dossier.coordinator.organisation_id
            assert may_hold(task.kind, organisation.kind, coordinators_organisation=stands_in), (
                dossier.reference, task.kind, organisation.name)
