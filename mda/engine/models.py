"""The transition log: every state change of every lifecycle in ``workflows.WORKFLOWS``; an
application's steps before it has a dossier have none."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import one_of, utcnow
import workflows

WORKFLOWS = tuple(workflows.WORKFLOWS)


class TransitionLog(db.Model):
    __tablename__ = "transition_log"
    __table_args__ = (one_of("workflow", WORKFLOWS),
                      Index("ix_transition_log_object", "workflow", "object_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    workflow: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    event: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    username: Mapped[str] = mapped_column(String(80), default="")
    organisation_name: Mapped[str] = mapped_column(String(160), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
