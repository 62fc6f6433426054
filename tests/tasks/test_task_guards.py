"""Task completion rules are guards of the task workflow: the engine refuses them, whoever calls."""
from datetime import date

import pytest
from sqlalchemy import select

from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.errors import Refused
from mda.extensions import db
from mda.tasks.models import Task

DAY = date(2024, 3, 4)


@pytest.mark.parametrize("kind, code", [("trauma_screening", "record_the_screening"),
                                        ("safety_review", "hold_the_review")])
def test_a_screening_or_review_task_cannot_be_completed_directly(app_ctx, demo, kind, code):
    dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Kowalski"))
    coordinator = dossier.coordinator
    task = Task(dossier_id=dossier.id, kind=kind, title_nl="Taak", title_en="Task",
                organisation_id=coordinator.organisation_id, start_on=DAY, due_on=DAY)
    db.session.add(task)
    db.session.flush()
    fire(task, "accept", coordinator, today=DAY)
    with pytest.raises(Refused) as refused:
        fire(task, "complete", coordinator, result="Gedaan", today=DAY)
    assert [r.code for r in refused.value.reasons] == [code] and task.state == "accepted"
    fire(task, "complete", coordinator, result="Gedaan", today=DAY, through_record=True)
    assert task.state == "done"
