"""Access-log entry. Ids are copied, not foreign keys, so an entry outlives what it describes."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import one_of, utcnow

ACCESS_ACTIONS = ("view", "search", "create", "update", "export", "login", "logout", "login_failed")
OUTCOMES = ("allowed", "denied")


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (one_of("action", ACCESS_ACTIONS), one_of("outcome", OUTCOMES))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None]
    username: Mapped[str] = mapped_column(String(80), default="")
    organisation_id: Mapped[int | None]
    organisation_name: Mapped[str] = mapped_column(String(160), default="")
    role: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int | None] = mapped_column(index=True)
    person_id: Mapped[int | None]
    object: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(10), default="allowed")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    purpose: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
