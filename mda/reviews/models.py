"""Risk assessments and the safety-score reviews with each partner's score."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow

RISK_INSTRUMENTS = ("rihg", "b_safer", "arij", "care_nl", "lirik", "other")
REVIEW_STATUSES = ("open", "closed")


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
