"""An escalation of a stalled case, the levels it reached and whom each level told."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.auth.models import User
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.types import one_of, utcnow
from workflows import ESCALATION_WORKFLOW, OPEN_ESCALATION_STATES, RUNGS, STALL_SIGNALS

ESCALATION_STATES = ESCALATION_WORKFLOW.state_names
_OPEN = "state IN ({})".format(", ".join(f"'{state}'" for state in OPEN_ESCALATION_STATES))


class Escalation(db.Model):
    """One escalation of a dossier: raised at a level by the system (``raised_by_id`` None, on its
    ``signals``) or by a member of the team, with its ``reason``; ``rung`` says who acts at its
    current ``level``. At most one is open per dossier. ``outcome`` is the decision that resolved
    it or the reason it was withdrawn."""
    __tablename__ = "escalation"
    __workflow__ = "escalation"
    __table_args__ = (
        one_of("state", ESCALATION_STATES),
        one_of("rung", ("",) + tuple(RUNGS)),
        Index("uq_escalation_open_per_dossier", "dossier_id", unique=True,
              sqlite_where=text(_OPEN), postgresql_where=text(_OPEN)),
        Index("ix_escalation_queue", "state", "rung", "level_since", "id"),
        Index("ix_escalation_rises", "state", "rises_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="new")
    level: Mapped[int] = mapped_column(default=0)
    rung: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    signals: Mapped[str] = mapped_column(String(200), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    raised_on: Mapped[date | None]
    level_since: Mapped[date | None]
    rises_on: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(Text, default="")
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])
    levels: Mapped[list["EscalationLevel"]] = relationship(
        back_populates="escalation", order_by="EscalationLevel.level", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self):
        """Raising is asked on the dossier; every later step on the escalation itself."""
        return self.dossier if self.state in (None, "new") else self

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ESCALATION_STATES

    @property
    def signal_codes(self) -> tuple[str, ...]:
        return tuple(code for code in self.signals.split() if code in STALL_SIGNALS)

    def __repr__(self) -> str:
        return f"<Escalation {self.id} dossier {self.dossier_id} level {self.level} {self.state}>"


class EscalationLevel(db.Model):
    """A level an escalation reached: when, by whom (None: the system, after the time limit of the
    level below or on its stall signals), why, and until when it stays there unresolved."""
    __tablename__ = "escalation_level"
    __table_args__ = (UniqueConstraint("escalation_id", "level"), one_of("rung", tuple(RUNGS)))

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id", ondelete="CASCADE"), index=True)
    level: Mapped[int]
    rung: Mapped[str] = mapped_column(String(20))
    reached_on: Mapped[date]
    reached_at: Mapped[datetime] = mapped_column(default=utcnow)
    rises_on: Mapped[date | None]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text, default="")

    escalation: Mapped[Escalation] = relationship(back_populates="levels")
    by: Mapped[User | None] = relationship()
    notices: Mapped[list["EscalationNotice"]] = relationship(
        back_populates="level", order_by="EscalationNotice.id", cascade="all, delete-orphan")


class EscalationNotice(db.Model):
    """Someone told that an escalation reached a level: those who act on it, and the coordinator."""
    __tablename__ = "escalation_notice"
    __table_args__ = (UniqueConstraint("level_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("escalation_level.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)

    level: Mapped[EscalationLevel] = relationship(back_populates="notices")
    user: Mapped[User] = relationship()
