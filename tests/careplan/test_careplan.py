"""The care plan and trauma screenings through the Flask test client on the demo region: coverage
and the phase-3 guard, interventions as tasks, evaluations, screening rules, and who sees what."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.careplan import operations as ops
from mda.core import clock
from mda.dossiers.models import Dossier, Person, TeamMembership
from mda.engine.core import available
from mda.errors import RuleError
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.careplan.models import CareGoal, CareIntervention, TraumaScreening
from mda.tasks.models import Task
from tests.support.web import QueryCounter, login

HIDDEN = re.compile(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"')


def submit(client, path, data):
    """GETs the form at ``path`` and POSTs ``data`` with the form's hidden fields."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    hidden = dict(HIDDEN.findall(page.get_data(as_text=True)))
    return client.post(path, data={**hidden, **data})


def as_user(app, username):
    client = app.test_client()
    login(client, username)
    return client


def ids(app, reference):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
        return dossier.id, {p.name.split()[0]: p.id for p in dossier.persons}


def org_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))


def drop_goals(app, dossier_id):
    with app.app_context():
        db.session.execute(delete(CareGoal).where(CareGoal.dossier_id == dossier_id))
        db.session.commit()


def add_police(app, dossier_id):
    with app.app_context():
        police = db.session.scalar(select(Organisation).where(Organisation.kind == "police"))
        db.session.add(TeamMembership(dossier_id=dossier_id, organisation_id=police.id, team_role="justice",
                                      legal_basis="vital_interest", status="active", joined_on=clock.today()))
        db.session.commit()


def recovery_reasons(app, dossier_id):
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        user = db.session.scalar(select(User).where(User.username == "regisseur"))
        action = next(a for a in available(dossier, user) if a.event == "start_recovery")
        return action.allowed, {reason.code: reason.nl for reason in action.reasons}


def goal(client, dossier_id, person_id, **values):
    data = {"person_id": person_id, "kind": "recovery", "description": "Herstel en welzijn.", **values}
    return submit(client, f"/dossiers/{dossier_id}/zorgplan/doelen/nieuw", data)


def screen(client, dossier_id, person_id, **values):
    data = {"status": "done", "screened_on": clock.today().isoformat(), **values}
    return submit(client, f"/dossiers/{dossier_id}/traumascreening/{person_id}", data)


def section(html):
    return html[html.index('id="zorgplan"'):html.index("</section>", html.index('id="traumascreening"'))]


