"""The escalation workflow as a domain expert reads it: its steps and who takes them, the ladder
and its time limits, the stall thresholds and the reason the system gives; no app needed."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from workflows import (
    DEFAULT_LADDER, ESCALATION_WORKFLOW, GUARDS, RUNGS, STALL_DEFAULTS, STALL_SIGNALS, EscalationFacts, Rung,
    StallThresholds, WorkingCalendar, evaluate, ladder_text, overdue_cutoff, parse_ladder, permission_reasons,
    rises_on, stall_reason,
)


def test_an_escalation_is_raised_rises_and_ends_resolved_or_withdrawn():
    spec = ESCALATION_WORKFLOW
    assert spec.initial == "new"
    assert [(t.event, t.sources, t.dest) for t in spec.transitions] == [
        ("raise", ("new",), "raised"), ("rise", ("raised", "rising"), "rising"),
        ("resolve", ("raised", "rising"), "resolved"), ("withdraw", ("raised", "rising"), "withdrawn")]
    assert {s.name for s in spec.states if s.final} == {"resolved", "withdrawn"}
    assert all(t.needs_reason for t in spec.transitions), "every step says why (a decision is its reason)"


def test_who_may_take_each_step():
    raise_, rise, resolve, withdraw = (ESCALATION_WORKFLOW.transition(event, source) for event, source in (
        ("raise", "new"), ("rise", "raised"), ("resolve", "raised"), ("withdraw", "rising")))
    assert raise_.roles == {"coordinator", "professional"}
    assert permission_reasons(raise_, "steering", "steering")
    assert not permission_reasons(resolve, "team_lead", "local_team")
    assert not permission_reasons(resolve, "steering", "steering")
    assert permission_reasons(resolve, "coordinator", "local_team"), "the team does not decide on its own escalation"
    assert not permission_reasons(rise, "coordinator", "local_team")
    assert {raise_.action, rise.action, resolve.action, withdraw.action} == {
        "escalation.raise", "escalation.rise", "escalation.act", "escalation.withdraw"}


def test_the_default_ladder_and_its_stored_form():
    assert DEFAULT_LADDER == (Rung("team_lead", 5), Rung("zvh", 10), Rung("steering", None))
    assert ladder_text(DEFAULT_LADDER) == "team_lead:5 zvh:10 steering"
    assert parse_ladder("team_lead:5 zvh:10 steering") == DEFAULT_LADDER
    assert parse_ladder("zvh:3 steering") == (Rung("zvh", 3), Rung("steering"))
    assert parse_ladder("steering") == (Rung("steering"),)
    assert set(RUNGS) == {"team_lead", "zvh", "steering"}


@pytest.mark.parametrize("text", ["", "   ", "mayor:5 steering", "zvh:5 zvh", "team_lead:5 steering:3",
                                  "team_lead steering", "team_lead:0 steering", "team_lead:61 steering",
                                  "team_lead:x steering"])
def test_a_ladder_that_makes_no_sense_is_refused(text):
    with pytest.raises(ValueError):
        parse_ladder(text)


@given(st.lists(st.sampled_from(list(RUNGS)), min_size=1, max_size=3, unique=True),
       st.lists(st.integers(1, 60), min_size=3, max_size=3))
def test_any_ladder_survives_being_stored(whos, days):
    ladder = tuple(Rung(who, None if i == len(whos) - 1 else days[i]) for i, who in enumerate(whos))
    assert parse_ladder(ladder_text(ladder)) == ladder


def test_a_level_rises_after_its_working_days(calendar):
    friday = date(2026, 4, 3)  # Good Friday; Easter Monday follows
    assert rises_on(date(2026, 3, 30), Rung("team_lead", 5), calendar) == date(2026, 4, 8)
    assert rises_on(friday, Rung("zvh", 1), calendar) == date(2026, 4, 7)
    assert rises_on(friday, Rung("steering"), calendar) is None


def guard(state, level, target, top=3):
    return evaluate(ESCALATION_WORKFLOW, "raise" if state == "new" else "rise",
                    EscalationFacts(state, level, target, top), state=state)


def test_the_level_must_be_on_the_ladder_and_a_rise_goes_up():
    assert guard("new", 0, 1) == () and guard("new", 0, 3) == ()
    assert [r.code for r in guard("new", 0, 4)] == ["level_unknown"]
    assert [r.code for r in guard("new", 0, 0)] == ["level_unknown"]
    assert guard("raised", 1, 2) == () and guard("rising", 2, 3) == ()
    assert [r.code for r in guard("raised", 2, 2)] == ["level_not_higher"]
    assert [r.code for r in guard("rising", 3, 4)] == ["top_level"]
    assert "niveau 3" in guard("rising", 3, 4)[0].nl and "level 3" in guard("rising", 3, 4)[0].en
    assert "level_on_the_ladder" in GUARDS


def test_stall_defaults_are_those_of_the_domain():
    assert STALL_DEFAULTS == StallThresholds(no_progress_days=21, overdue_working_days=5, declined_working_days=5,
                                             score_reviews=3, review_overdue_working_days=0)
    assert list(STALL_SIGNALS) == ["no_progress", "task_overdue", "declined_task", "score_not_improved",
                                   "review_overdue"]


@given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(0, 15))
def test_overdue_cutoff_is_the_last_due_date_overdue_by_more_than_n_working_days(today, n):
    calendar = WorkingCalendar()
    cutoff = overdue_cutoff(today, n, calendar)
    assert calendar.working_days_between(cutoff, today) > n
    assert calendar.working_days_between(cutoff + timedelta(days=1), today) <= n


def test_the_reason_the_system_gives_names_each_signal_and_since_when():
    signals = [("no_progress", date(2026, 3, 1)), ("task_overdue", date(2026, 3, 10))]
    assert stall_reason(signals, "nl") == ("geen faseovergang en geen taak afgerond (sinds 01-03-2026); "
                                           "taak over de termijn (sinds 10-03-2026)")
    assert stall_reason(signals, "en").startswith("no phase change and no task completed (since 2026-03-01)")
