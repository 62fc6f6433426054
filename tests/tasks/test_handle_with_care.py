"""Handle with Care: the police on the team record a call-out (its date and time) themselves, and the
school of every school-age child gets its signal at once, urgently, due when school starts on the
next school day, only once. The school confirms receipt (it cannot decline); nobody else can
confirm; the coordinator is told when school starts without the school's confirmation."""
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from mda.casework.facts import case_facts
from mda.core import clock
from mda.dossiers import operations as dossiers
from mda.dossiers.models import Dossier, Person
from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.errors import RuleError
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.jobs.runner import TICKS, run_ticks
from mda.orgs.calendar import task_context
from mda.orgs.models import Region, SchoolHoliday
from mda.tasks.creation import create_tasks
from mda.tasks.handle_with_care import tell_coordinators_of_unconfirmed
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import form_post, login, post_form
from tests.tasks.conftest import PASSWORD, born_years_ago
from workflows import SchoolCalendar, school_signal_due, tasks_on_entering

FRIDAY_NIGHT = datetime(2027, 3, 5, 22, 45, tzinfo=clock.ZONE)  # a Friday, after a call-out at 22:40


def school_tasks(app, dossier_id):
    with app.app_context():
        rows = list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier_id, Task.kind == "school_signal").order_by(Task.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def inbox(app, username, kind=None):
    with app.app_context():
        stmt = select(InboxItem).join(make.User, make.User.id == InboxItem.user_id).where(
            make.User.username == username)
        if kind:
            stmt = stmt.where(InboxItem.kind == kind)
        return [(item.kind, item.url, item.dossier_id) for item in db.session.scalars(stmt.order_by(InboxItem.id))]


def expected_due(callout_day: date, at: time | None = None) -> tuple[date, time]:
    """When school next starts after the call-out, or after now when it is recorded later."""
    callout = datetime.combine(callout_day, at or time.max)
    due = school_signal_due(callout, SchoolCalendar(), clock.now().replace(tzinfo=None))
    return due.date(), due.time()


def callout(reported_on: date, description="Politie ter plaatse na melding van buren.", at="07:15") -> dict:
    return {"reported_on": reported_on.isoformat(), "reported_time": at, "reporter_kind": "police",
            "violence_type": "physical", "police_callout": "y", "description": description}


def assessment_dossier(app, region_setup, school=True) -> int:
    """A second family of the region, still in the safety assessment, with the police on the team."""
    with app.app_context():
        coordinator = db.session.get(Dossier, region_setup["dossier"]).coordinator
        police = db.session.get(Dossier, region_setup["dossier"]).memberships[2].organisation
        dossier = make.dossier(coordinator, "Gezin Tweede", partners=[police], state="safety_assessment")
        dossier.persons.append(Person(name="Noor Tweede", role="child", date_of_birth=born_years_ago(7),
                                      school_id=region_setup["school"] if school else None))
        dossier.persons.append(Person(name="Baby Tweede", role="child", date_of_birth=born_years_ago(1)))
        db.session.commit()
        return dossier.id


def noor(app, dossier_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.dossier_id == dossier_id,
                                                         Person.name == "Noor Tweede"))


def test_police_record_a_call_out_and_the_school_is_told_at_once(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    login(client, "agent", PASSWORD)
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f"/dossiers/{dossier_id}/signals/new" in page
    yesterday = clock.today() - timedelta(days=1)
    response = post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(yesterday, at="22:40"))
    assert response.status_code == 302
    [task] = school_tasks(app, dossier_id)  # the baby is not of school age
    assert (task.organisation_id, task.state) == (region_setup["school"], "open")
    assert (task.due_on, task.due_time) == expected_due(yesterday, time(22, 40))
    assert "Noor Tweede" in task.title_nl and "codewoord" in task.title_nl
    assert "Gezin" not in task.title_nl and "buren" not in task.title_nl
    with app.app_context():
        assert db.session.get(Dossier, dossier_id).state == "safety_assessment"
        [recorded] = [s for s in db.session.get(Dossier, dossier_id).signals if s.police_callout]
        assert (recorded.reported_on, recorded.reported_time) == (yesterday, time(22, 40))
    # urgent, to every staff member of the school, whose inbox never names the family
    assert ("school_signal", f"/taken/{task.id}", dossier_id) in inbox(app, "juf")
    assert inbox(app, "coord", "school_signal") == []
    login(school := app.test_client(), "juf", PASSWORD)
    listing = school.get("/taken").get_data(as_text=True)
    assert "Handle with Care: Noor Tweede" in listing and "Gezin Tweede" not in listing
    assert "08:30" in listing
    messages = school.get("/inbox").get_data(as_text=True)
    assert "Handle with Care" in messages and "Gezin Tweede" not in messages


