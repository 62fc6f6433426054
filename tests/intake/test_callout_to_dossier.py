"""A police call-out in an application reaches the dossier the triage meeting opens from it: its
date and time, and each child's school, so the school gets its Handle with Care signal."""
from datetime import time, timedelta

from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.intake.models import Application
from mda.tasks.models import Task
from tests.intake.support import PERSONS, apply, decide, latest_application_id, org_id, plan, user_id
from tests.support.web import login


def callout_application(app, **overrides) -> dict:
    school = org_id(app, "Basisschool De Regenboog")
    return {"signal_police_callout": "y", "signal_reported_time": "22:40",
            "persons-2-school_id": str(school), **overrides}


def test_the_call_out_and_the_childs_school_reach_the_new_dossier(app, client, demo):
    login(client, "politie")
    response = apply(client, app, **callout_application(app))
    assert response.status_code == 302, response.get_data(as_text=True)
    application_id = latest_application_id(app)
    shown = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "22:40" in shown and "politie-inzet" in shown and "Basisschool De Regenboog" in shown
    login(triage := app.test_client(), "zvh")
    assert plan(triage, application_id).status_code == 302
    response = decide(triage, application_id, decision="accepted", reason="Structureel onveilig.",
                      coordinator_id=user_id(app, "regisseur"),
                      partner_ids=[org_id(app, "Veilig Thuis Regio Voorbeeld")])
    assert response.status_code == 302, response.get_data(as_text=True)
    school = org_id(app, "Basisschool De Regenboog")
    with app.app_context():
        dossier = db.session.get(Dossier, db.session.get(Application, application_id).dossier_id)
        (signal,) = dossier.signals
        assert signal.police_callout and signal.reported_time == time(22, 40)
        assert signal.reported_on == clock.today() - timedelta(days=3)
        child = next(p for p in dossier.persons if p.name == PERSONS[2])
        assert child.school_id == school
        [task] = db.session.scalars(select(Task).where(Task.dossier_id == dossier.id,
                                                       Task.kind == "school_signal")).all()
        assert (task.organisation_id, task.person_id, task.due_time) == (school, child.id, time(8, 30))
        school_staff = db.session.scalars(select(InboxItem.url).where(InboxItem.kind == "school_signal",
                                                                      InboxItem.key == f"school_signal:task:{task.id}"))
        assert set(school_staff) == {f"/taken/{task.id}"}
        task_id = task.id
    login(school_user := app.test_client(), "school")
    assert PERSONS[2] in school_user.get(f"/taken/{task_id}").get_data(as_text=True)


def test_a_call_out_without_its_time_or_a_school_that_is_no_school_is_refused(app, client, demo):
    login(client, "politie")
    with app.app_context():
        before = db.session.scalar(select(Application.id).order_by(Application.id.desc()).limit(1))
    response = apply(client, app, **callout_application(app, signal_reported_time=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul de tijd van de politie-inzet in" in html and "Gezin Wolters" in html
    police = org_id(app, "Politie Eenheid Voorbeeld")
    response = apply(client, app, **callout_application(app, **{"persons-2-school_id": str(police)}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies de school van het kind uit de lijst" in html
    assert latest_application_id(app) == before
