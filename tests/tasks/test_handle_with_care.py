"""Handle with Care: the police on the team record a call-out themselves, and the school of every
school-age child gets its signal at once, due before the next school day, only once."""
from datetime import date, timedelta

from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier, Person
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.casework.facts import case_facts
from mda.orgs.calendar import task_context
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import login, post_form
from tests.tasks.conftest import PASSWORD, born_years_ago
from workflows import WorkingCalendar, tasks_on_entering


def school_tasks(app, dossier_id):
    with app.app_context():
        rows = list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier_id, Task.kind == "school_signal").order_by(Task.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def expected_due(callout: date) -> date:
    calendar = WorkingCalendar()
    return max(calendar.next_working_day(callout), calendar.extend_to_working_day(clock.today()))


def callout(reported_on: date, description="Politie ter plaatse na melding van buren.") -> dict:
    return {"reported_on": reported_on.isoformat(), "reporter_kind": "police", "violence_type": "physical",
            "police_callout": "y", "description": description}


def assessment_dossier(app, region_setup) -> int:
    """A second family of the region, still in the safety assessment, with the police on the team."""
    with app.app_context():
        coordinator = db.session.get(Dossier, region_setup["dossier"]).coordinator
        police = db.session.get(Dossier, region_setup["dossier"]).memberships[2].organisation
        dossier = make.dossier(coordinator, "Gezin Tweede", partners=[police], state="safety_assessment")
        dossier.persons.append(Person(name="Noor Tweede", role="child", date_of_birth=born_years_ago(7),
                                      school_id=region_setup["school"]))
        dossier.persons.append(Person(name="Baby Tweede", role="child", date_of_birth=born_years_ago(1)))
        db.session.commit()
        return dossier.id


def test_police_record_a_call_out_and_the_school_is_told_at_once(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    login(client, "agent", PASSWORD)
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f"/dossiers/{dossier_id}/signals/new" in page
    yesterday = clock.today() - timedelta(days=1)
    response = post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(yesterday))
    assert response.status_code == 302
    [task] = school_tasks(app, dossier_id)  # the baby is not of school age
    assert (task.organisation_id, task.state) == (region_setup["school"], "open")
    assert task.due_on == expected_due(yesterday) and task.due_on >= clock.today()
    assert "Noor Tweede" in task.title_nl and "codewoord" in task.title_nl
    assert "Gezin" not in task.title_nl and "buren" not in task.title_nl
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).state == "safety_assessment"
    login(school := app.test_client(), "juf", PASSWORD)
    listing = school.get("/taken").get_data(as_text=True)
    assert "Handle with Care: Noor Tweede" in listing and "Gezin Tweede" not in listing


def test_entering_phase_one_later_does_not_repeat_the_school_signal(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    login(client, "agent", PASSWORD)
    assert post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(clock.today())).status_code == 302
    [task] = school_tasks(app, dossier_id)
    with app.app_context():
        row = db.session.get(Task, task.id)
        school_user = db.session.scalar(select(make.User).where(make.User.username == "juf"))
        fire(row, "accept", school_user)
        fire(row, "complete", school_user, result="Codewoord doorgegeven aan de mentor.")
        dossier = db.session.get(Dossier, dossier_id)
        created = create_tasks(dossier, tasks_on_entering("safety", case_facts(dossier, state="safety"),
                                                          task_context(dossier.region_id)),
                               dossier.coordinator, clock.today())
        assert "school_signal" not in {t.kind for t in created}
        db.session.commit()
    assert [t.state for t in school_tasks(app, dossier_id)] == ["done"]


def test_a_police_call_out_in_phase_one_is_a_relapse_with_one_school_signal(app, client, region_setup):
    dossier_id = region_setup["dossier"]  # phase 1, its school signal of today's call-out given
    yesterday = clock.today() - timedelta(days=1)
    login(client, "agent", PASSWORD)
    before = len(school_tasks(app, dossier_id))
    assert post_form(client, f"/dossiers/{dossier_id}/signals/new",
                     callout(yesterday, "Nieuwe inzet")).status_code == 302
    tasks = school_tasks(app, dossier_id)
    assert len(tasks) == before + 1
    keys = [t.dedupe_key for t in tasks]
    assert len(keys) == len(set(keys)) and tasks[-1].dedupe_key.endswith(yesterday.isoformat())
    assert tasks[-1].due_on == expected_due(yesterday)
    with app.app_context():
        relapse = db.session.scalar(select(TransitionLog).where(TransitionLog.event == "relapse"))
        assert relapse.username == "agent" and "Nieuwe inzet" in relapse.reason
        assert db.session.get(Dossier, dossier_id).state == "safety"


def test_only_the_police_on_the_team_and_the_coordinator_record_signals(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    for username in ("ggz", "vt"):
        login(partner := app.test_client(), username, PASSWORD)
        assert partner.get(f"/dossiers/{dossier_id}/signals/new").status_code == 404
        page = partner.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
        assert f"/dossiers/{dossier_id}/signals/new" not in page
    with app.app_context():
        other_police = make.organisation(db.session.get(Dossier, dossier_id).region, "Politie Elders", "police")
        make.user(other_police, "elders", password=PASSWORD)
        db.session.commit()
    login(outsider := app.test_client(), "elders", PASSWORD)
    assert outsider.get(f"/dossiers/{dossier_id}/signals/new").status_code == 404
    login(client, "agent", PASSWORD)
    invalid = post_form(client, f"/dossiers/{dossier_id}/signals/new", {"reporter_kind": "police",
                                                                       "violence_type": "physical"})
    assert invalid.status_code == 422 and "Vul de datum van de melding in." in invalid.get_data(as_text=True)
