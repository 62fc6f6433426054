"""The care plan (goals per person and the interventions towards them) and trauma screenings."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow
from workflows import vocabulary

GOAL_KINDS = tuple(vocabulary.GOAL_KINDS)
GOAL_SCOPES = tuple(vocabulary.GOAL_SCOPES)
RISK_FACTORS = ("addiction", "debts", "psychiatric_problems", "unemployment", "housing", "isolation",
                "intellectual_disability", "parenting_stress", "other")
EVALUATIONS = ("achieved", "partly", "not_achieved")
SCREENING_STATUSES = tuple(vocabulary.SCREENING_STATUSES)
SCREENING_INSTRUMENTS = ("cries13", "kjts", "pcl5", "tsq", "crtes", "other")


class CareGoal(db.Model):
    """A care-plan goal: risk-driven (against a named risk factor) or recovery-oriented, with its
    planned evaluation date and its evaluation. It is for one person (``person_id``), for two
    persons of the dossier together (``person_id`` and ``partner_id``: the parents, a parent and
    a child), or for the family as a whole (neither)."""
    __tablename__ = "care_goal"
    __table_args__ = (one_of("kind", GOAL_KINDS), one_of("scope", GOAL_SCOPES),
                      CheckConstraint("evaluation IS NULL OR evaluation IN ('achieved', 'partly', 'not_achieved')",
                                      name="evaluation_valid"),
                      CheckConstraint("(scope = 'person' AND person_id IS NOT NULL AND partner_id IS NULL)"
                                      " OR (scope = 'pair' AND person_id IS NOT NULL AND partner_id IS NOT NULL"
                                      " AND person_id <> partner_id)"
                                      " OR (scope = 'family' AND person_id IS NULL AND partner_id IS NULL)",
                                      name="persons_fit_scope"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default="person", server_default="person")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    risk_factor: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    health_related: Mapped[bool] = mapped_column(default=False)
    evaluate_on: Mapped[date | None]
    evaluation: Mapped[str | None] = mapped_column(String(20))
    evaluation_note: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[date | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    interventions: Mapped[list["CareIntervention"]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="CareIntervention.id")

    __mapper_args__ = {"version_id_col": version_id}

    def person_ids(self, dossier_person_ids) -> tuple[int, ...]:
        """Whom the goal is for, of ``dossier_person_ids`` (everyone, for the family as a whole)."""
        if self.scope == "family":
            return tuple(dossier_person_ids)
        return tuple(p for p in (self.person_id, self.partner_id) if p is not None)


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
