"""A relapse is work, not just a state (issue 13, item 5). A new acute report in phase 2 takes the
case back to phase 1; then the coordinator and the team are told, the coordinator gets a task to
revise the safety plan with the team (the relapse itself writes no plan version, and nothing in the
name of whoever recorded the signal), reopens the plan in their own name, and is offered a case
conference about the relapse. The police's and Veilig Thuis's reports of one call-out are one
incident. Through the Flask test client on the demo region, and through the operations."""
import re
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier, Signal
from mda.dossiers.operations import MATCH, add_signal
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.safetyplan.models import SafetyPlan
from mda.tasks.models import Task
from tests.safetyplan.support import plans, save, user_client
from tests.support.web import csrf_token, form_post

FAMILY = "Gezin Martina"  # phase 2 (risk_care), coordinator "regisseur", police and Veilig Thuis on the team
NOW = "11:00"  # the tests run at Dutch noon


@pytest.fixture
def family(app, demo):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == FAMILY))
        assert dossier.state == "risk_care"
        return dossier.id


def signal_page(dossier_id: int) -> str:
    return f"/dossiers/{dossier_id}/signals/new"


def record_signal(client, dossier_id: int, **values):
    data = {"reported_on": clock.today().isoformat(), "reported_time": NOW, "reporter_kind": "police",
            "reporter_organisation_id": "", "violence_type": "physical", "acute": "y", "police_callout": "y",
            "description": "Politie-inzet: moeder met letsel, kinderen thuis.", **values}
    return form_post(client, signal_page(dossier_id), data, hidden=("once",))


def tasks_of(app, dossier_id: int, kind: str) -> list[Task]:
    with app.app_context():
        rows = db.session.scalars(select(Task).where(Task.dossier_id == dossier_id, Task.kind == kind)
                                  .order_by(Task.id)).all()
        db.session.expunge_all()
        return rows


def revisions(app, dossier_id: int, since: int = 0) -> list[Task]:
    """The coordinator's revision tasks made after task ``since`` (the demo had earlier relapses)."""
    return [task for task in tasks_of(app, dossier_id, "safety_plan_revision") if task.id > since]


def last_task_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1)) or 0


def relapses(app, dossier_id: int) -> list[TransitionLog]:
    with app.app_context():
        rows = db.session.scalars(select(TransitionLog).where(
            TransitionLog.dossier_id == dossier_id, TransitionLog.event == "relapse")).all()
        db.session.expunge_all()
        return rows


def inbox(app, username: str, dossier_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(InboxItem.kind).join(User, User.id == InboxItem.user_id).where(
            User.username == username, InboxItem.dossier_id == dossier_id).order_by(InboxItem.id)))


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def relapsed_by_the_police(app, dossier_id: int) -> Task:
    since = last_task_id(app)
    police = user_client(app, "politie")
    assert record_signal(police, dossier_id).status_code == 302
    [revision] = revisions(app, dossier_id, since)
    return revision


def test_an_acute_report_in_phase_two_tells_the_coordinator_and_the_team(app, family):
    before = {name: inbox(app, name, family) for name in ("regisseur", "veiligthuis", "politie")}
    relapsed_by_the_police(app, family)
    with app.app_context():
        assert db.session.get(Dossier, family).state == "safety"
    told = {name: inbox(app, name, family)[len(before[name]):] for name in before}
    assert "relapse" in told["regisseur"] and "acute_signal" in told["regisseur"]
    assert "relapse" in told["veiligthuis"] and "acute_signal" in told["veiligthuis"]
    assert "relapse" not in told["politie"]  # whoever recorded it knows
    page = user_client(app, "veiligthuis").get("/inbox").get_data(as_text=True)
    assert "Terugval: de casus is terug in fase 1" in page


def test_the_relapse_writes_no_plan_version_but_gives_the_coordinator_a_task(app, family):
    versions = plans(app, family)
    revision = relapsed_by_the_police(app, family)
    after = plans(app, family)
    assert [p.version for p in after] == [p.version for p in versions]  # no empty version
    assert after[-1].author_id != user_id(app, "politie") and after[-1].confirmations
    with app.app_context():
        coordinator = db.session.get(Dossier, family).coordinator
        assert revision.organisation_id == coordinator.organisation_id and revision.state == "open"
    assert revision.due_on > clock.today()
    tasks = user_client(app, "regisseur").get("/taken").get_data(as_text=True)
    assert "Veiligheidsplan met het team herzien na de terugval" in tasks


