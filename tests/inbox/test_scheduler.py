"""The scheduler: a 30-day outage caught up exactly once; the digest holds exactly what it should;
two scheduler processes run for real at the same time send no mail twice and make no item twice;
on PostgreSQL a second scheduler waits for the first."""
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, time as clock_time, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.mail import digest_contents
from mda.inbox.models import InboxItem, OutboxMail
from mda.inbox.operations import notify
from mda.jobs.models import JobClaim, JobRun
from mda.tasks.creation import create_tasks
from tests.support.smtp import Keeper, smtp_server
from workflows import Label, TaskTemplate

ROOT = Path(__file__).resolve().parents[2]
START = date(2026, 11, 2)  # a Monday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=clock.ZONE)


def add_tasks(app, setup, organisation: str, dues) -> list[int]:
    with app.app_context():
        dossier = db.session.get(Dossier, setup["dossier"])
        templates = [TaskTemplate("other", setup[organisation], None, Label(f"Taak {n}", f"Task {n}"), due,
                                  f"test:{organisation}:{n}") for n, due in enumerate(dues)]
        tasks = create_tasks(dossier, templates, dossier.coordinator, clock.today())
        db.session.commit()
        return [task.id for task in tasks]


def scheduler_once(app, moment: datetime) -> str:
    with time_machine.travel(moment, tick=False):
        result = app.test_cli_runner().invoke(args=["mda", "scheduler", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def count(app, stmt) -> int:
    with app.app_context():
        return db.session.scalar(stmt)


def test_a_30_day_outage_is_caught_up_exactly_once(app, region_setup):
    with time_machine.travel(at(START, 1), tick=False):
        tasks = add_tasks(app, region_setup, "police", [START + timedelta(days=n) for n in range(1, 34)])
    scheduler_once(app, at(START, 2, 30))  # the last run before the outage
    down_until = START + timedelta(days=31)  # Thursday 3 December
    with time_machine.travel(at(START + timedelta(days=12), 14), tick=False), app.app_context():
        notify("task_assigned", url="/taken", key="during-the-outage", users=[region_setup["coord"]])
        db.session.commit()
    output = scheduler_once(app, at(down_until, 8))
    assert "task_reminders (2026-11-03): ok: 0 due tomorrow, 0 overdue" in output

    with app.app_context():
        runs = db.session.scalars(select(JobRun.run_key).where(JobRun.job == "task_reminders")
                                  .order_by(JobRun.run_key)).all()
        overdue = Counter(db.session.scalars(select(InboxItem.key).where(
            InboxItem.user_id == region_setup["agent"], InboxItem.kind == "task_overdue")))
        due_soon = db.session.scalars(select(InboxItem.key).where(
            InboxItem.user_id == region_setup["agent"], InboxItem.kind == "task_due_tomorrow")
            .order_by(InboxItem.id)).all()
    assert runs == [(START + timedelta(days=n)).isoformat() for n in range(32)]  # every day, once
    expected = {f"task_overdue:task:{task_id}:{(START + timedelta(days=n + 1)).isoformat()}"
                for n, task_id in enumerate(tasks) if START + timedelta(days=n + 1) < down_until}
    missed, duplicated = expected - set(overdue), [key for key, times in overdue.items() if times > 1]
    print(f"\n30-day outage: {len(expected)} overdue notices due, {len(missed)} missed, {len(duplicated)} twice")
    assert set(overdue) == expected and not missed and not duplicated
    # Before the outage: Monday's run reminded Tuesday's task; after it, only Friday's task is
    # still "due tomorrow" (the tasks due during the outage got their overdue notice instead).
    assert due_soon == [f"task_due_tomorrow:task:{tasks[0]}:2026-11-03",
                        f"task_due_tomorrow:task:{tasks[31]}:2026-12-04"]
    digests = count(app, select(func.count(OutboxMail.id)).where(
        OutboxMail.user_id == region_setup["coord"], OutboxMail.key.like("digest:%")))
    assert digests == 1  # the missed digests fold into one: every item in it, one mail

    before = [count(app, select(func.count(table.id))) for table in (InboxItem, OutboxMail, JobRun, JobClaim)]
    scheduler_once(app, at(down_until, 8, 5))  # a restart: nothing again
    assert [count(app, select(func.count(table.id))) for table in (InboxItem, OutboxMail, JobRun, JobClaim)] == before


def test_the_digest_holds_exactly_what_waited_for_it(app, region_setup):
    day = date(2026, 11, 10)
    coord = region_setup["coord"]
    with app.test_request_context():
        from mda.auth.models import User
        from mda.inbox.operations import save_preferences
        save_preferences(db.session.get(User, coord), {"relapse": "app"}, "coord@example.org")
        db.session.commit()

    def item(kind, key, moment):
        with time_machine.travel(moment, tick=False), app.app_context():
            [row] = notify(kind, url="/taken", key=key, users=[coord])
            db.session.commit()
            return row.id

    waited = item("task_assigned", "a", at(day - timedelta(days=1), 16))
    also = item("score_requested", "b", at(day, 7, 29))
    item("acute_signal", "urgent", at(day, 6))  # mailed at once
    item("relapse", "app only", at(day, 6))  # the user chose the app only for it
    read = item("task_overdue", "read", at(day, 6))
    later = item("task_declined", "after the digest time", at(day, 7, 31))
    with app.app_context():
        db.session.get(InboxItem, read).read_at = clock.utcnow()
        db.session.commit()
    scheduler_once(app, at(day, 7, 29))
    assert count(app, select(func.count(OutboxMail.id)).where(OutboxMail.key.like("digest:%"))) == 0
    scheduler_once(app, at(day, 7, 30))
    with app.app_context():
        assert [row.id for row in digest_contents(coord, day)] == [waited, also]
    scheduler_once(app, at(day + timedelta(days=1), 7, 30))
    with app.app_context():
        assert [row.id for row in digest_contents(coord, day + timedelta(days=1))] == [later]
        [first, second] = db.session.scalars(select(OutboxMail).where(OutboxMail.key.like("digest:%"))
                                             .order_by(OutboxMail.id)).all()
    assert first.body == second.body and "http://mda.test/inbox\n" in first.body


def test_a_region_with_another_digest_time(app, region_setup):
    from mda.orgs.models import Region
    with app.app_context():
        db.session.get(Region, region_setup["region"]).digest_time = clock_time(18, 0)
        db.session.commit()
    day = date(2026, 11, 10)
    with time_machine.travel(at(day, 9), tick=False), app.app_context():
        notify("task_assigned", url="/taken", key="x", users=[region_setup["coord"]])
        db.session.commit()
    scheduler_once(app, at(day, 17, 59))
    assert count(app, select(func.count(OutboxMail.id))) == 0
    scheduler_once(app, at(day, 18, 1))
    assert count(app, select(func.count(OutboxMail.id))) == 1


# --- two schedulers at once ---------------------------------------------------------------------

def busy_region(app, setup) -> dict:
    """200 overdue tasks (in the police's digest) and 60 urgent items for two users (a mail each)."""
    day = START + timedelta(days=20)
    with time_machine.travel(at(START, 9), tick=False):
        tasks = add_tasks(app, setup, "police", [START + timedelta(days=1 + n % 15) for n in range(200)])
        with app.app_context():
            for n in range(60):
                notify("acute_signal", url="/dossiers", key=f"acute:{n}", users=[setup["coord"], setup["ingrid"]])
            db.session.commit()
    return {"tasks": tasks, "moment": at(day, 8)}


def run_together(app, database_url, moment, *extra) -> list[subprocess.CompletedProcess]:
    # The wall clock, not the test's moved one (noon of today, hours away from now): both are
    # running by then, they import the app first.
    start = time_machine.escape_hatch.time.time() + 6
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-m", "tests.support.scheduler_process", database_url,
                                   moment.isoformat(), str(start), *extra], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def assert_nothing_twice(app, setup, busy, keeper, results):
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    with app.app_context():
        overdue = Counter(db.session.scalars(select(InboxItem.key).where(
            InboxItem.user_id == setup["agent"], InboxItem.kind == "task_overdue")))
        mails = db.session.scalars(select(OutboxMail)).all()
        runs = Counter(db.session.execute(select(JobRun.job, JobRun.run_key)).all())
    received = Counter((to, message.get_payload(decode=True).decode()) for (to,), message in keeper.messages)
    duplicates = sum(n - 1 for n in received.values() if n > 1) + sum(n - 1 for n in overdue.values() if n > 1)
    missed = (len(busy["tasks"]) - len(overdue)) + sum(1 for mail in mails if mail.sent_at is None)
    for result in results:
        print(result.stdout)
    print(f"\ntwo schedulers at once: {len(overdue)} overdue items, {len(mails)} mails, "
          f"{len(keeper.messages)} received; {duplicates} duplicates, {missed} missed")
    assert duplicates == 0 and missed == 0
    assert len(keeper.messages) == len(mails) == 60 * 2 + 1  # at once, and the police's digest
    assert all(mail.attempts == 1 for mail in mails) and max(runs.values()) == 1


@pytest.mark.parametrize("lock", ["--no-lock", "--lock"])
def test_two_schedulers_at_once_send_nothing_twice(app, database_url, region_setup, lock):
    if lock == "--lock" and not database_url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's")
    busy = busy_region(app, region_setup)
    keeper = Keeper()
    with smtp_server(keeper) as port:
        extra = ["--smtp-port", str(port)] + ([lock] if lock == "--no-lock" else [])
        results = run_together(app, database_url, busy["moment"], *extra)
    assert_nothing_twice(app, region_setup, busy, keeper, results)


def test_on_postgresql_a_second_scheduler_waits_for_the_first(app, database_url, region_setup):
    if not database_url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's")
    from mda.jobs.scheduler import only_scheduler
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with app.app_context(), only_scheduler(print):
        process = subprocess.Popen([sys.executable, "-m", "tests.support.scheduler_process", database_url,
                                    at(START, 8).isoformat(), "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(8)
        assert process.poll() is None  # waiting on the lock
        assert count(app, select(func.count(JobRun.id))) == 0
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    assert "Another scheduler is running: waiting until it stops" in out
    assert count(app, select(func.count(JobRun.id))) > 0


def test_old_claims_are_purged_and_no_reminder_comes_twice_for_it(app, region_setup):
    from mda.inbox.reminders import overdue
    from mda.jobs.claims import purge_claims
    with time_machine.travel(at(START, 9), tick=False):
        [task_id] = add_tasks(app, region_setup, "police", [START + timedelta(days=1)])
    later = START + timedelta(days=3)
    with time_machine.travel(at(later, 3), tick=False), app.app_context():
        assert overdue(later) == 1
        db.session.commit()
    much_later = later + timedelta(days=401)
    with time_machine.travel(at(much_later, 3), tick=False), app.app_context():
        assert purge_claims(much_later) == 1
        overdue(much_later)  # claimed again, but the event's item is there: nothing new
        db.session.commit()
        keys = db.session.scalars(select(InboxItem.key).where(InboxItem.kind == "task_overdue")).all()
    assert keys == [f"task_overdue:task:{task_id}:{(START + timedelta(days=1)).isoformat()}"]
