"""Two schedulers running the detection at the same moment, for real (two threads, two database
connections): every stalled case is escalated once, each level reached once, nobody told twice."""
import threading

from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.protection import force_state
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice
from mda.escalation.operations import detect_stalls
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.orgs.calendar import task_context
from tests.escalation.conftest import build_ladder, quiet_since

CASES = 6


def run_together(app, day) -> list[str]:
    barrier, outcomes = threading.Barrier(2), []

    def scheduler():
        with app.app_context():
            barrier.wait()
            outcomes.append(detect_stalls(day))
            db.session.remove()
    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def counts():
    return [db.session.scalar(select(func.count(model.id)))
            for model in (Escalation, EscalationLevel, EscalationNotice, InboxItem)]


def test_two_schedulers_at_once_escalate_each_case_once(app):
    with app.app_context():
        people = build_ladder()
        for number in range(CASES - 1):
            case = Dossier(region_id=people.region.id, reference=f"Gezin Tegelijk {number}",
                           coordinator_id=people.coordinator.id)
            db.session.add(case)
            db.session.flush()
            force_state(case, "safety")
        for case in db.session.scalars(select(Dossier)):
            quiet_since(case, 30)
        db.session.commit()
        today = clock.today()
        rise = task_context(people.region.id).calendar.add_working_days(today, 5)
    outcomes = run_together(app, today)
    assert len(outcomes) == 2 and sum(int(outcome.split()[0]) for outcome in outcomes) == CASES, outcomes
    with app.app_context():
        assert counts() == [CASES, CASES, 2 * CASES, 2 * CASES]
    outcomes = run_together(app, rise)
    assert sum(int(outcome.split(", ")[1].split()[0]) for outcome in outcomes) == CASES, outcomes
    with app.app_context():
        assert counts() == [CASES, 2 * CASES, 4 * CASES, 4 * CASES]
        assert db.session.scalar(select(func.count(Escalation.id)).where(Escalation.level == 2)) == CASES
