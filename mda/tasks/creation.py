"""Creating the tasks that ``workflows/`` plans (its ``TaskTemplate``s): once per key; the staff of
each task's organisation hear of it in their inbox."""
from datetime import date

from sqlalchemy import select

from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox import events
from mda.tasks.models import PENDING_STATES, Task
from workflows import TaskTemplate


def create_tasks(dossier: Dossier, templates: list[TaskTemplate], user, today: date) -> list[Task]:
    """Creates the templates' tasks, skipping any whose key a pending task already has (or any
    task at all, for a template meant to be created only ``once``)."""
    keyed = db.session.execute(select(Task.dedupe_key, Task.state).where(
        Task.dossier_id == dossier.id, Task.dedupe_key.is_not(None))).all()
    pending = {key for key, state in keyed if state in PENDING_STATES}
    ever = {key for key, _ in keyed}
    created = []
    for template in templates:
        if template.dedupe_key in (ever if template.once else pending):
            continue
        pending.add(template.dedupe_key)
        ever.add(template.dedupe_key)
        task = Task(dossier_id=dossier.id, kind=template.kind, title_nl=template.title.nl[:300],
                    title_en=template.title.en[:300], organisation_id=template.org_id,
                    person_id=template.person_id, start_on=today, due_on=template.due,
                    due_time=template.due_time, not_before=template.not_before,
                    dedupe_key=template.dedupe_key, created_by_id=user.id if user else None)
        db.session.add(task)
        created.append(task)
    if created:
        db.session.flush()
    for task in created:
        events.task_created(task, user, today)
    return created
