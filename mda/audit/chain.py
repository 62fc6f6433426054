"""The hash chain of the access log: appending entries and verifying the whole log.

entry_hash = HMAC-SHA-256(AUDIT_LOG_KEY, prev_hash + canonical JSON of the entry's fields). Any
edit, deletion or reordering of an entry breaks the chain at that entry; deleting the newest
entries shows as a mismatch with the head row. The key lives outside the database (environment or
instance folder), so whoever can write to the database but does not hold the key cannot rebuild
a chain that verifies after removing or changing an entry.
"""
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import select

from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.types import utcnow

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "user_id", "username", "organisation_id", "organisation_name", "role", "on_behalf_of",
    "action", "dossier_id", "person_id", "object", "outcome", "client_address", "purpose", "source",
    "detail",
)


def _canonical_time(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def chain_key() -> bytes:
    return current_app.config["AUDIT_LOG_KEY"].encode("utf-8")


def compute_hash(prev_hash: str, values: dict, key: bytes | None = None) -> str:
    payload = {name: values.get(name) for name in HASHED_FIELDS}
    payload["at"] = _canonical_time(payload["at"])
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key or chain_key(), (prev_hash + text).encode("utf-8"), hashlib.sha256).hexdigest()


def _lock_head(session) -> tuple[int, str]:
    """Locks the head row (row lock on PostgreSQL, write lock on SQLite) and reads it."""
    head = AccessLogHead.__table__
    row = session.execute(head.update().where(head.c.id == 1).values(updated_at=utcnow())
                          .returning(head.c.last_seq, head.c.last_hash)).first()
    if row is None:
        session.execute(head.insert().values(id=1, last_seq=0, last_hash=GENESIS, updated_at=utcnow()))
        return 0, GENESIS
    return row.last_seq, row.last_hash


def append(session, entries: list[dict]) -> None:
    """Adds the entries to the chain, in order, inside the session's transaction."""
    if not entries:
        return
    seq, prev = _lock_head(session)
    key = chain_key()
    rows = []
    for values in entries:
        seq += 1
        values = {**values, "seq": seq, "at": values.get("at") or utcnow()}
        entry_hash = compute_hash(prev, values, key)
        rows.append({**values, "prev_hash": prev, "entry_hash": entry_hash})
        prev = entry_hash
    session.execute(AccessLogEntry.__table__.insert(), rows)
    head = AccessLogHead.__table__
    session.execute(head.update().where(head.c.id == 1).values(last_seq=seq, last_hash=prev))


@dataclass
class Verdict:
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None and not self.problem


def verify(session, batch: int = 5000) -> Verdict:
    """Walks the whole log in sequence order and names the first entry that does not fit."""
    columns = [getattr(AccessLogEntry, name) for name in HASHED_FIELDS]
    stmt = (select(AccessLogEntry.id, AccessLogEntry.prev_hash, AccessLogEntry.entry_hash, *columns)
            .order_by(AccessLogEntry.seq).execution_options(yield_per=batch))
    prev, expected_seq, checked = GENESIS, 1, 0
    key = chain_key()
    result = session.execute(stmt)
    try:
        for row in result:
            values = dict(zip(HASHED_FIELDS, row[3:]))
            if values["seq"] != expected_seq:
                return Verdict(checked, expected_seq, row.id, "missing or reordered entry")
            if row.prev_hash != prev:
                return Verdict(checked, values["seq"], row.id, "previous hash does not match")
            if not hmac.compare_digest(compute_hash(prev, values, key), row.entry_hash):
                return Verdict(checked, values["seq"], row.id, "entry was changed")
            prev, expected_seq, checked = row.entry_hash, expected_seq + 1, checked + 1
    finally:
        result.close()
    head = session.get(AccessLogHead, 1)
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    if last_seq != checked or last_hash != prev:
        return Verdict(checked, checked + 1, None, "newest entries were removed")
    return Verdict(checked)
