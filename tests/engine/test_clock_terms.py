"""Terms count from the Dutch date: at night the server's UTC date is still yesterday, and a term
counted from it is a day short. The engine is called without a date, so it reads the clock."""
from datetime import date, datetime, timezone

import pytest
import time_machine
from sqlalchemy import select

from mda.core import clock
from mda.engine.core import fire
from mda.extensions import db
from mda.casework.models import SafetyAssessment
from mda.tasks.models import Task
from tests import factories as make


def enter_safety_phase() -> dict[str, date]:
    """A registered case, assessed as unsafe, enters the safety phase; the due date of each task
    the phase creates, by kind."""
    made = make.team_case("Gezin Klok")
    dossier, coordinator, vt, vt_user = made["dossier"], made["coordinator"], made["vt"], made["vt_user"]
    make.accepted_application(dossier, vt_user)
    fire(dossier, "start_assessment", coordinator)
    db.session.add(SafetyAssessment(dossier_id=dossier.id, outcome="structural", route="mda_plus",
                                    assessed_on=clock.today(), organisation_id=vt.id, author_id=vt_user.id))
    db.session.flush()
    fire(dossier, "start_safety", coordinator)
    tasks = db.session.scalars(select(Task).where(Task.dossier_id == dossier.id,
                                                  Task.kind.in_(("police_risk_assessment", "safety_review"))))
    return {task.kind: task.due_on for task in tasks}


@pytest.mark.parametrize("instant, dutch_today, rihg_due, review_due", [
    # 23:30 UTC on Monday 26 April 2027 is already King's Day in Amsterdam. The RiHG (2 working
    # days) is due on Thursday the 29th from either date, as King's Day is no working day; the
    # review (two weeks, then the next working day) is due on Tuesday 11 May, not Monday the 10th.
    (datetime(2027, 4, 26, 23, 30, tzinfo=timezone.utc), date(2027, 4, 27), date(2027, 4, 29),
     date(2027, 5, 11)),
    # 23:30 UTC on King's Day is Wednesday 28 April in Amsterdam: the RiHG counts its 2 working
    # days from Wednesday (due Friday the 30th), not from King's Day (due Thursday).
    (datetime(2027, 4, 27, 23, 30, tzinfo=timezone.utc), date(2027, 4, 28), date(2027, 4, 30),
     date(2027, 5, 12)),
])
def test_due_dates_count_from_the_dutch_date_at_night(app_ctx, instant, dutch_today, rihg_due, review_due):
    with time_machine.travel(instant, tick=False):
        assert clock.today() == dutch_today != instant.date()
        due = enter_safety_phase()
    assert due == {"police_risk_assessment": rihg_due, "safety_review": review_due}
