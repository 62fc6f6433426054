"""A handover of *zicht op veiligheid* with its monitoring agreement, and the decision on reopening a
closed case after a new report."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.auth.models import User
from mda.dossiers.models import Dossier, Signal
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, sql_list, utcnow
from workflows import HANDOVER_WORKFLOW, LIVE_HANDOVER_STATES, REOPENING_WORKFLOW
from workflows.vocabulary import MONITORING_FREQUENCIES

HANDOVER_STATES = HANDOVER_WORKFLOW.state_names
REOPENING_STATES = REOPENING_WORKFLOW.state_names
FREQUENCIES = tuple(MONITORING_FREQUENCIES)
_LIVE = f"state IN ({sql_list(LIVE_HANDOVER_STATES)})"
_PENDING = "state = 'pending'"


class Handover(db.Model):
    """The handover of *zicht op veiligheid* to ``organisation``, with the monitoring agreement:
    what it ``watches``, how often (``frequency``), ``until`` when. Proposed by the case coordinator
    (``proposed_by``), accepted or declined (with ``answer_reason``) by the organisation's staff
    (``answered_by``); withdrawn or ended with ``end_reason``. At most one per dossier is proposed
    or accepted."""
    __tablename__ = "handover"
    __workflow__ = "handover"
    __table_args__ = (
        one_of("state", HANDOVER_STATES),
        one_of("frequency", FREQUENCIES),
        Index("uq_handover_live_per_dossier", "dossier_id", unique=True,
              sqlite_where=text(_LIVE), postgresql_where=text(_LIVE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="new")
    watches: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(20))
    until: Mapped[date]
    proposed_on: Mapped[date | None]
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_on: Mapped[date | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answer_reason: Mapped[str] = mapped_column(Text, default="")
    ended_on: Mapped[date | None]
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self):
        """What the access policy's action of a step is asked on: the handover itself."""
        return self

    @property
    def live(self) -> bool:
        return self.state in LIVE_HANDOVER_STATES

    def __repr__(self) -> str:
        return f"<Handover {self.id} dossier {self.dossier_id} to {self.organisation_id} {self.state}>"


class ReopeningDecision(db.Model):
    """The decision on reopening a case closed on ``closed_on`` after the new report ``signal``:
    for the holder of *zicht op veiligheid* then (``holder``) and the last coordinator's
    organisation. It waits (``pending``, one per dossier, for every new report until it is taken),
    then the case is reopened or kept closed, with ``reason``."""
    __tablename__ = "reopening_decision"
    __workflow__ = "reopening"
    __table_args__ = (
        one_of("state", REOPENING_STATES),
        Index("uq_reopening_pending_per_dossier", "dossier_id", unique=True,
              sqlite_where=text(_PENDING), postgresql_where=text(_PENDING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    closed_on: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship()
    signal: Mapped[Signal] = relationship()
    holder: Mapped[Organisation | None] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self):
        return self