def test_care_plan_must_cover_everyone_before_phase_3(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")  # phase 2, screening tasks with GGZ
    drop_goals(app, dossier_id)
    client = as_user(app, "regisseur")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Nog geen doel voor: Tomasz Kowalski, Katarzyna Kowalska" in html
    allowed, reasons = recovery_reasons(app, dossier_id)
    assert not allowed and "no_care_plan" in reasons and "screening_missing" in reasons

    response = goal(client, dossier_id, people["Tomasz"], kind="risk", risk_factor="addiction",
                    description="Stoppen met alcoholgebruik.")
    assert response.status_code == 302
    allowed, reasons = recovery_reasons(app, dossier_id)
    assert not allowed
    assert reasons["care_plan_incomplete"] == ("Het zorgplan heeft nog geen doel voor: Katarzyna Kowalska, "
                                               "Julia Kowalska, Kacper Kowalski, Ewa Zielińska")

    for name in ("Katarzyna", "Julia", "Kacper", "Ewa"):
        assert goal(client, dossier_id, people[name]).status_code == 302
    allowed, reasons = recovery_reasons(app, dossier_id)
    assert "care_plan_incomplete" not in reasons and "no_care_plan" not in reasons
    assert "Tomasz Kowalski" in reasons["screening_missing"]

    client = as_user(app, "ggz")
    assert screen(client, dossier_id, people["Tomasz"], instrument="pcl5", score="20").status_code == 302
    assert screen(client, dossier_id, people["Katarzyna"], instrument="tsq", score="6").status_code == 302
    assert screen(client, dossier_id, people["Julia"], instrument="cries13", score="29").status_code == 302
    assert screen(client, dossier_id, people["Kacper"], status="refused",
                  reason="Ouders willen eerst rust in het gezin.").status_code == 302
    assert recovery_reasons(app, dossier_id) == (True, {})
    with app.app_context():
        tasks = db.session.scalars(select(Task).where(Task.dossier_id == dossier_id,
                                                      Task.kind == "trauma_screening")).all()
        assert {t.state for t in tasks} == {"done"}
        assert all(not re.search(r"\d", t.result) for t in tasks)


def test_goal_form_keeps_input_and_explains(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "regisseur")
    response = goal(client, dossier_id, people["Julia"], kind="risk", risk_factor="",
                    description="Een eigen hulpverlener voor Julia.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Noem de risicofactor die dit risicogestuurde doel wegneemt." in html
    assert "Een eigen hulpverlener voor Julia." in html
    response = goal(client, dossier_id, people["Julia"], risk_factor="debts")
    assert response.status_code == 422
    assert "Een herstelgericht doel heeft geen risicofactor" in response.get_data(as_text=True)


def test_interventions_become_tasks_on_the_partners_list(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    drop_goals(app, dossier_id)
    probation = org_id(app, "Reclassering Voorbeeld")
    care = org_id(app, "GGZ Voorbeeld")
    client = as_user(app, "regisseur")
    goal(client, dossier_id, people["Tomasz"], kind="risk", risk_factor="isolation",
         description="Een eigen netwerk opbouwen.")
    goal(client, dossier_id, people["Tomasz"], kind="risk", risk_factor="addiction", health_related="y",
         description="Verslavingsbehandeling afronden.")
    with app.app_context():
        plain, health = db.session.scalars(select(CareGoal.id).where(CareGoal.dossier_id == dossier_id)
                                           .order_by(CareGoal.id)).all()
    due = (clock.today() + timedelta(days=30)).isoformat()
    path = f"/dossiers/{dossier_id}/zorgplan/doelen/{plain}/interventies/nieuw"
    response = submit(client, path, {"description": "Deelname aan een sportvereniging", "organisation_id": probation,
                                     "due_on": due})
    assert response.status_code == 302
    refused = submit(client, f"/dossiers/{dossier_id}/zorgplan/doelen/{health}/interventies/nieuw",
                     {"description": "Intake verslavingszorg", "organisation_id": probation, "due_on": due})
    assert refused.status_code == 422
    assert "alleen naar een zorgpartner in het team" in refused.get_data(as_text=True)
    outsider = org_id(app, "Politie Eenheid Voorbeeld")
    assert submit(client, path, {"description": "x", "organisation_id": outsider, "due_on": due}).status_code == 422
    assert submit(client, path, {"description": "x", "organisation_id": probation,
                                 "due_on": "2000-01-01"}).status_code == 422
    assert submit(client, f"/dossiers/{dossier_id}/zorgplan/doelen/{health}/interventies/nieuw",
                  {"description": "Intake verslavingszorg", "organisation_id": care, "due_on": due}).status_code == 302
    with app.app_context():
        interventions = db.session.scalars(select(CareIntervention).join(CareGoal).where(
            CareGoal.dossier_id == dossier_id).order_by(CareIntervention.id)).all()
        assert len(interventions) == 2
        for intervention in interventions:
            task = db.session.get(Task, intervention.task_id)
            assert task.kind == "care_intervention" and task.dedupe_key == f"care_intervention:{intervention.id}"
            assert task.organisation_id == intervention.organisation_id and task.person_id == people["Tomasz"]

    client = as_user(app, "reclassering")
    tasks = client.get("/taken").get_data(as_text=True)
    assert "Zorgplan Tomasz Kowalski: Deelname aan een sportvereniging" in tasks
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Een eigen netwerk opbouwen." in page and "Gezondheidsdoel" in page
    assert "Verslavingsbehandeling" not in page and "Intake verslavingszorg" not in page
    client = as_user(app, "ggz")
    tasks = client.get("/taken").get_data(as_text=True)
    assert "Interventie uit het zorgplan voor Tomasz Kowalski (gezondheidsdoel" in tasks
    assert "Intake verslavingszorg" not in tasks
    assert "Verslavingsbehandeling afronden." in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)


def test_goal_evaluation(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    with app.app_context():
        goal_id = db.session.scalar(select(CareGoal.id).where(CareGoal.dossier_id == dossier_id,
                                                              CareGoal.person_id == people["Julia"]))
    path = f"/dossiers/{dossier_id}/zorgplan/doelen/{goal_id}/evaluatie"
    client = as_user(app, "ggz")
    missing = submit(client, path, {"evaluation": "partly", "evaluation_note": ""})
    assert missing.status_code == 422 and "Licht de evaluatie in een paar zinnen toe." in missing.get_data(as_text=True)
    future = submit(client, path, {"evaluation": "partly", "evaluation_note": "x",
                                   "evaluated_on": (clock.today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422
    stale = client.get(path).get_data(as_text=True)
    response = submit(client, path, {"evaluation": "partly", "evaluation_note": "Julia heeft een eigen hulpverlener.",
                                     "evaluated_on": clock.today().isoformat()})
    assert response.status_code == 302
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Deels behaald" in html and "Julia heeft een eigen hulpverlener." in html
    conflict = client.post(path, data={**dict(HIDDEN.findall(stale)), "evaluation": "achieved",
                                       "evaluation_note": "Mijn eigen oordeel",
                                       "evaluated_on": clock.today().isoformat()})
    assert conflict.status_code == 409 and "Mijn eigen oordeel" in conflict.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CareGoal, goal_id).evaluation == "partly"


def test_screening_is_refused_when_invalid(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "ggz")
    wrong_age = screen(client, dossier_id, people["Tomasz"], instrument="cries13", score="40")
    html = wrong_age.get_data(as_text=True)
    assert wrong_age.status_code == 422
    assert "De CRIES-13 is bedoeld voor kinderen en jongeren van 8 tot en met 18 jaar" in html
    adult_tool = screen(client, dossier_id, people["Julia"], instrument="pcl5", score="40")
    assert "volwassenen (18 jaar en ouder)" in adult_tool.get_data(as_text=True)
    out_of_range = screen(client, dossier_id, people["Tomasz"], instrument="pcl5", score="81")
    assert out_of_range.status_code == 422
    assert "De totaalscore van de PCL-5 loopt van 0 tot en met 80." in out_of_range.get_data(as_text=True)
    no_reason = screen(client, dossier_id, people["Kacper"], status="refused", reason=" ")
    assert no_reason.status_code == 422
    assert "Geef de reden waarom de screening is geweigerd of uitgesteld." in no_reason.get_data(as_text=True)
    future = screen(client, dossier_id, people["Tomasz"], instrument="pcl5", score="10",
                    screened_on=(clock.today() + timedelta(days=1)).isoformat())
    assert future.status_code == 422
    other = screen(client, dossier_id, people["Tomasz"], instrument="other", score="3")
    assert other.status_code == 422 and "Vul de naam van het instrument in." in other.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(TraumaScreening).where(TraumaScreening.dossier_id == dossier_id)).all() == []


def test_screening_within_four_weeks_is_saved_with_a_warning(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")  # last incident 180 days ago
    client = as_user(app, "ggz")
    response = screen(client, dossier_id, people["Tomasz"], instrument="pcl5", score="12",
                      screened_on=(clock.today() - timedelta(days=170)).isoformat())
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "het laatste incident was minder dan 4 weken vóór deze screening" in html
    assert "Screening wordt geadviseerd minstens 4 weken na de gebeurtenis" in section(html)
    later = screen(client, dossier_id, people["Katarzyna"], instrument="pcl5", score="12")
    assert "minder dan 4 weken" not in client.get(later.headers["Location"]).get_data(as_text=True)


def test_positive_screening_gives_a_care_partner_a_treatment_task(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "ggz")
    assert screen(client, dossier_id, people["Tomasz"], instrument="tsq", score="5").status_code == 302
    assert screen(client, dossier_id, people["Katarzyna"], instrument="kjts", band="red").status_code == 422
    assert screen(client, dossier_id, people["Katarzyna"], instrument="tsq", score="6").status_code == 302
    with app.app_context():
        screenings = {s.person_id: s for s in db.session.scalars(
            select(TraumaScreening).where(TraumaScreening.dossier_id == dossier_id))}
        assert screenings[people["Tomasz"]].treatment_task_id is None
        treatment = db.session.get(Task, screenings[people["Katarzyna"]].treatment_task_id)
        assert treatment.kind == "treatment" and treatment.organisation.name == "GGZ Voorbeeld"
        assert treatment.person_id == people["Katarzyna"]
    assert "Traumabehandeling aanbieden aan Katarzyna Kowalska" in client.get("/taken").get_data(as_text=True)


def test_without_a_care_partner_the_coordinator_gets_the_treatment_task(app, demo):
    dossier_id, people = ids(app, "Gezin Martina")  # phase 2, no care partner on the team
    client = as_user(app, "regisseur")
    assert screen(client, dossier_id, people["Shirley"], instrument="pcl5", score="33").status_code == 302
    with app.app_context():
        screening = db.session.scalar(select(TraumaScreening).where(TraumaScreening.dossier_id == dossier_id))
        assert db.session.get(Task, screening.treatment_task_id).organisation.name == "Wijkteam Voorbeeld-Noord"
        assert db.session.get(Task, screening.task_id).state == "done"


def test_demo_positive_screenings_get_their_treatment_task(app, demo):
    dossier_id, people = ids(app, "Gezin Pinas")  # phase 3, positive screenings without treatment
    client = as_user(app, "ggz")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Positief, nog geen behandeltaak" in html
    token = dict(HIDDEN.findall(html))["csrf_token"]
    response = client.post(f"/dossiers/{dossier_id}/traumascreening/{people['Marsha']}/behandeltaak",
                           data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        screening = db.session.scalar(select(TraumaScreening).where(TraumaScreening.person_id == people["Marsha"]))
        assert db.session.get(Task, screening.treatment_task_id).kind == "treatment"


def test_health_data_only_for_coordinator_and_care_partners(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    add_police(app, dossier_id)
    client = as_user(app, "ggz")
    screen(client, dossier_id, people["Tomasz"], instrument="pcl5", score="47")
    screen(client, dossier_id, people["Julia"], instrument="kjts", band="yellow")
    screen(client, dossier_id, people["Kacper"], status="refused", reason="Ouders willen eerst rust in het gezin.")
    goal(client, dossier_id, people["Katarzyna"], health_related="y", description="Traumabehandeling EMDR starten.")
    secrets = ("PCL-5", "KJTS", "Ouders willen eerst rust", "vervolg geadviseerd", "Traumabehandeling EMDR")

    for username in ("politie", "veiligthuis"):
        client = as_user(app, username)
        html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
        part = section(html)
        # Only completed / not completed: done, refused or postponed is health data like the result.
        assert "Afgerond" in part and "Nog niet afgerond" in part
        assert "Uitgevoerd" not in part and "Geweigerd" not in part and "Uitgesteld" not in part
        assert "Traumascreening geweigerd" not in html  # the screening task's result in the timeline
        assert "Gezondheidsdoel" in part
        for secret in secrets:
            assert secret not in html, (username, secret)
        assert ">47<" not in part and "Geel" not in part
        for person in ("Tomasz", "Kacper"):
            assert client.get(f"/dossiers/{dossier_id}/traumascreening/{people[person]}").status_code == 404
        assert client.get(f"/dossiers/{dossier_id}/zorgplan/doelen/nieuw").status_code == 404

    for username in ("ggz", "regisseur"):
        client = as_user(app, username)
        part = section(client.get(f"/dossiers/{dossier_id}").get_data(as_text=True))
        for secret in secrets:
            assert secret in part, (username, secret)
        assert ">47<" in part and "Geel" in part and "Geweigerd" in part
        history = client.get(f"/dossiers/{dossier_id}/traumascreening/{people['Tomasz']}").get_data(as_text=True)
        assert "PCL-5" in history and ">47<" in history


def test_partner_not_on_the_team_gets_404(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    with app.app_context():
        goal_id = db.session.scalar(select(CareGoal.id).where(CareGoal.dossier_id == dossier_id))
    client = as_user(app, "opvang")
    for path in (f"/dossiers/{dossier_id}", f"/dossiers/{dossier_id}/zorgplan/doelen/nieuw",
                 f"/dossiers/{dossier_id}/zorgplan/doelen/{goal_id}/evaluatie",
                 f"/dossiers/{dossier_id}/zorgplan/doelen/{goal_id}/interventies/nieuw",
                 f"/dossiers/{dossier_id}/traumascreening/{people['Tomasz']}"):
        assert client.get(path).status_code == 404, path


def test_care_plan_is_closed_outside_the_mda_phases(app, demo):
    dossier_id, people = ids(app, "Gezin Öztürk")  # registered
    client = as_user(app, "regisseur")
    assert client.get(f"/dossiers/{dossier_id}/zorgplan/doelen/nieuw").status_code == 404
    assert client.get(f"/dossiers/{dossier_id}/traumascreening/{people['Zeynep']}").status_code == 404
    assert "Doel toevoegen" not in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)


def test_section_uses_a_fixed_number_of_queries(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    counts = {}
    for username in ("ggz", "veiligthuis"):
        client = as_user(app, username)
        client.get(f"/dossiers/{dossier_id}")
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            assert client.get(f"/dossiers/{dossier_id}").status_code == 200
        counts[username] = [counter.count]
    client = as_user(app, "ggz")
    for name, score in (("Tomasz", "40"), ("Katarzyna", "10")):
        screen(client, dossier_id, people[name], instrument="pcl5", score=score)
    with app.app_context():
        goals = db.session.scalars(select(CareGoal).where(CareGoal.dossier_id == dossier_id)).all()
        care = db.session.scalar(select(Organisation.id).where(Organisation.name == "GGZ Voorbeeld"))
        for row in goals:
            row.health_related = True
            db.session.add(CareIntervention(goal_id=row.id, description="Gesprekken", organisation_id=care))
        db.session.commit()
    for username in ("ggz", "veiligthuis"):
        client = as_user(app, username)
        client.get(f"/dossiers/{dossier_id}")
        with QueryCounter(engine) as counter:
            assert client.get(f"/dossiers/{dossier_id}").status_code == 200
        counts[username].append(counter.count)
    assert counts["ggz"][0] == counts["ggz"][1] and counts["veiligthuis"][0] == counts["veiligthuis"][1], counts


def test_person_outside_the_screened_roles_has_no_screening(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "ggz")
    assert client.get(f"/dossiers/{dossier_id}/traumascreening/{people['Ewa']}").status_code == 404
    with app.app_context():
        assert db.session.get(Person, people["Ewa"]).role == "network"


def test_screening_recorded_meanwhile_is_a_conflict_and_reads_are_logged(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    path = f"/dossiers/{dossier_id}/traumascreening/{people['Tomasz']}"
    first, second = as_user(app, "ggz"), as_user(app, "regisseur")
    stale = dict(HIDDEN.findall(first.get(path).get_data(as_text=True)))
    assert screen(second, dossier_id, people["Tomasz"], instrument="pcl5", score="20").status_code == 302
    conflict = first.post(path, data={**stale, "status": "postponed", "screened_on": clock.today().isoformat(),
                                      "reason": "Meneer is opgenomen in een kliniek."})
    assert conflict.status_code == 409 and "Meneer is opgenomen in een kliniek." in conflict.get_data(as_text=True)
    with app.app_context():
        assert [s.status for s in db.session.scalars(select(TraumaScreening).where(
            TraumaScreening.dossier_id == dossier_id))] == ["done"]
        entries = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.person_id == people["Tomasz"])
            .order_by(AccessLogEntry.id)).all()
        recorded = [e for e in entries if e.object.startswith("trauma_screening:")]
        assert [(e.username, e.action, e.detail) for e in recorded] == [("regisseur", "create", "done")]
        assert any(e.username == "ggz" and e.action == "view" for e in entries)


def task_of(app, **where):
    with app.app_context():
        task = db.session.scalar(select(Task).filter_by(**where).order_by(Task.id.desc()))
        return task.id, task.version_id


def step(client, task_id, **data):
    page = client.get(f"/taken/{task_id}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    return client.post(f"/taken/{task_id}", data={"csrf_token": dict(HIDDEN.findall(page))["csrf_token"],
                                                   "version": version.group(1) or version.group(2), **data})


def test_health_goal_intervention_tasks_are_for_the_coordinator_and_care_partners_only(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    add_police(app, dossier_id)
    care = org_id(app, "GGZ Voorbeeld")
    coordinator = as_user(app, "regisseur")
    goal(coordinator, dossier_id, people["Tomasz"], kind="risk", risk_factor="psychiatric_problems",
         health_related="y", description="Traumaklachten behandelen.")
    with app.app_context():
        health_goal = db.session.scalar(select(CareGoal.id).where(CareGoal.dossier_id == dossier_id)
                                        .order_by(CareGoal.id.desc()))
    due = (clock.today() + timedelta(days=30)).isoformat()
    path = f"/dossiers/{dossier_id}/zorgplan/doelen/{health_goal}/interventies/nieuw"
    for description in ("Diagnostiek", "Groepstraining"):
        assert submit(coordinator, path, {"description": description, "organisation_id": care,
                                          "due_on": due}).status_code == 302
    with app.app_context():
        done_id, declined_id = db.session.scalars(select(CareIntervention.task_id).where(
            CareIntervention.goal_id == health_goal).order_by(CareIntervention.id)).all()
    ggz = as_user(app, "ggz")
    assert step(ggz, done_id, event="accept").status_code == 302
    assert step(ggz, done_id, event="complete", result="PTSS-diagnose gesteld").status_code == 302
    assert step(ggz, declined_id, event="decline", reason="Opgenomen in de kliniek").status_code == 302
    secrets = ("PTSS-diagnose", "Opgenomen in de kliniek", "Interventie uit het zorgplan")

    for username in ("politie", "reclassering", "veiligthuis"):
        client = as_user(app, username)
        html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
        html += client.get(f"/dossiers/{dossier_id}/tijdlijn").get_data(as_text=True)
        for secret in secrets:
            assert secret not in html, (username, secret)
        assert client.get(f"/taken/{done_id}").status_code == 404
        assert "PTSS-diagnose" not in client.get("/taken").get_data(as_text=True)
    for username in ("regisseur", "ggz"):
        html = as_user(app, username).get(f"/dossiers/{dossier_id}/tijdlijn").get_data(as_text=True)
        timeline = html[html.index('id="tijdlijn"'):]
        assert "PTSS-diagnose gesteld" in timeline and "Opgenomen in de kliniek" in timeline, username

    # The declined task cannot be handed to a partner that may not see health data.
    page = coordinator.get(f"/taken/{declined_id}").get_data(as_text=True)
    choices = page[page.index('id="reassign-organisation_id"'):]
    choices = choices[:choices.index("</select>")]
    assert "GGZ Voorbeeld" not in choices and "Reclassering" not in choices and "Politie" not in choices
    probation = org_id(app, "Reclassering Voorbeeld")
    response = step(coordinator, declined_id, event="reassign", organisation_id=probation, due_on=due)
    assert response.status_code == 422
    with app.test_request_context():
        from mda.tasks.lifecycle import reassign
        from mda.errors import Refused
        task = db.session.get(Task, declined_id)
        try:
            reassign(task, task.dossier.coordinator, organisation_id=probation, due_on=clock.today())
        except Refused as refused:
            assert [reason.code for reason in refused.reasons] == ["health_task"]
        else:
            raise AssertionError("reassigned a health task to probation")
        db.session.rollback()
    assert task_of(app, id=declined_id)[0] == declined_id
    with app.app_context():
        assert db.session.get(Task, declined_id).state == "declined"


def test_a_yellow_kjts_can_get_a_treatment_task(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    ggz = as_user(app, "ggz")
    assert screen(ggz, dossier_id, people["Julia"], instrument="kjts", band="yellow").status_code == 302
    with app.app_context():
        screening = db.session.scalar(select(TraumaScreening).where(TraumaScreening.person_id == people["Julia"]))
        assert screening.positive is False and screening.treatment_task_id is None
    html = ggz.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Vervolg geadviseerd, nog geen behandeltaak" in html
    treat_path = f"/dossiers/{dossier_id}/traumascreening/{people['Julia']}/behandeltaak"
    assert treat_path in html
    other = as_user(app, "veiligthuis")
    other_html = other.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Vervolg geadviseerd" not in other_html and treat_path not in other_html
    token = dict(HIDDEN.findall(other_html))["csrf_token"]
    assert other.post(treat_path, data={"csrf_token": token}).status_code == 404
    response = ggz.post(treat_path, data={"csrf_token": dict(HIDDEN.findall(html))["csrf_token"]})
    assert response.status_code == 302
    with app.app_context():
        screening = db.session.scalar(select(TraumaScreening).where(TraumaScreening.person_id == people["Julia"]))
        task = db.session.get(Task, screening.treatment_task_id)
        assert task.kind == "treatment" and task.organisation.name == "GGZ Voorbeeld"
    html = ggz.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Vervolg geadviseerd, nog geen behandeltaak" not in html and treat_path not in html
    assert "Traumabehandeling aanbieden aan Julia Kowalska" in ggz.get("/taken").get_data(as_text=True)


def test_the_operation_gives_health_interventions_only_to_care_partners(app, demo):
    """``add_intervention`` asks the policy (``health_work.give``) itself: called directly, without
    the form's choice list, an intervention towards a health goal for probation is refused."""
    dossier_id, people = ids(app, "Gezin Kowalski")
    drop_goals(app, dossier_id)
    probation, care = org_id(app, "Reclassering Voorbeeld"), org_id(app, "GGZ Voorbeeld")
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        health = ops.add_goal(coordinator, dossier, person_id=people["Tomasz"], kind="risk", risk_factor="addiction",
                              description="Verslavingsbehandeling afronden.", health_related=True)
        assert [org.id for org in ops.intervention_partners(coordinator, dossier, health)] == [care]
        due = clock.today() + timedelta(days=30)
        with pytest.raises(RuleError) as refused:
            ops.add_intervention(coordinator, dossier, health, description="Intake verslavingszorg",
                                 organisation_id=probation, due_on=due)
        assert refused.value.field == "organisation_id"
        given = ops.add_intervention(coordinator, dossier, health, description="Intake verslavingszorg",
                                     organisation_id=care, due_on=due)
        assert given.organisation_id == care
        db.session.rollback()
