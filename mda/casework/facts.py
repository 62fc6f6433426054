"""Builds the plain ``CaseFacts`` that the guards and task templates of ``workflows/`` judge."""
from datetime import date, timedelta

from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake.models import ADDED_TO_DOSSIER, Application
from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import SafetyAssessment
from mda.closing.queries import handover_fact, pending_decision
from mda.reviews.models import PartnerScore, SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import PENDING_STATES, Task
from workflows import (CareGoalFact, CaseFacts, PartnerFact, PersonFact, SafetyPlanFact, ScoreFact,
                       ScreeningFact, SignalFact)


def latest_assessment(dossier_id: int) -> SafetyAssessment | None:
    return db.session.scalar(select(SafetyAssessment).where(SafetyAssessment.dossier_id == dossier_id)
                             .order_by(SafetyAssessment.assessed_on.desc(), SafetyAssessment.id.desc())
                             .limit(1))


def current_safety_plan(dossier_id: int) -> SafetyPlan | None:
    return db.session.scalar(select(SafetyPlan).where(SafetyPlan.dossier_id == dossier_id)
                             .order_by(SafetyPlan.version.desc()).limit(1))


def confirmed_organisations(dossier_id: int) -> frozenset[int]:
    """The organisations that confirmed the current version of the safety plan (one query)."""
    latest = (select(SafetyPlan.id).where(SafetyPlan.dossier_id == dossier_id)
              .order_by(SafetyPlan.version.desc()).limit(1).scalar_subquery())
    return frozenset(db.session.scalars(select(SafetyPlanConfirmation.organisation_id)
                                        .where(SafetyPlanConfirmation.plan_id == latest)))


def plan_revision_pending(dossier_id: int) -> bool:
    """A relapse asked the coordinator to revise the safety plan with the team, and that has not
    been done yet (the task of ``workflows.plan_revision_task`` is pending)."""
    return db.session.scalar(select(Task.id).where(
        Task.dossier_id == dossier_id, Task.kind == "safety_plan_revision",
        Task.state.in_(PENDING_STATES)).limit(1)) is not None


def triage_decision(dossier_id: int) -> bool | None:
    """None without an application for MDA++ (a draft, a withdrawn one, or one whose report was
    added to the dossier as a signal does not count); True when the latest decided application
    was accepted; False while one waits for triage or when it was not accepted."""
    rows = db.session.execute(select(Application.stage, Application.decided_at, Application.id).where(
        Application.dossier_id == dossier_id,
        Application.stage.not_in(("draft", "withdrawn", ADDED_TO_DOSSIER)))).all()
    if not rows:
        return None
    decided = [row for row in rows if row.decided_at is not None]
    latest = max(decided, key=lambda row: (row.decided_at, row.id)) if decided else None
    return latest is not None and latest.stage == "accepted"


def team_scores(dossier: Dossier) -> list[tuple[date, int, int]]:
    """(day, team score, partner organisations besides the coordinator's that scored) of every
    closed review that was not superseded, oldest first (one query)."""
    partners = (select(func.count(PartnerScore.id)).where(
        PartnerScore.review_id == SafetyReview.id,
        PartnerScore.organisation_id != dossier.coordinator.organisation_id).scalar_subquery())
    return [tuple(row) for row in db.session.execute(
        select(SafetyReview.held_on, SafetyReview.team_score, partners).where(
            SafetyReview.dossier_id == dossier.id, SafetyReview.status == "closed",
            SafetyReview.team_score.is_not(None), SafetyReview.superseded.is_(False))
        .order_by(SafetyReview.held_on, SafetyReview.id))]


def case_facts(dossier: Dossier, today: date | None = None, state: str | None = None) -> CaseFacts:
    today = today or clock.today()
    assessment = latest_assessment(dossier.id)
    plan = current_safety_plan(dossier.id)
    confirmed = confirmed_organisations(dossier.id)
    revision_pending = plan_revision_pending(dossier.id)  # asked either way: a fixed number of queries
    reviews = team_scores(dossier)
    goals = list(db.session.scalars(select(CareGoal).where(CareGoal.dossier_id == dossier.id).order_by(CareGoal.id)))
    screenings = db.session.scalars(select(TraumaScreening).where(TraumaScreening.dossier_id == dossier.id)
                                    .order_by(TraumaScreening.id))
    return CaseFacts(
        state=state or dossier.state,
        today=today,
        persons=[PersonFact(p.id, p.name, p.role, p.date_of_birth, p.school_id) for p in dossier.persons],
        signals=[SignalFact(s.reported_on, s.police_callout, s.reported_time) for s in dossier.signals],
        assessment_outcome=assessment.outcome if assessment else None,
        assessment_route=assessment.route if assessment else None,
        assessed_on=assessment.assessed_on if assessment else None,
        partners=[PartnerFact(m.organisation_id, m.organisation.name, m.organisation.kind,
                              m.status == "active")
                  for m in dossier.memberships if m.current],
        coordinator_org_id=dossier.coordinator.organisation_id,
        safety_plan=SafetyPlanFact(plan.version, confirmed, revision_pending) if plan else None,
        scores=[ScoreFact(held_on, team_score, partners) for held_on, team_score, partners in reviews],
        has_care_plan=bool(goals),
        care_goals=[CareGoalFact(person_id, g.kind, g.risk_factor, g.evaluation is not None)
                    for g in goals for person_id in g.person_ids(p.id for p in dossier.persons)],
        screenings=[ScreeningFact(s.person_id, s.status, s.positive, s.reason or None,
                                  s.treatment_task_id is not None) for s in screenings],
        handover=handover_fact(dossier.id),
        re_report_pending=pending_decision(dossier.id) is not None,
        triage_accepted=triage_decision(dossier.id),
        safety_threshold=dossier.safety_threshold,
        closing_threshold=dossier.closing_threshold,
        partner_scores_needed=dossier.region.review_partner_minimum,
        closing_review_gap=timedelta(days=dossier.region.closing_review_gap_days),
    )
