"""Each indicator against a small hand-built history with a known answer."""
from datetime import date, datetime, time, timedelta

import pytest

from mda.extensions import db
from mda.monitor.figures import compute
from mda.monitor.indicators import BY_KEY
from mda.monitor.periods import Scope
from tests.monitor.builders import Region, at

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def figure(key, region, start, end, organisation_id=None):
    result = compute(BY_KEY[key], Scope(region.region.id, start, end, organisation_id))
    return result.total.value, result.total.families


@pytest.fixture
def here(app_ctx):
    return Region()


def started(region, created: date, phase_one: date, **kwargs):
    dossier = region.family(created, **kwargs)
    region.step(dossier, "start_safety", "safety_assessment", "safety", at(phase_one))
    return dossier


def test_safety_plan_agreed_share_and_days_to_it(here):
    for n in range(12):
        dossier = started(here, date(2026, 1, 20), date(2026, 2, 1))
        if n < 10:  # agreed: both organisations on the team confirmed, 20 or 30 days after registration
            last = at(date(2026, 2, 9) if n < 5 else date(2026, 2, 19))
            here.plan(dossier, {"team": at(date(2026, 2, 5)), "vt": last}, written=at(date(2026, 2, 3)))
        elif n == 10:  # Veilig Thuis never confirmed
            here.plan(dossier, {"team": at(date(2026, 2, 5))}, written=at(date(2026, 2, 3)))
    started(here, date(2025, 11, 1), date(2025, 12, 1))  # phase 1 before the period
    elsewhere = Region("Regio Elders")
    started(elsewhere, date(2026, 1, 20), date(2026, 2, 1))
    assert figure("safety_plan_agreed", here, *Q1) == (pytest.approx(83.3), 12)
    assert figure("days_to_safety_plan", here, *Q1) == (25.0, 10)


def test_a_team_organisation_limits_the_families(here):
    for n in range(12):
        dossier = started(here, date(2026, 1, 20), date(2026, 2, 1), partners=("vt",) if n < 10 else ("police",))
        here.plan(dossier, {"team": at(date(2026, 2, 5))}, written=at(date(2026, 2, 3)))
    assert figure("organisations_per_family", here, *Q1) == (2.0, 12)
    assert figure("organisations_per_family", here, *Q1, organisation_id=here.vt.id) == (2.0, 10)
    assert figure("safety_plan_agreed", here, *Q1, organisation_id=here.police.id) == (None, 2)


def test_safety_scores_at_the_monitor_moments(here):
    for _ in range(10):
        dossier = started(here, date(2025, 12, 20), date(2026, 1, 1))
        here.review(dossier, date(2026, 1, 3), 3)  # start
        here.review(dossier, date(2026, 6, 20), 6)  # 170 days: nearest to 6 months (183)
        here.review(dossier, date(2026, 7, 20), 8)  # 200 days
        here.review(dossier, date(2026, 7, 3), 1, superseded=True)  # never counted
        here.review(dossier, date(2026, 10, 28), 9)  # 300 days: outside the 12-month window
    assert figure("score_0m", here, *Q1) == (3.0, 10)
    assert figure("score_6m", here, *Q1) == (None, 0)  # 6 months after the start is 3 July
    assert figure("score_6m", here, date(2026, 7, 1), date(2026, 9, 30)) == (6.0, 10)
    assert figure("score_12m", here, date(2026, 12, 1), date(2027, 2, 28)) == (None, 0)


def test_closure_score_and_new_reports_within_twelve_months(here):
    closed_on = date(2025, 1, 10)
    for n in range(10):
        dossier = here.family(date(2024, 3, 1))
        here.review(dossier, date(2024, 12, 1), 5)
        here.review(dossier, date(2025, 1, 5), 8)
        here.review(dossier, date(2025, 2, 1), 2)  # after closure
        here.step(dossier, "close", "monitoring", "closed", at(closed_on, 14))
        if n < 3:
            dossier.signals.append(_re_report(date(2025, 6, 1), closed_on))
        elif n == 3:
            dossier.signals.append(_re_report(date(2026, 3, 1), closed_on))  # 415 days later
    db.session.flush()
    period = (date(2025, 1, 1), date(2025, 3, 31))
    assert figure("score_at_closure", here, *period) == (8.0, 10)
    assert figure("re_reported_12m", here, *period) == (30.0, 10)


