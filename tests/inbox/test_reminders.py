"""Reminders fall on the right working day: a task due on Monday is reminded on Friday, one due
after Christmas on the day before it; an overdue task is told once, a task given a new due date
again for that date."""
from datetime import date, datetime, time, timedelta

import time_machine
from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.inbox.reminders import task_reminders
from mda.tasks.creation import create_tasks
from mda.tasks.models import Task
from workflows import Label, TaskTemplate


def at(day: date, hour: int = 2) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=clock.ZONE)


def add_task(app, setup, due: date, name: str) -> int:
    with app.app_context():
        dossier = db.session.get(Dossier, setup["dossier"])
        [task] = create_tasks(dossier, [TaskTemplate("other", setup["police"], None, Label(name, name), due,
                                                     f"test:{name}")], dossier.coordinator, clock.today())
        db.session.commit()
        return task.id


def run_on(app, *days: date) -> None:
    for day in days:
        with time_machine.travel(at(day), tick=False), app.app_context():
            task_reminders(day)
            db.session.commit()


def reminders(app, setup, kind: str) -> list[tuple[str, date]]:
    """(key, the Dutch day it came) of the police officer's items of ``kind``."""
    with app.app_context():
        rows = db.session.execute(select(InboxItem.key, InboxItem.created_at).where(
            InboxItem.user_id == setup["agent"], InboxItem.kind == kind).order_by(InboxItem.id)).all()
    return [(key.split(":", 1)[1], clock_day(moment)) for key, moment in rows]


def clock_day(moment: datetime) -> date:
    from datetime import timezone
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(clock.ZONE).date()


def test_a_task_due_on_monday_or_at_the_weekend_is_reminded_on_friday(app, region_setup):
    thursday, friday, saturday, sunday, monday = (date(2026, 11, 26) + timedelta(days=n) for n in range(5))
    with time_machine.travel(at(date(2026, 11, 20), 12)):
        on_monday = add_task(app, region_setup, monday, "maandag")
        on_saturday = add_task(app, region_setup, saturday, "zaterdag")
    run_on(app, thursday, friday, saturday, sunday, friday)
    assert reminders(app, region_setup, "task_due_tomorrow") == [
        (f"task:{on_monday}:2026-11-30", friday), (f"task:{on_saturday}:2026-11-28", friday)]


def test_after_christmas_the_reminder_comes_on_the_last_working_day_before(app, region_setup):
    with time_machine.travel(at(date(2026, 12, 14), 12)):
        task_id = add_task(app, region_setup, date(2026, 12, 28), "na kerst")
    run_on(app, *(date(2026, 12, 23) + timedelta(days=n) for n in range(5)))
    assert reminders(app, region_setup, "task_due_tomorrow") == [(f"task:{task_id}:2026-12-28", date(2026, 12, 24))]


def test_an_overdue_task_is_told_once_and_again_for_a_new_due_date(app, region_setup):
    monday = date(2026, 11, 30)
    with time_machine.travel(at(date(2026, 11, 20), 12)):
        task_id = add_task(app, region_setup, monday, "te laat")
    run_on(app, monday, date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3))
    assert reminders(app, region_setup, "task_overdue") == [(f"task:{task_id}:2026-11-30", date(2026, 12, 1))]
    with app.app_context():
        db.session.get(Task, task_id).due_on = date(2026, 12, 4)  # the coordinator gave it more time
        db.session.commit()
    run_on(app, date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7))
    assert [key for key, _ in reminders(app, region_setup, "task_due_tomorrow")] == [f"task:{task_id}:2026-12-04"]
    assert reminders(app, region_setup, "task_overdue") == [
        (f"task:{task_id}:2026-11-30", date(2026, 12, 1)), (f"task:{task_id}:2026-12-04", date(2026, 12, 7))]


def test_a_task_done_in_time_is_not_reminded(app, region_setup):
    with time_machine.travel(at(date(2026, 11, 20), 12)):
        task_id = add_task(app, region_setup, date(2026, 11, 30), "klaar")
    with app.app_context():
        from mda.engine.protection import force_state
        force_state(db.session.get(Task, task_id), "done")
        db.session.commit()
    run_on(app, date(2026, 11, 27), date(2026, 12, 1))
    assert reminders(app, region_setup, "task_due_tomorrow") == reminders(app, region_setup, "task_overdue") == []
