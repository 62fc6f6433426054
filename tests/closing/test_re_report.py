"""A new report on a closed dossier is never filed silently: it counts as a re-report, and the holder of
zicht op veiligheid and the last coordinator decide on reopening, through the operations."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from mda.closing import operations as ops
from mda.closing.queries import current_holder, pending_decision, re_reports
from mda.core import clock
from mda.dossiers import operations as dossiers
from mda.dossiers.models import Person
from mda.engine.core import available, fire
from mda.engine.models import TransitionLog
from mda.errors import Refused
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make
from tests.closing.conftest import inbox

REPORT = dict(reporter_kind="police", violence_type="physical", acute=False, police_callout=False,
              description="Opnieuw ruzie; de buren belden de politie.")


def closed(world):
    handover = ops.propose_handover(world.coordinator, world.case, organisation_id=world.vt.id,
                                    watches="Nieuwe incidenten.", frequency="monthly",
                                    until=clock.today() + timedelta(days=365))
    ops.accept_handover(world.vt_user, handover)
    fire(world.case, "close", world.coordinator)
    db.session.commit()
    return handover


def report(world, user=None, on=None, **values):
    return dossiers.add_signal(user or world.officer, world.case, reported_on=on or clock.today(),
                               **(REPORT | values))


def decision_tasks(world) -> list[tuple[str, str]]:
    rows = db.session.scalars(select(Task).where(Task.dossier_id == world.case.id, Task.kind == "reopening_decision")
                              .order_by(Task.id))
    return [(task.organisation.name, task.state) for task in rows]


def test_a_new_report_after_closure_asks_the_holder_and_the_coordinator_to_decide(world):
    closed(world)
    signal = report(world)
    assert world.case.state == "closed"
    assert signal.dossier_closed_on == clock.today()  # counted as a re-report
    decision = pending_decision(world.case.id)
    assert (decision.signal_id, decision.holder_id, decision.closed_on) == (signal.id, world.vt.id, clock.today())
    assert decision_tasks(world) == [("Veilig Thuis Test", "open"), ("Wijkteam Noord", "open")]
    url = db.session.scalar(select(Task.id).where(Task.kind == "reopening_decision").order_by(Task.id))
    assert ("re_report", f"/taken/{url}") in inbox(world.vt_user.id)
    assert any(kind == "re_report" for kind, _ in inbox(world.coordinator.id))


def test_keeping_it_closed_needs_a_reason_and_settles_both_tasks(world):
    closed(world)
    report(world)
    decision = pending_decision(world.case.id)
    with pytest.raises(Refused) as refused:
        ops.decide_reopening(world.vt_user, decision, reopen=False, reason="")
    assert [r.code for r in refused.value.reasons] == ["reason_required"]
    ops.decide_reopening(world.vt_user, decision, reopen=False,
                         reason="Eenmalig incident; het netwerk grijpt in zoals afgesproken.")
    assert (decision.state, decision.decided_by_id, world.case.state) == ("kept_closed", world.vt_user.id, "closed")
    assert decision_tasks(world) == [("Veilig Thuis Test", "done"), ("Wijkteam Noord", "done")]
    assert current_holder(world.case.id) is not None  # the holder keeps watch


def test_reopening_takes_the_case_back_to_phase_1_with_its_history(world):
    handover = closed(world)
    before = db.session.scalar(select(db.func.count(TransitionLog.id)).where(
        TransitionLog.dossier_id == world.case.id, TransitionLog.workflow == "case"))
    report(world, acute=True)
    decision = pending_decision(world.case.id)
    ops.decide_reopening(world.vt_user, decision, reopen=True, reason="Het geweld is terug; het team neemt het over.")
    assert world.case.state == "safety"
    steps = db.session.execute(select(TransitionLog.event, TransitionLog.from_state, TransitionLog.reason,
                                      TransitionLog.username).where(TransitionLog.dossier_id == world.case.id,
                                                                    TransitionLog.workflow == "case")
                               .order_by(TransitionLog.id)).all()
    assert len(steps) == before + 1
    assert tuple(steps[-1]) == ("reopen", "closed", "Het geweld is terug; het team neemt het over.", "vt")
    assert decision.state == "reopened" and decision.reason.startswith("Het geweld is terug")
    assert handover.state == "ended" and current_holder(world.case.id) is None
    assert decision_tasks(world) == [("Veilig Thuis Test", "done"), ("Wijkteam Noord", "done")]
    kinds = set(db.session.scalars(select(Task.kind).where(Task.dossier_id == world.case.id, Task.state == "open")))
    assert {"safety_plan_contribution", "safety_review"} <= kinds  # phase 1's work again


def test_the_coordinator_may_reopen_from_the_steps_after_a_new_report_only(world):
    closed(world)
    reopen = next(action for action in available(world.case, world.coordinator) if action.event == "reopen")
    assert not reopen.allowed and [r.code for r in reopen.reasons] == ["no_re_report"]
    report(world)
    fire(world.case, "reopen", world.coordinator, reason="Nieuwe melding van de politie.")
    assert world.case.state == "safety" and pending_decision(world.case.id) is None


def test_more_reports_wait_for_the_same_decision(world):
    closed(world)
    first = report(world)
    report(world, description="Tweede melding dezelfde week.")
    decision = pending_decision(world.case.id)
    assert decision.signal_id == first.id
    assert len(decision_tasks(world)) == 2


def test_only_the_holder_and_the_coordinators_side_decide(world):
    closed(world)
    report(world)
    decision = pending_decision(world.case.id)
    for someone in (world.officer, world.prosecutor, world.therapist):
        with pytest.raises(Refused):
            ops.decide_reopening(someone, decision, reopen=True, reason="Heropenen.")
        with pytest.raises(Refused):
            ops.decide_reopening(someone, decision, reopen=False, reason="Dicht laten.")
    assert world.case.state == "closed" and decision.state == "pending"


def test_the_holder_records_a_new_report_itself(world):
    closed(world)
    report(world, user=world.vt_user, reporter_kind="professional")
    assert pending_decision(world.case.id) is not None


def test_the_monitor_counts_re_reports_within_twelve_months_of_closure(world):
    closed(world)
    closed_on = clock.today()
    report(world, on=closed_on + timedelta(days=30))
    report(world, on=date(closed_on.year + 1, closed_on.month, 1) + timedelta(days=62))  # after 12 months
    report(world, on=closed_on + timedelta(days=60))
    counted = re_reports(world.region.id, closed_on, closed_on + timedelta(days=800))
    assert [s.reported_on for s in counted] == [closed_on + timedelta(days=30), closed_on + timedelta(days=60)]
    in_sql = db.session.execute(db.text(
        "SELECT count(*) FROM signal WHERE dossier_closed_on IS NOT NULL AND dossier_id = :id"),
        {"id": world.case.id}).scalar()
    assert in_sql == 3


def test_a_call_out_after_closure_still_reaches_the_school(world):
    school = make.organisation(world.region, "Basisschool Test", "school")
    teacher = make.user(school, "juf")
    db.session.add(Person(dossier=world.case, name="Tim Motor", role="child", school_id=school.id,
                          date_of_birth=date(clock.today().year - 8, 1, 1)))
    closed(world)
    report(world, police_callout=True, reported_time=time(21, 30))
    signal = db.session.scalar(select(Task).where(Task.dossier_id == world.case.id, Task.kind == "school_signal"))
    assert signal.organisation_id == school.id and world.case.state == "closed"
    fire(signal, "confirm", teacher)
    assert signal.state == "done"
