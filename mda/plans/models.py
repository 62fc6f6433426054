"""Assessments, the safety plan and its confirmations, safety-score reviews, the care plan and
trauma screenings. Each row records who entered it and when."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow

ASSESSMENT_OUTCOMES = ("acute", "structural", "none")
ASSESSMENT_ROUTES = ("mda_plus", "handover", "conditions", "investigation", "child_protection", "ended")
RISK_INSTRUMENTS = ("rihg", "b_safer", "arij", "care_nl", "lirik", "other")
GOAL_KINDS = ("risk", "recovery")
RISK_FACTORS = ("addiction", "debts", "psychiatric_problems", "unemployment", "housing", "isolation",
                "intellectual_disability", "parenting_stress", "other")
EVALUATIONS = ("achieved", "partly", "not_achieved")
SCREENING_STATUSES = ("open", "done", "refused", "postponed")
SCREENING_INSTRUMENTS = ("cries13", "kjts", "pcl5", "tsq", "crtes", "other")
REVIEW_STATUSES = ("open", "closed")
# The seven parts of a safety plan; each can be withheld from named persons of the dossier.
PLAN_PARTS = ("danger_statement", "safety_conditions", "agreements", "warning_signals", "consequences",
              "network_support", "supervision")


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
    # Professionals' internal notes: never in the family's version of the plan.
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    change_summary: Mapped[str] = mapped_column(Text, default="")
    substantive: Mapped[bool] = mapped_column(default=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    confirmations: Mapped[list["SafetyPlanConfirmation"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan")
    agreements: Mapped[list["SafetyAgreement"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="SafetyAgreement.position")
    withheld_parts: Mapped[list["WithheldPart"]] = relationship(
        cascade="all, delete-orphan", order_by="(WithheldPart.part, WithheldPart.person_id)")

    @property
    def version_id(self) -> int:
        """A version is a row that is never updated: its number is its version, which a form
        carries as ``based_on`` (``mda.core.persistence.check_version``)."""
        return self.version

    def part_not_for(self, part: str) -> set[int]:
        """The persons whose family version leaves out this part."""
        return {row.person_id for row in self.withheld_parts if row.part == part}


class SafetyAgreement(db.Model):
    """A safety agreement (*veiligheidsafspraak*, the HOW) in one plan version: what, who, by when."""
    __tablename__ = "safety_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text)
    responsible_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    due_on: Mapped[date]
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))

    plan: Mapped[SafetyPlan] = relationship(back_populates="agreements")
    responsible_organisation: Mapped[Organisation | None] = relationship()
    withheld: Mapped[list["WithheldAgreement"]] = relationship(
        cascade="all, delete-orphan", order_by="WithheldAgreement.person_id")

    @property
    def not_for(self) -> set[int]:
        """The persons whose family version leaves out this agreement."""
        return {row.person_id for row in self.withheld}


class WithheldPart(db.Model):
    """A part of one plan version that is not for a person of the dossier (*niet voor*): that
    person's family version leaves it out. It belongs to the version, like the text."""
    __tablename__ = "safety_plan_withheld_part"
    __table_args__ = (one_of("part", PLAN_PARTS),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id", ondelete="CASCADE"), primary_key=True)
    part: Mapped[str] = mapped_column(String(30), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)


class WithheldAgreement(db.Model):
    """A safety agreement that is not for a person of the dossier: a victim's safety measures
    (shelter, safe address, emergency plan) never reach the perpetrator."""
    __tablename__ = "safety_agreement_withheld"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("safety_agreement.id", ondelete="CASCADE"),
                                              primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


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
    """A safety-score review: partners score, then the team sets the multidisciplinary score (0-10)
    with its rationale. Only closed reviews count for the guards."""
    __tablename__ = "safety_review"
    __table_args__ = (one_of("status", REVIEW_STATUSES),
                      CheckConstraint("team_score IS NULL OR team_score BETWEEN 0 AND 10", name="team_score_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), default="closed", server_default="closed")
    held_on: Mapped[date]
    team_score: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(Text, default="")
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    partner_scores: Mapped[list["PartnerScore"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="PartnerScore.id")

    __mapper_args__ = {"version_id_col": version_id}


class PartnerScore(db.Model):
    """One partner organisation's safety score (0-10) at a review, with its rationale."""
    __tablename__ = "partner_score"
    __table_args__ = (UniqueConstraint("review_id", "organisation_id"),
                      CheckConstraint("score BETWEEN 0 AND 10", name="score_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("safety_review.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    score: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    review: Mapped[SafetyReview] = relationship(back_populates="partner_scores")
    organisation: Mapped[Organisation] = relationship()

    __mapper_args__ = {"version_id_col": version_id}


class CareGoal(db.Model):
    """A care-plan goal for one person: risk-driven (against a named risk factor) or
    recovery-oriented, and its evaluation."""
    __tablename__ = "care_goal"
    __table_args__ = (one_of("kind", GOAL_KINDS),
                      CheckConstraint("evaluation IS NULL OR evaluation IN ('achieved', 'partly', 'not_achieved')",
                                      name="evaluation_valid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    risk_factor: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    health_related: Mapped[bool] = mapped_column(default=False)
    evaluation: Mapped[str | None] = mapped_column(String(20))
    evaluation_note: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[date | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    interventions: Mapped[list["CareIntervention"]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="CareIntervention.id")

    __mapper_args__ = {"version_id_col": version_id}


class CareIntervention(db.Model):
    """An intervention towards a care-plan goal, assigned to a partner as a task."""
    __tablename__ = "care_intervention"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("care_goal.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[CareGoal] = relationship(back_populates="interventions")
    organisation: Mapped[Organisation] = relationship()


class TraumaScreening(db.Model):
    """A trauma screening of one person (health data)."""
    __tablename__ = "trauma_screening"
    __table_args__ = (one_of("status", SCREENING_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    instrument: Mapped[str | None] = mapped_column(String(30))
    other_instrument: Mapped[str] = mapped_column(String(120), default="")
    other_cutoff: Mapped[int | None]
    screened_on: Mapped[date | None]
    score: Mapped[int | None]
    band: Mapped[str | None] = mapped_column(String(20))
    positive: Mapped[bool | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    treatment_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def version_id(self) -> int:
        """A form never changes a screening: each one is a new row. A person's screenings are at
        the version of the latest one, its id, which the screening form carries."""
        return self.id
