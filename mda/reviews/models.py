"""Risk assessments with their item answers, temporary restraining orders, and the safety-score
reviews with each partner's score."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, sql_list, utcnow
from workflows import RESTRAINING_ORDER_WORKFLOW, RISK_INSTRUMENTS as INSTRUMENTS, RISK_LEVELS, RestrainingOrderFacts

RISK_INSTRUMENTS = tuple(INSTRUMENTS)
REVIEW_STATUSES = ("open", "closed")
ORDER_STATES = RESTRAINING_ORDER_WORKFLOW.state_names


class RiskAssessment(db.Model):
    """A risk assessment with a named instrument: the answers to its items (``answers``), the
    assessor's resulting ``level`` (None only for assessments recorded before levels were) and a
    summary in free text (``outcome``). A RiHG with two red signals in one part points to a
    restraining order."""
    __tablename__ = "risk_assessment"
    __table_args__ = (one_of("instrument", RISK_INSTRUMENTS),
                      CheckConstraint(f"level IS NULL OR level IN ({sql_list(RISK_LEVELS)})", name="level_valid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    assessed_on: Mapped[date]
    level: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(Text, default="")
    points_to_restraining_order: Mapped[bool] = mapped_column(default=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    answers: Mapped[list["RiskAssessmentAnswer"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="RiskAssessmentAnswer.id")

    def answer_map(self) -> dict[str, str]:
        return {answer.item: answer.answer for answer in self.answers}


class RiskAssessmentAnswer(db.Model):
    """The answer to one item of a risk assessment's instrument (``workflows.RISK_INSTRUMENTS``):
    a rating code, or for a RiHG the number of signals of a colour in a part."""
    __tablename__ = "risk_assessment_answer"
    __table_args__ = (UniqueConstraint("assessment_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(20))

    assessment: Mapped[RiskAssessment] = relationship(back_populates="answers")


class RestrainingOrder(db.Model):
    """A temporary restraining order (*huisverbod*) imposed by the mayor, against ``person`` when
    named: it runs from ``imposed_on`` to ``ends_on`` (10 days, extendable to 28 in total). Its
    state changes only through the engine (``workflows.RESTRAINING_ORDER_WORKFLOW``)."""
    __tablename__ = "restraining_order"
    __workflow__ = "restraining_order"
    __table_args__ = (one_of("state", ORDER_STATES),
                      CheckConstraint("ends_on >= imposed_on", name="ends_after_imposed"),
                      Index("ix_restraining_order_dossier_state", "dossier_id", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="imposed")
    imposed_on: Mapped[date]
    ends_on: Mapped[date]
    extended_on: Mapped[date | None]
    lifted_on: Mapped[date | None]
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    risk_assessment_id: Mapped[int | None] = mapped_column(ForeignKey("risk_assessment.id", ondelete="SET NULL"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    dossier: Mapped[Dossier] = relationship()
    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self) -> Dossier:
        """What the access policy's action of a step is asked on: the order's dossier."""
        return self.dossier

    def workflow_facts(self, today: date, new_end: date | None = None) -> RestrainingOrderFacts:
        return RestrainingOrderFacts(self.state, self.imposed_on, self.ends_on, today, new_end)


class SafetyReview(db.Model):
    """A safety-score review: partners score, then the team sets the multidisciplinary score (0-10)
    with its rationale. Only closed reviews count for the guards. One review per dossier per day;
    ``superseded`` marks the earlier of two reviews held on one day before that rule: kept, never
    counted."""
    __tablename__ = "safety_review"
    __table_args__ = (one_of("status", REVIEW_STATUSES),
                      CheckConstraint("team_score IS NULL OR team_score BETWEEN 0 AND 10", name="team_score_range"),
                      Index("uq_safety_review_one_per_day", "dossier_id", "held_on", unique=True,
                            sqlite_where=text("NOT superseded"), postgresql_where=text("NOT superseded")))

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
    superseded: Mapped[bool] = mapped_column(default=False, server_default=false())
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
