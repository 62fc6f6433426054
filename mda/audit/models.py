"""The access log (NEN 7513). Ids are copied, not foreign keys, so an entry outlives what it
describes. An entry is written unsequenced (``seq`` empty) with its own keyed MAC (``leaf_mac``);
the sequencer later gives it its place in the chain: a sequence number and the hash linking it to
the entry before it (see ``chain`` and ``sequencer``). Free text (``detail``) lies beside the
chain: the chain holds its keyed digest, so the text can be erased at a purge while the chain
still verifies."""
from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import one_of, utcnow

ACCESS_ACTIONS = ("view", "search", "create", "update", "export", "login", "logout", "login_failed",
                  "transfer", "purge")
OUTCOMES = ("allowed", "denied")


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (one_of("action", ACCESS_ACTIONS), one_of("outcome", OUTCOMES),
                      Index("ix_access_log_unsequenced", "id", postgresql_where=text("seq IS NULL"),
                            sqlite_where=text("seq IS NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int | None] = mapped_column(unique=True)  # empty until the sequencer links the entry
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
    detail: Mapped[str] = mapped_column(Text, default="")  # not chained: erased at a purge
    detail_digest: Mapped[str] = mapped_column(String(64), default="")
    leaf_mac: Mapped[str | None] = mapped_column(String(64))  # empty on entries chained before 0011q
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))


class AccessLogHead(db.Model):
    """One row: the sequence number and hash of the newest sequenced entry, sealed with the chain's
    key. Only the sequencer updates it, first thing: that serialises sequencers (a row lock on
    PostgreSQL, the write lock on SQLite), so the chain never forks; requests never touch it."""
    __tablename__ = "access_log_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RefusalWindow(db.Model):
    """Repeated anonymous refusals from one address: the first in a window is an entry of its own,
    the repeats are counted here and written as one summary entry when the window has closed."""
    __tablename__ = "access_log_refusal_window"
    __table_args__ = (UniqueConstraint("client_address", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_address: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime]
    last_at: Mapped[datetime]
    repeats: Mapped[int] = mapped_column(default=0)