def _re_report(day, closed_on):
    from mda.dossiers.models import Signal
    return Signal(reported_on=day, reporter_kind="police", violence_type="physical", dossier_closed_on=closed_on)


def test_veilig_thuis_assessment_time_and_five_working_day_term(here):
    reported = date(2026, 3, 2)
    for n in range(10):
        dossier = here.family(reported)
        here.task(dossier, "safety_assessment", due_on=date(2026, 3, 9), state="done")
        here.assessment(dossier, reported + timedelta(days=3 if n < 7 else 10))
    assert figure("days_to_assessment", here, *Q1) == (pytest.approx(5.1), 10)
    assert figure("assessment_term_met", here, *Q1) == (70.0, 10)


def test_care_plan_trauma_screening_and_treatment(here):
    for n in range(10):
        dossier = here.family(date(2026, 1, 5), persons=("victim", "perpetrator", "child"))
        here.step(dossier, "start_risk_care", "safety", "risk_care", at(date(2026, 2, 2)))
        here.goal(dossier, "risk", "addiction")
        if n < 6:
            here.goal(dossier, "recovery")
        victim, perpetrator, child = dossier.persons
        treatment = here.task(dossier, "treatment", date(2026, 3, 1), state="accepted" if n < 9 else "open")
        here.screening(victim, positive=True, treatment=treatment)
        here.screening(perpetrator, positive=False)
        here.screening(child, status="done" if n < 8 else "open")
    assert figure("care_plan_risk_and_recovery", here, *Q1) == (60.0, 10)
    assert figure("trauma_screening_complete", here, *Q1) == (80.0, 10)
    assert figure("positive_screening_treated", here, *Q1) == (90.0, 10)


def test_time_per_phase(here):
    for n in range(10):
        dossier = started(here, date(2025, 12, 1), date(2026, 1, 1))
        here.step(dossier, "start_risk_care", "safety", "risk_care", at(date(2026, 1, 31 if n < 5 else 11)))
    assert figure("days_in_safety", here, *Q1) == (20.0, 10)
    assert figure("days_in_risk_care", here, *Q1) == (None, 0)


def test_stalls_and_escalations_by_level_and_outcome(here):
    for n in range(12):
        dossier = here.family(date(2025, 10, 1))
        state = "resolved" if n < 10 else "withdrawn"
        here.escalation(dossier, date(2026, 2, 1), state, ended_on=date(2026, 2, 11))
    assert figure("escalated", here, *Q1) == (12.0, 12)
    assert figure("stalled", here, *Q1) == (12.0, 12)
    assert figure("escalated_to_team_lead", here, *Q1) == (12.0, 12)
    assert figure("escalated_to_steering", here, *Q1) == (None, 0)
    assert figure("escalation_resolved", here, *Q1) == (pytest.approx(83.3), 12)
    assert figure("escalation_days", here, *Q1) == (10.0, 10)


def test_handle_with_care_confirmed_before_the_school_day(here):
    due = date(2026, 3, 10)  # winter time: 08:30 in the Netherlands is 07:30 UTC
    for n in range(11):
        dossier = here.family(date(2026, 3, 9))
        if n == 10:
            here.task(dossier, "school_signal", due, state="cancelled", due_time=time(8, 30))
            continue
        confirmed = datetime(2026, 3, 10, 7, 0) if n < 7 else datetime(2026, 3, 10, 7, 45)
        here.task(dossier, "school_signal", due, state="done", closed_at=confirmed, due_time=time(8, 30))
    assert figure("school_signal_in_time", here, *Q1) == (70.0, 10)


def test_a_figure_on_fewer_than_ten_families_is_not_reported(here):
    for _ in range(9):
        started(here, date(2026, 1, 20), date(2026, 2, 1))
    result = compute(BY_KEY["organisations_per_family"], Scope(here.region.id, *Q1))
    assert (result.total.value, result.total.families, result.total.suppressed) == (None, 9, True)
    assert [(q.key, f.value) for q, f in result.quarters] == [("2026-Q1", None)]
