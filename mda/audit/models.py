"""The access log (NEN 7513). Ids are copied, not foreign keys, so an entry outlives what it
describes. Entries are chained: each carries the hash of the one before it (see ``chain``)."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import one_of, utcnow

ACCESS_ACTIONS = ("view", "search", "create", "update", "export", "login", "logout", "login_failed",
                  "transfer", "purge")
OUTCOMES = ("allowed", "denied")


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (one_of("action", ACCESS_ACTIONS), one_of("outcome", OUTCOMES))

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None]
    username: Mapped[str] = mapped_column(String(80), default="")
    organisation_id: Mapped[int | None]
    organisation_name: Mapped[str] = mapped_column(String(160), default="")
    role: Mapped[str] = mapped_column(String(20), default="")
    on_behalf_of: Mapped[str] = mapped_column(String(160), default="")
    action: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int | None] = mapped_column(index=True)
    person_id: Mapped[int | None] = mapped_column(index=True)
    object: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(10), default="allowed")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    purpose: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AccessLogHead(db.Model):
    """One row: the sequence number and hash of the newest entry. Updating it first serialises
    writers (a row lock on PostgreSQL, the write lock on SQLite), so the chain never forks."""
    __tablename__ = "access_log_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
