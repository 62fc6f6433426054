from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier, Person
from mda.tasks.creation import create_tasks
from mda.casework.facts import case_facts
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make
from workflows import Label, TaskTemplate, tasks_on_entering

PASSWORD = "pw"


def born_years_ago(years: int) -> date:
    today = clock.today()
    return date(today.year - years, 3, 1)


@pytest.fixture
def region_setup(app):
    """A family in phase 1 (safety) with the tasks the engine creates on entering it: a safety-plan
    contribution per team partner, the police RiHG, a Handle-with-Care signal for the school and
    the coordinator's safety review. Besides: a probation service and an outside coordinator."""
    with app.app_context():
        reg = make.region()
        team = make.organisation(reg, "Wijkteam Noord")
        vt = make.organisation(reg, "Veilig Thuis Test", "vt")
        police = make.organisation(reg, "Politie Test", "police")
        care = make.organisation(reg, "GGZ Test", "care")
        probation = make.organisation(reg, "Reclassering Test", "probation")
        school = make.organisation(reg, "Basisschool De Regenboog", "school")
        coordinator = make.user(team, "coord", "coordinator", password=PASSWORD)
        for org, username in ((vt, "vt"), (police, "agent"), (care, "ggz"), (probation, "recl"),
                              (school, "juf")):
            make.user(org, username, password=PASSWORD)
        make.user(make.organisation(reg, "Wijkteam Zuid"), "ander", "coordinator", password=PASSWORD)
        dossier = make.dossier(coordinator, "Gezin Eerste", partners=[vt, police, care], state="safety",
                               persons=("Ria Eerste",))
        dossier.persons.append(Person(name="Kees Eerste", role="perpetrator",
                                      date_of_birth=born_years_ago(40)))
        dossier.persons.append(Person(name="Tim Eerste", role="child", date_of_birth=born_years_ago(9),
                                      school_id=school.id))
        dossier.signals[0].police_callout = True
        db.session.flush()
        templates = tasks_on_entering("safety", case_facts(dossier), task_context(reg.id))
        create_tasks(dossier, templates, coordinator, clock.today())
        db.session.commit()
        tasks = {(t.kind, t.organisation_id): t.id
                 for t in db.session.scalars(select(Task).where(Task.dossier_id == dossier.id))}
        ids = {"dossier": dossier.id, "team": team.id, "vt": vt.id, "police": police.id,
               "care": care.id, "probation": probation.id, "school": school.id,
               "rihg": tasks[("police_risk_assessment", police.id)],
               "vt_contribution": tasks[("safety_plan_contribution", vt.id)],
               "police_contribution": tasks[("safety_plan_contribution", police.id)],
               "school_signal": tasks[("school_signal", school.id)],
               "child": dossier.persons[2].id}
    return ids


def add_task(app, dossier_id: int, organisation_id: int, title: str, due_in_days: int,
             kind: str = "other") -> int:
    """A task due ``due_in_days`` from today (negative: overdue)."""
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        template = TaskTemplate(kind, organisation_id, None, Label(title, title),
                                clock.today() + timedelta(days=due_in_days), f"test:{title}")
        [task] = create_tasks(dossier, [template], dossier.coordinator, clock.today())
        db.session.commit()
        return task.id


def get_task(app, task_id: int) -> Task:
    with app.app_context():
        task = db.session.get(Task, task_id)
        db.session.expunge(task)
        return task