def test_a_call_out_on_friday_at_22_40_is_due_when_school_starts_on_monday(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        login(client, "agent", PASSWORD)
        response = post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(date(2027, 3, 5), at="22:40"))
        assert response.status_code == 302
        [task] = school_tasks(app, dossier_id)
        assert (task.due_on, task.due_time) == (date(2027, 3, 8), time(8, 30))
        login(school := app.test_client(), "juf", PASSWORD)
        assert "8 maart 2027, 08:30" in school.get(f"/taken/{task.id}").get_data(as_text=True)


def test_before_school_starts_the_signal_is_due_that_same_morning(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    with time_machine.travel(datetime(2027, 3, 8, 7, 10, tzinfo=clock.ZONE), tick=False):
        login(client, "agent", PASSWORD)
        assert post_form(client, f"/dossiers/{dossier_id}/signals/new",
                         callout(date(2027, 3, 8), at="07:00")).status_code == 302
    [task] = school_tasks(app, dossier_id)
    assert (task.due_on, task.due_time) == (date(2027, 3, 8), time(8, 30))


def test_the_regions_school_holidays_and_school_start_set_the_due_moment(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    with app.app_context():
        region = db.session.get(Dossier, dossier_id).region
        region.school_starts_at = time(8, 15)
        db.session.add(SchoolHoliday(region_id=region.id, first_day=date(2027, 3, 8), last_day=date(2027, 3, 12),
                                     name="Voorjaarsvakantie"))
        db.session.commit()
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        login(client, "agent", PASSWORD)
        post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(date(2027, 3, 5), at="22:40"))
    [task] = school_tasks(app, dossier_id)
    assert (task.due_on, task.due_time) == (date(2027, 3, 15), time(8, 15))


def test_a_police_call_out_needs_its_time_of_day(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    login(client, "agent", PASSWORD)
    response = post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(clock.today(), at=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul de tijd van de politie-inzet in" in html and 'href="#reported_time"' in html
    later = (clock.now() + timedelta(hours=2)).strftime("%H:%M") if clock.now().hour < 21 else None
    if later:
        response = post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(clock.today(), at=later))
        assert response.status_code == 422
        assert "De tijd van de melding kan niet in de toekomst liggen." in response.get_data(as_text=True)
    assert school_tasks(app, dossier_id) == []


def test_entering_phase_one_later_does_not_repeat_the_school_signal(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    login(client, "agent", PASSWORD)
    assert post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(clock.today())).status_code == 302
    [task] = school_tasks(app, dossier_id)
    with app.app_context():
        row = db.session.get(Task, task.id)
        school_user = db.session.scalar(select(make.User).where(make.User.username == "juf"))
        fire(row, "confirm", school_user)
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
                     callout(yesterday, "Nieuwe inzet", at="23:10")).status_code == 302
    tasks = school_tasks(app, dossier_id)
    assert len(tasks) == before + 1
    keys = [t.dedupe_key for t in tasks]
    assert len(keys) == len(set(keys)) and tasks[-1].dedupe_key.endswith(yesterday.isoformat())
    assert (tasks[-1].due_on, tasks[-1].due_time) == expected_due(yesterday, time(23, 10))
    with app.app_context():
        relapse = db.session.scalar(select(TransitionLog).where(TransitionLog.event == "relapse"))
        assert relapse.username == "agent" and "Nieuwe inzet" in relapse.reason
        assert db.session.get(Dossier, dossier_id).state == "safety"


def test_only_the_police_and_veilig_thuis_on_the_team_and_the_coordinator_record_signals(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(veilig_thuis := app.test_client(), "vt", PASSWORD)  # it records the reports that come in
    assert veilig_thuis.get(f"/dossiers/{dossier_id}/signals/new").status_code == 200
    for username in ("ggz",):
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


# --- the school confirms; nobody else can ------------------------------------------------------

def test_the_school_confirms_receipt_and_the_coordinator_sees_it(app, client, region_setup):
    task_id = region_setup["school_signal"]
    page = f"/taken/{task_id}"
    login(client, "juf", PASSWORD)
    html = client.get(page).get_data(as_text=True)
    assert "Ontvangst bevestigen" in html and 'value="confirm"' in html
    for offered in ('value="accept"', 'value="decline"', 'value="complete"', "Afwijzen"):
        assert offered not in html, offered
    response = post_form(client, page, {"event": "confirm", "version": "1"})
    assert response.status_code == 302
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert task.state == "done" and task.closed_at is not None
    login(coordinator := app.test_client(), "coord", PASSWORD)
    dossier_page = coordinator.get(f"/dossiers/{region_setup['dossier']}").get_data(as_text=True)
    assert "Ontvangst bevestigd door de school" in dossier_page


def test_the_school_cannot_decline_a_signal(app, client, region_setup):
    task_id = region_setup["school_signal"]
    login(client, "juf", PASSWORD)
    response = post_form(client, f"/taken/{task_id}", {"event": "decline", "version": "1", "reason": "Geen tijd."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Een Handle with Care-signaal wordt niet afgewezen" in html
    with app.app_context():
        assert db.session.get(Task, task_id).state == "open"


def test_nobody_but_the_school_confirms_a_signal(app, client, region_setup):
    task_id = region_setup["school_signal"]
    login(client, "coord", PASSWORD)
    html = client.get(f"/taken/{task_id}").get_data(as_text=True)
    assert 'value="confirm"' not in html
    response = post_form(client, f"/taken/{task_id}", {"event": "confirm", "version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Alleen een medewerker van school of kinderopvang mag deze stap zetten." in html
    login(police := app.test_client(), "agent", PASSWORD)
    assert police.get(f"/taken/{task_id}").status_code == 404  # not the police's task to see
    with app.app_context():
        assert db.session.get(Task, task_id).state == "open"
        coordinator = db.session.scalar(select(make.User).where(make.User.username == "coord"))
        from mda.errors import Refused
        with pytest.raises(Refused) as refused:
            fire(db.session.get(Task, task_id), "confirm", coordinator)
        assert "organisation_not_permitted" in {reason.code for reason in refused.value.reasons}


# --- the child's school -------------------------------------------------------------------------

def test_a_non_school_organisation_is_refused_as_a_childs_school(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup)
    person_id = noor(app, dossier_id)
    login(client, "coord", PASSWORD)
    page = f"/dossiers/{dossier_id}/persons/{person_id}/edit"
    response = form_post(client, page, {"name": "Noor Tweede", "role": "child",
                                        "date_of_birth": born_years_ago(7).isoformat(),
                                        "school_id": str(region_setup["police"])})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies de school van het kind uit de lijst" in html and 'href="#school_id"' in html
    with app.app_context():
        assert db.session.get(Person, person_id).school_id == region_setup["school"]
        dossier = db.session.get(Dossier, dossier_id)
        coordinator = dossier.coordinator
        with pytest.raises(RuleError) as error:
            dossiers.add_person(coordinator, dossier, name="Sem Tweede", role="child",
                                date_of_birth=born_years_ago(10), school_id=region_setup["police"])
        assert error.value.field == "school_id" and "school" in str(error.value.message)
        db.session.rollback()


def test_the_signal_follows_the_child_to_the_school_once_it_is_recorded(app, client, region_setup):
    dossier_id = assessment_dossier(app, region_setup, school=False)
    login(client, "agent", PASSWORD)
    assert post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(clock.today())).status_code == 302
    [held] = school_tasks(app, dossier_id)
    assert held.organisation_id == region_setup["team"]  # the school is not known: the coordinator's team
    assert inbox(app, "coord", "school_signal") == [("school_signal", f"/taken/{held.id}", dossier_id)]
    assert ("school_signal", f"/taken/{held.id}", dossier_id) not in inbox(app, "juf")
    login(coordinator := app.test_client(), "coord", PASSWORD)
    hint = coordinator.get(f"/taken/{held.id}").get_data(as_text=True)
    assert "De school van Noor Tweede is niet bekend" in hint
    person_id = noor(app, dossier_id)
    response = form_post(coordinator, f"/dossiers/{dossier_id}/persons/{person_id}/edit", {
        "name": "Noor Tweede", "role": "child", "date_of_birth": born_years_ago(7).isoformat(),
        "school_id": str(region_setup["school"])})
    assert response.status_code == 302
    old, new = school_tasks(app, dossier_id)
    assert (old.state, new.state, new.organisation_id) == ("reassigned", "open", region_setup["school"])
    assert (new.due_on, new.due_time) == (held.due_on, held.due_time)
    assert ("school_signal", f"/taken/{new.id}", dossier_id) in inbox(app, "juf")  # as urgent as before


# --- the coordinator hears when school starts without the school's confirmation -----------------

def confirm_the_fixtures_signal(app, region_setup) -> None:
    with app.app_context():
        school_user = db.session.scalar(select(make.User).where(make.User.username == "juf"))
        fire(db.session.get(Task, region_setup["school_signal"]), "confirm", school_user)
        db.session.commit()


def test_the_coordinator_is_told_once_when_school_starts_without_confirmation(app, client, region_setup):
    confirm_the_fixtures_signal(app, region_setup)
    dossier_id = assessment_dossier(app, region_setup)
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        login(client, "agent", PASSWORD)
        post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(date(2027, 3, 5), at="22:40"))
    [task] = school_tasks(app, dossier_id)
    with app.app_context():
        monday = [datetime(2027, 3, 8, hour, minute, tzinfo=clock.ZONE) for hour, minute in ((8, 29), (8, 31), (9, 0))]
        told = [tell_coordinators_of_unconfirmed(moment) for moment in monday]
        assert told == ["coordinators told: 0", "coordinators told: 1", "coordinators told: 0"]  # once per signal
    assert inbox(app, "coord", "school_signal_unconfirmed") == [
        ("school_signal_unconfirmed", f"/taken/{task.id}", dossier_id)]
    assert inbox(app, "juf", "school_signal_unconfirmed") == []


def test_a_confirmed_signal_tells_the_coordinator_nothing_and_the_check_runs_on_every_tick(
        app, client, region_setup):
    assert "school_signals" in TICKS
    dossier_id = assessment_dossier(app, region_setup)
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        login(client, "agent", PASSWORD)
        post_form(client, f"/dossiers/{dossier_id}/signals/new", callout(date(2027, 3, 5), at="22:40"))
        login(school := app.test_client(), "juf", PASSWORD)
        [task] = school_tasks(app, dossier_id)
        assert post_form(school, f"/taken/{task.id}", {"event": "confirm", "version": "1"}).status_code == 302
    with app.app_context():
        with time_machine.travel(datetime(2027, 3, 8, 9, 0, tzinfo=clock.ZONE), tick=False):
            outcome = run_ticks()
        assert outcome["school_signals"] == "coordinators told: 1"
    # the fixture's own family in phase 1 has an open signal of today: that one is overdue by Monday
    assert [url for _, url, _ in inbox(app, "coord", "school_signal_unconfirmed")] == [
        f"/taken/{region_setup['school_signal']}"]


def test_the_demo_region_starts_school_at_half_past_eight(app):
    with app.app_context():
        region = make.region("Regio Nieuw")
        db.session.commit()
        assert db.session.get(Region, region.id).school_starts_at == time(8, 30)
