"""Assessments, the safety plan and its confirmations, safety-score reviews, the care plan and
trauma screenings. Each row records who entered it and when."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow

ASSESSMENT_OUTCOMES = ("acute", "structural", "none")
ASSESSMENT_ROUTES = ("mda_plus", "handover", "conditions", "investigation", "child_protection", "ended")
RISK_INSTRUMENTS = ("rihg", "b_safer", "arij", "care_nl", "lirik", "other")
GOAL_KINDS = ("risk", "recovery")
SCREENING_STATUSES = ("open", "done", "refused", "postponed")


class SafetyAssessment(db.Model):
    """Veilig Thuis's safety assessment (*veiligheidsbeoordeling*) and the route it chose."""
    __tablename__ = "safety_assessment"
    __table_args__ = (one_of("outcome", ASSESSMENT_OUTCOMES), one_of("route", ASSESSMENT_ROUTES))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(30))
    assessed_on: Mapped[date]
    explanation: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class RiskAssessment(db.Model):
    """A risk assessment with a named instrument; a RiHG may point to a restraining order."""
    __tablename__ = "risk_assessment"
    __table_args__ = (one_of("instrument", RISK_INSTRUMENTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    assessed_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(Text, default="")
    points_to_restraining_order: Mapped[bool] = mapped_column(default=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class SafetyPlan(db.Model):
    """One version of the shared safety plan; a new version is a new row, never an update."""
    __tablename__ = "safety_plan"
    __table_args__ = (UniqueConstraint("dossier_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    danger_statement: Mapped[str] = mapped_column(Text, default="")
    safety_conditions: Mapped[str] = mapped_column(Text, default="")
    warning_signals: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    network_support: Mapped[str] = mapped_column(Text, default="")
    supervision: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    confirmations: Mapped[list["SafetyPlanConfirmation"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan")


class SafetyPlanConfirmation(db.Model):
    __tablename__ = "safety_plan_confirmation"
    __table_args__ = (UniqueConstraint("plan_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[SafetyPlan] = relationship(back_populates="confirmations")
    organisation: Mapped[Organisation] = relationship()


class SafetyReview(db.Model):
    """A safety-score review: the team's multidisciplinary score (0-10) with its rationale."""
    __tablename__ = "safety_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date]
    team_score: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CareGoal(db.Model):
    """A care-plan goal for one person: risk-driven (against a named risk factor) or
    recovery-oriented, and its evaluation."""
    __tablename__ = "care_goal"
    __table_args__ = (one_of("kind", GOAL_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    risk_factor: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str | None] = mapped_column(String(20))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TraumaScreening(db.Model):
    """A trauma screening of one person (health data)."""
    __tablename__ = "trauma_screening"
    __table_args__ = (one_of("status", SCREENING_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    instrument: Mapped[str | None] = mapped_column(String(30))
    screened_on: Mapped[date | None]
    score: Mapped[int | None]
    positive: Mapped[bool | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    treatment_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
