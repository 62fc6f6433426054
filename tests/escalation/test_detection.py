"""The scheduler finds stalled cases itself: each stall signal escalates a case to the team lead;
unresolved it rises to the procesregisseur and then the steering group on the working days the
ladder says, and the steering group's decision resolves it. The job is idempotent, catches up day
by day, leaves a case alone for a while after a decision, and reads the region's own settings."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.engine.protection import force_state
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice
from mda.escalation.operations import decide, detect_stalls
from mda.escalation.stalls import longest_stalled
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.jobs.runner import JOBS, run_due
from mda.orgs.calendar import task_context
from mda.reviews.models import SafetyReview
from mda.tasks.models import Task
from tests import factories as make
from tests.escalation.conftest import moment, quiet_since

NOTHING = "0 escalated, 0 moved up a level"


def calendar(ladder):
    return task_context(ladder.region.id).calendar


def task(ladder, *, due_days_ago: int, kind: str = "other", organisation=None) -> Task:
    today = clock.today()
    row = Task(dossier_id=ladder.case.id, kind=kind, title_nl="Huisbezoek", title_en="Home visit",
               organisation_id=(organisation or ladder.police).id, start_on=today - timedelta(days=40),
               due_on=today - timedelta(days=due_days_ago))
    db.session.add(row)
    db.session.flush()
    return row


def no_progress(ladder, stalled: bool):
    quiet_since(ladder.case, 21 if stalled else 20)


def after_working_days(ladder, days: int, stalled: bool):
    """The last day after which more than ``days`` working days have passed by today (stalled), or
    the day after it (not yet)."""
    cal, today = calendar(ladder), clock.today()
    day = today
    while cal.working_days_between(day, today) <= days:
        day -= timedelta(days=1)
    return day if stalled else day + timedelta(days=1)


def task_overdue(ladder, stalled: bool):
    task(ladder, due_days_ago=(clock.today() - after_working_days(ladder, 5, stalled)).days)


def declined_task(ladder, stalled: bool):
    row = task(ladder, due_days_ago=-10)
    declined_on = after_working_days(ladder, 5, stalled)
    with time_machine.travel(moment(declined_on, 11)):
        fire(row, "decline", ladder.officer, reason="Geen capaciteit deze maand.", today=declined_on)


def score_not_improved(ladder, stalled: bool):
    today = clock.today()
    for weeks_ago, score in ((6, 5), (4, 6), (2, 5 if stalled else 6 + 1)):
        db.session.add(SafetyReview(dossier_id=ladder.case.id, phase="safety", status="closed",
                                    held_on=today - timedelta(weeks=weeks_ago), team_score=score,
                                    author_id=ladder.coordinator.id, rationale="Vastgesteld."))
    db.session.flush()


def review_overdue(ladder, stalled: bool):
    task(ladder, kind="safety_review", due_days_ago=(clock.today() - after_working_days(ladder, 0, stalled)).days,
         organisation=ladder.team)


SIGNALS = {"no_progress": no_progress, "task_overdue": task_overdue, "declined_task": declined_task,
           "score_not_improved": score_not_improved, "review_overdue": review_overdue}


def escalation_of(dossier) -> Escalation | None:
    return db.session.scalar(select(Escalation).where(Escalation.dossier_id == dossier.id)
                             .order_by(Escalation.id.desc()).limit(1))


def inbox(user) -> set[tuple[str, str]]:
    """What the user was told about escalations (other messages, of tasks, aside)."""
    return set(db.session.execute(select(InboxItem.kind, InboxItem.key).where(
        InboxItem.user_id == user.id, InboxItem.key.startswith("escalation:"))))


@pytest.mark.parametrize("signal", SIGNALS)
def test_every_stall_signal_escalates_the_case_to_the_team_lead(ladder, signal):
    SIGNALS[signal](ladder, stalled=False)
    db.session.commit()
    assert detect_stalls() == NOTHING, "just below its threshold the signal does not fire"
    db.session.rollback()
    for table in (SafetyReview, Task):
        db.session.query(table).delete()
    SIGNALS[signal](ladder, stalled=True)
    db.session.commit()

    assert detect_stalls() == "1 escalated, 0 moved up a level"
    escalation = escalation_of(ladder.case)
    assert (escalation.state, escalation.level, escalation.rung) == ("raised", 1, "team_lead")
    assert escalation.signal_codes == (signal,) and escalation.raised_by_id is None
    assert escalation.rises_on == calendar(ladder).add_working_days(clock.today(), 5)
    key = f"escalation:{escalation.id}:level:1"
    assert inbox(ladder.lead) == {("escalation", key)}
    assert inbox(ladder.coordinator) == {("case_escalated", key)}
    assert inbox(ladder.other_lead) == inbox(ladder.zvh) == inbox(ladder.steering) == set()
    told = {notice.user_id for notice in escalation.levels[0].notices}
    assert told == {ladder.lead.id, ladder.coordinator.id}
    step = db.session.scalar(select(TransitionLog).where(TransitionLog.workflow == "escalation"))
    assert (step.event, step.username, step.dossier_id) == ("raise", "system", ladder.case.id)


def test_unresolved_it_rises_level_by_level_and_the_steering_group_decides(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    today, cal = clock.today(), calendar(ladder)
    assert detect_stalls(today) == "1 escalated, 0 moved up a level"
    to_zvh = cal.add_working_days(today, 5)
    assert detect_stalls(to_zvh - timedelta(days=1)) == NOTHING
    assert detect_stalls(to_zvh) == "0 escalated, 1 moved up a level"
    escalation = escalation_of(ladder.case)
    assert (escalation.state, escalation.level, escalation.rung, escalation.level_since) == (
        "rising", 2, "zvh", to_zvh)
    assert ("escalation", f"escalation:{escalation.id}:level:2") in inbox(ladder.zvh)
    to_steering = cal.add_working_days(to_zvh, 10)
    assert detect_stalls(to_steering - timedelta(days=1)) == NOTHING
    assert detect_stalls(to_steering) == "0 escalated, 1 moved up a level"
    assert detect_stalls(to_steering + timedelta(days=60)) == NOTHING, "the steering group is the top"
    escalation = escalation_of(ladder.case)
    assert (escalation.level, escalation.rung, escalation.rises_on) == (3, "steering", None)
    assert ("escalation", f"escalation:{escalation.id}:level:3") in inbox(ladder.steering)
    assert [(level.level, level.reached_on) for level in escalation.levels] == [
        (1, today), (2, to_zvh), (3, to_steering)]
    assert "Niet opgelost binnen 10 werkdagen op niveau 2" in escalation.levels[2].reason

    due = cal.add_working_days(today, 10)
    decide(ladder.steering, escalation, decision="De politie en Veilig Thuis plannen samen een huisbezoek.",
           tasks=[{"organisation_id": ladder.police.id, "text": "Huisbezoek met Veilig Thuis", "due_on": due}])
    db.session.commit()
    assert (escalation.state, escalation.ended_by_id) == ("resolved", ladder.steering.id)
    work = db.session.scalar(select(Task).where(Task.dedupe_key == f"escalation:{escalation.id}:task:1"))
    assert (work.organisation_id, work.due_on, work.state) == (ladder.police.id, due, "open")
    assert work.title_nl.startswith("Besluit regionale stuurgroep") and "Huisbezoek met Veilig Thuis" in work.title_nl
    decision = ("steering_decision", f"escalation:{escalation.id}:decision")
    for user in (ladder.coordinator, ladder.officer, ladder.therapist, ladder.lead):
        assert decision in inbox(user), user.username
    assert decision not in inbox(ladder.other_lead)
    events = db.session.scalars(select(TransitionLog.event).where(TransitionLog.workflow == "escalation")
                                .order_by(TransitionLog.id)).all()
    assert events == ["raise", "rise", "rise", "resolve"]


def counts():
    return tuple(db.session.scalar(select(func.count(model.id)))
                 for model in (Escalation, EscalationLevel, EscalationNotice, InboxItem, TransitionLog))


def test_running_twice_on_a_day_changes_nothing(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    detect_stalls()
    before = counts()
    assert detect_stalls() == NOTHING and counts() == before
    rise = calendar(ladder).add_working_days(clock.today(), 5)
    detect_stalls(rise)
    before = counts()
    assert detect_stalls(rise) == NOTHING and counts() == before


def test_a_scheduler_that_was_down_catches_up_day_by_day(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    today, cal = clock.today(), calendar(ladder)
    for offset in range(31):
        detect_stalls(today + timedelta(days=offset))
    escalation = escalation_of(ladder.case)
    to_zvh = cal.add_working_days(today, 5)
    assert [(level.level, level.reached_on) for level in escalation.levels] == [
        (1, today), (2, to_zvh), (3, cal.add_working_days(to_zvh, 10))]
    assert db.session.scalar(select(func.count(Escalation.id))) == 1


def test_the_job_runs_once_a_day_with_the_other_jobs(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    assert JOBS["escalation"] is detect_stalls
    assert run_due()["escalation"] == "ok: 1 escalated, 0 moved up a level"
    assert run_due()["escalation"] == "already ran"


def test_after_a_decision_the_team_gets_time_before_the_system_escalates_again(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    today = clock.today()
    detect_stalls(today)
    decide(ladder.lead, escalation_of(ladder.case), decision="De casusregisseur plant een casusoverleg.",
           today=today + timedelta(days=1))
    db.session.commit()
    for offset in range(2, 22):
        assert detect_stalls(today + timedelta(days=offset)) == NOTHING, offset
    assert detect_stalls(today + timedelta(days=22)) == "1 escalated, 0 moved up a level"
    assert db.session.scalar(select(func.count(Escalation.id))) == 2


def test_a_level_nobody_acts_on_rises_at_the_next_run(ladder):
    ladder.lead.active = False
    quiet_since(ladder.case, 30)
    db.session.commit()
    today = clock.today()
    detect_stalls(today)
    escalation = escalation_of(ladder.case)
    assert {notice.user_id for notice in escalation.levels[0].notices} == {ladder.coordinator.id}
    assert escalation.rises_on == today
    assert detect_stalls(today + timedelta(days=1)) == "0 escalated, 1 moved up a level"
    assert escalation_of(ladder.case).levels[1].reason.startswith("Niemand om op niveau 1")


def test_the_region_sets_the_signals_and_the_ladder(ladder):
    quiet_since(ladder.case, 30)
    ladder.region.stall_no_progress_days = None
    db.session.commit()
    assert detect_stalls() == NOTHING
    ladder.region.stall_no_progress_days = 40
    db.session.commit()
    assert detect_stalls() == NOTHING
    ladder.region.stall_no_progress_days = 30
    ladder.region.escalation_ladder = "zvh:2 steering"
    db.session.commit()
    today = clock.today()
    detect_stalls(today)
    escalation = escalation_of(ladder.case)
    assert (escalation.level, escalation.rung) == (1, "zvh")
    assert ("escalation", f"escalation:{escalation.id}:level:1") in inbox(ladder.zvh)
    assert inbox(ladder.lead) == set()
    detect_stalls(calendar(ladder).add_working_days(today, 2))
    assert (escalation_of(ladder.case).level, escalation_of(ladder.case).rung) == (2, "steering")


def test_an_ended_case_is_not_escalated_and_ending_withdraws_its_escalation(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    detect_stalls()
    escalation = escalation_of(ladder.case)
    case = db.session.get(Dossier, ladder.case.id)
    force_state(case, "safety_assessment")
    make.accepted_handover(case, ladder.vt)
    db.session.commit()
    fire(case, "hand_over", ladder.coordinator)
    db.session.commit()
    assert (escalation.state, escalation.ended_by_id) == ("withdrawn", ladder.coordinator.id)
    assert "afgesloten of overgedragen" in escalation.outcome
    assert detect_stalls(clock.today() + timedelta(days=60)) == NOTHING


def test_the_longest_stalled_cases_come_first(ladder):
    others = []
    for number, days in enumerate((40, 25, 60)):
        other = Dossier(region_id=ladder.region.id, reference=f"Gezin {number}", coordinator_id=ladder.coordinator.id)
        db.session.add(other)
        db.session.flush()
        force_state(other, "risk_care")
        quiet_since(other, days)
        others.append(other)
    quiet_since(ladder.case, 1)
    db.session.commit()
    assert [row[0] for row in longest_stalled(ladder.region.id, 3)] == [others[2].id, others[0].id, others[1].id]