def test_phase_two_waits_until_the_coordinator_has_revised_the_plan(app, family):
    relapsed_by_the_police(app, family)
    page = user_client(app, "regisseur").get(f"/dossiers/{family}").get_data(as_text=True)
    assert "Na de terugval wordt het veiligheidsplan" in page and "eerst met het team herzien" in page


def test_the_coordinator_reopens_the_plan_from_the_task_in_their_own_name(app, family):
    revision = relapsed_by_the_police(app, family)
    version = plans(app, family)[-1].version
    coordinator = user_client(app, "regisseur")
    page = coordinator.get(f"/taken/{revision.id}").get_data(as_text=True)
    assert "Heropen het veiligheidsplan voor het team" in page
    assert f"/dossiers/{family}/casusoverleg/nieuw?aanleiding=terugval" in page
    response = coordinator.post(f"/dossiers/{family}/veiligheidsplan/heropenen",
                                data={"version": version, "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    reopened = plans(app, family)[-1]
    assert reopened.version == version + 1 and reopened.confirmations == []
    assert reopened.author_id == user_id(app, "regisseur") and "terugval" in reopened.change_summary
    [done] = [task for task in revisions(app, family) if task.id == revision.id]
    assert done.state == "done" and f"versie {reopened.version}" in done.result
    asked = [t for t in tasks_of(app, family, "safety_plan_contribution") if t.state == "open" and t.id > revision.id]
    assert len(asked) >= 3  # every partner that had confirmed confirms again
    shown = coordinator.get(f"/dossiers/{family}/veiligheidsplan").get_data(as_text=True)
    assert "Heropen het veiligheidsplan" not in shown and "Heropend na de terugval" in shown


def test_only_the_coordinator_reopens_the_plan_and_only_after_a_relapse(app, family):
    coordinator = user_client(app, "regisseur")
    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    reopen = f"/dossiers/{family}/veiligheidsplan/heropenen"
    version = plans(app, family)[-1].version
    response = coordinator.post(reopen, data={"version": version, "csrf_token": csrf_token(page)})
    assert response.status_code == 422 and "Er is geen terugval" in response.get_data(as_text=True)
    relapsed_by_the_police(app, family)
    police = user_client(app, "politie")
    page = police.get(f"/dossiers/{family}").get_data(as_text=True)
    assert "Heropen het veiligheidsplan" not in page
    assert police.post(reopen, data={"version": version, "csrf_token": csrf_token(page)}).status_code == 404
    assert plans(app, family)[-1].version == version


def test_a_new_version_saved_by_the_coordinator_is_the_revision(app, family):
    revision = relapsed_by_the_police(app, family)
    assert save(user_client(app, "veiligthuis"), family,
                warning_signals="Oplopende spanning rond de omgangsregeling.").status_code == 302
    assert revisions(app, family, revision.id - 1)[0].state == "open"  # a partner's change is not it
    assert save(user_client(app, "regisseur"), family,
                network_support="Tante Ilse belt elke avond na de terugval.").status_code == 302
    [revised] = revisions(app, family, revision.id - 1)
    assert revised.state == "done" and "opgeslagen na de terugval" in revised.result


def test_the_coordinator_is_offered_a_case_conference_about_the_relapse(app, family):
    relapsed_by_the_police(app, family)
    coordinator = user_client(app, "regisseur")
    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    assert 'id="terugval"' in page and "Plan een casusoverleg over de terugval" in page
    form = coordinator.get(f"/dossiers/{family}/casusoverleg/nieuw?aanleiding=terugval").get_data(as_text=True)
    agenda = form[form.index('name="agenda"'):form.index("</textarea>", form.index('name="agenda"'))]
    assert "1. De terugval van" in agenda and "Herziening van het veiligheidsplan na de terugval" in agenda
    assert "Dit casusoverleg gaat over de terugval" in form
    partner = user_client(app, "veiligthuis").get(f"/dossiers/{family}").get_data(as_text=True)
    assert 'id="terugval"' in partner and "Plan een casusoverleg" not in partner


def test_a_relapse_by_hand_tells_the_team_too(app, family):
    since = last_task_id(app)
    coordinator = user_client(app, "regisseur")
    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Dossier, family).version_id
    response = coordinator.post(f"/dossiers/{family}/stap", data={
        "event": "relapse", "version": version, "reason": "Moeder belt: vader staat weer voor de deur.",
        "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "relapse" in inbox(app, "veiligthuis", family) and "relapse" in inbox(app, "politie", family)
    assert len(revisions(app, family, since)) == 1


# --- one incident ---------------------------------------------------------------------------------

def test_the_police_and_veilig_thuis_on_one_call_out_are_one_incident(app, family):
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    since, relapsed_before = last_task_id(app), len(relapses(app, family))
    told_before = inbox(app, "veiligthuis", family)
    police = user_client(app, "politie")
    assert record_signal(police, family, reported_on=yesterday, reported_time="22:40").status_code == 302
    coordinator = user_client(app, "regisseur")
    with app.app_context():
        vt = db.session.scalar(select(User).where(User.username == "veiligthuis")).organisation_id
    response = record_signal(coordinator, family, reported_on=yesterday, reported_time="23:30",
                             reporter_kind="professional", reporter_organisation_id=str(vt), police_callout="",
                             description="Melding van Veilig Thuis na de politiemelding.")
    assert response.status_code == 302
    assert len(relapses(app, family)) == relapsed_before + 1
    assert len(revisions(app, family, since)) == 1
    told = inbox(app, "veiligthuis", family)
    assert told.count("relapse") == told_before.count("relapse") + 1
    assert told.count("acute_signal") == told_before.count("acute_signal") + 1  # the incident was acute once
    with app.app_context():
        first, second = db.session.scalars(select(Signal).where(Signal.dossier_id == family)
                                           .order_by(Signal.id.desc()).limit(2)).all()[::-1]
        assert second.same_incident_as_id == first.id
    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    timeline = page[page.index('id="tijdlijn"'):]
    assert "één incident, 2 meldingen" in timeline
    assert "Melding van Veilig Thuis na de politiemelding." in timeline and "Politie-inzet" in timeline
    assert "zelfde incident als de melding van" in page


def test_the_recorder_is_asked_when_a_same_day_report_has_no_time(app, family):
    relapsed_before = len(relapses(app, family))
    police = user_client(app, "politie")
    assert record_signal(police, family, reported_time="09:15").status_code == 302
    coordinator = user_client(app, "regisseur")
    asked = record_signal(coordinator, family, reported_time="", police_callout="", reporter_kind="citizen",
                          description="Buurvrouw belt over geschreeuw.")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 422 and "kan hetzelfde incident zijn" in html
    with app.app_context():
        callout = db.session.scalar(select(Signal.id).where(Signal.dossier_id == family)
                                    .order_by(Signal.id.desc()).limit(1))
    assert re.search(rf'<input[^>]*checked[^>]*value="{callout}"|<input[^>]*value="{callout}"[^>]*checked', html)
    linked = record_signal(coordinator, family, reported_time="", police_callout="", reporter_kind="citizen",
                           description="Buurvrouw belt over geschreeuw.", incident=str(callout))
    assert linked.status_code == 302 and len(relapses(app, family)) == relapsed_before + 1
    another = record_signal(coordinator, family, reported_time="", police_callout="", reporter_kind="citizen",
                            description="Later op de dag: opnieuw ruzie op straat.", incident="new")
    assert another.status_code == 302 and len(relapses(app, family)) == relapsed_before + 2


def test_a_report_of_an_earlier_incident_adds_no_relapse_through_the_operation(app, family):
    relapsed_before = len(relapses(app, family))
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        officer = db.session.scalar(select(User).where(User.username == "politie"))
        today = clock.today()
        first = add_signal(officer, dossier, reported_on=today, reported_time=time(8), reporter_kind="police",
                           violence_type="physical", acute=True, police_callout=True, description="Inzet 08:00")
        second = add_signal(dossier.coordinator, dossier, reported_on=today, reported_time=time(10),
                            reporter_kind="professional", violence_type="physical", description="Melding VT",
                            incident=MATCH)
        assert second.same_incident_as is first
        third = add_signal(dossier.coordinator, dossier, reported_on=today - timedelta(days=3),
                           reporter_kind="citizen", violence_type="physical", description="Ander incident",
                           incident=MATCH)
        assert third.same_incident_as is None
        db.session.commit()
        officer_id = officer.id
    assert len(relapses(app, family)) == relapsed_before + 2  # the first report and the other incident
    with app.app_context():
        assert db.session.scalar(select(SafetyPlan.id).where(SafetyPlan.dossier_id == family,
                                                             SafetyPlan.author_id == officer_id)) is None
