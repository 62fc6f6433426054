"""The shared safety plan: its versions, agreements, the parts withheld from named persons, and
the partners' confirmations. Each row records who entered it and when."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow

# The seven parts of a safety plan; each can be withheld from named persons of the dossier.
PLAN_PARTS = ("danger_statement", "safety_conditions", "agreements", "warning_signals", "consequences",
              "network_support", "supervision")


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
