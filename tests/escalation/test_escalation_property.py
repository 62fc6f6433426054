"""Random steps by random people on a case's escalations, through the engine: every step taken is
one more transition-log row along the spec, every refused one names its reasons and changes
nothing; a dossier never has two open escalations; each escalation's levels go up one row per
raise or rise, and its log replays to its state."""
from hypothesis import HealthCheck, event as event_happened, given, settings, strategies as st
from sqlalchemy import select

from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.errors import Refused
from mda.escalation.models import Escalation
from mda.extensions import db
from tests.escalation.conftest import build_ladder
from workflows import ESCALATION_WORKFLOW, OPEN_ESCALATION_STATES, RUNGS

PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# The team and those on the ladder more often than those who may do nothing here.
PEOPLE = ("coordinator", "officer", "lead", "zvh", "steering") * 3 + ("other_lead", "admin")
STEPS = st.lists(st.tuples(st.sampled_from(ESCALATION_WORKFLOW.events), st.sampled_from(PEOPLE),
                           st.one_of(st.none(), st.none(), st.integers(0, 4)),
                           st.sampled_from(("Het loopt vast.",) * 3 + ("",))),
                 max_size=12)


def log_of(escalation) -> list[TransitionLog]:
    return list(db.session.scalars(select(TransitionLog).where(
        TransitionLog.workflow == "escalation", TransitionLog.object_id == escalation.id).order_by(TransitionLog.id)))


def snapshot(escalation):
    """What a refused step must leave as it was (a row not raised yet is at level 0)."""
    return (escalation.state or "new", escalation.level or 0, escalation.rung or "", len(escalation.levels),
            len(log_of(escalation)) if escalation.id else 0)


@PROPERTY
@given(steps=STEPS)
def test_random_steps_on_escalations_leave_a_log_that_replays(app_ctx, steps):
    people = build_ladder(commit=False)
    case, ladder = people.case, people.region.ladder
    escalations: list[Escalation] = []
    try:
        for event, who, level, reason in steps:
            user = getattr(people, who)
            row = Escalation(dossier=case, dossier_id=case.id) if event == "raise" or not escalations \
                else escalations[-1]
            before = snapshot(row)
            data = {"reason": reason} | ({} if level is None else {"level": level})
            try:
                fire(row, event, user, **data)
            except Refused as refused:
                assert refused.reasons and all(reason.nl and reason.en for reason in refused.reasons)
                assert snapshot(row) == before
                continue
            event_happened(event)
            if row not in escalations:
                escalations.append(row)
            step = log_of(row)[-1]
            assert (step.from_state, step.event, step.to_state) == (
                before[0], event, row.state) and step.username == user.username
            assert ESCALATION_WORKFLOW.transition(event, before[0]).dest == row.state
            assert reason.strip(), "every step needs its reason"
            if event in ("raise", "rise"):
                assert row.level > before[1] and row.rung == ladder[row.level - 1].who
                assert len(row.levels) == before[3] + 1
            open_ones = [e for e in escalations if e.state in OPEN_ESCALATION_STATES]
            assert len(open_ones) <= 1
        for escalation in escalations:
            state = ESCALATION_WORKFLOW.initial
            for step in log_of(escalation):
                assert step.from_state == state
                state = ESCALATION_WORKFLOW.transition(step.event, state).dest
            assert state == escalation.state
            levels = [level.level for level in escalation.levels]
            assert levels == sorted(set(levels)) and levels[-1] == escalation.level
            assert all(level.rung in RUNGS for level in escalation.levels)
    finally:
        db.session.rollback()
