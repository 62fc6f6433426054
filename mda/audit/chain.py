"""The hash chain of the access log: appending entries and verifying the whole log.

entry_hash = HMAC-SHA-256(AUDIT_LOG_KEY, prev_hash + canonical JSON of the entry's fields). Any
edit, deletion or reordering of an entry breaks the chain at that entry. The head row names the
newest entry and is sealed with the same key, so pointing it at an earlier entry needs the key.
The key lives outside the database (environment or instance folder), so whoever can write to the
database but does not hold the key cannot rebuild a chain that verifies after removing or changing
an entry. Removing the newest entries together with a resealed head, or wiping the whole log, is
caught by comparing the chain with the last checkpoint written outside the database
(``checkpoints``).

Free text is chained as its keyed digest (``detail_digest``), never as text: the text beside the
entry can be erased at a purge and the chain still verifies; while the text is there, it must
match its digest.
"""
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import select, update

from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.types import utcnow

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "user_id", "username", "organisation_id", "organisation_name", "role", "on_behalf_of",
    "action", "dossier_id", "person_id", "object", "outcome", "client_address", "purpose", "source",
    "detail_digest",
)
# Entries written before migration 0009b chained the free text itself.
FORMAT_1_FIELDS = HASHED_FIELDS[:-1] + ("detail",)


def _canonical_time(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def chain_key() -> bytes:
    return current_app.config["AUDIT_LOG_KEY"].encode("utf-8")


def keyed_hex(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def compute_hash(prev_hash: str, values: dict, key: bytes | None = None, fields=HASHED_FIELDS) -> str:
    payload = {name: values.get(name) for name in fields}
    payload["at"] = _canonical_time(payload["at"])
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return keyed_hex(key or chain_key(), prev_hash + text)


def detail_digest(text: str, key: bytes | None = None) -> str:
    """The keyed digest of an entry's free text: without the key nobody can test a guess of an
    erased text against it."""
    return keyed_hex(key or chain_key(), "detail\n" + text) if text else ""


def head_seal(last_seq: int, last_hash: str, key: bytes | None = None) -> str:
    return keyed_hex(key or chain_key(), f"head\n{last_seq}\n{last_hash}")


def _lock_head(session) -> tuple[int, str]:
    """Locks the head row (row lock on PostgreSQL, write lock on SQLite) and reads it."""
    head = AccessLogHead.__table__
    row = session.execute(head.update().where(head.c.id == 1).values(updated_at=utcnow())
                          .returning(head.c.last_seq, head.c.last_hash)).first()
    if row is None:
        session.execute(head.insert().values(id=1, last_seq=0, last_hash=GENESIS, seal=head_seal(0, GENESIS),
                                             updated_at=utcnow()))
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
        detail = values.get("detail") or ""
        values = {**values, "seq": seq, "at": values.get("at") or utcnow(), "detail": detail,
                  "detail_digest": detail_digest(detail, key)}
        entry_hash = compute_hash(prev, values, key)
        rows.append({**values, "prev_hash": prev, "entry_hash": entry_hash})
        prev = entry_hash
    session.execute(AccessLogEntry.__table__.insert(), rows)
    head = AccessLogHead.__table__
    session.execute(head.update().where(head.c.id == 1)
                    .values(last_seq=seq, last_hash=prev, seal=head_seal(seq, prev, key)))


def erase_detail(session, *where) -> int:
    """Erases the free text of the entries that match; their chained digest stays."""
    result = session.execute(update(AccessLogEntry).where(*where, AccessLogEntry.detail != "")
                             .values(detail="").execution_options(synchronize_session=False))
    return result.rowcount


@dataclass(frozen=True)
class Anchor:
    """An entry known to have existed: its sequence number and hash, and when that was noted."""
    seq: int
    hash: str
    at: str


@dataclass
class Verdict:
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""
    known: Anchor | None = None
    last_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.broken_seq is None and not self.problem


def read_head(session, key: bytes | None = None) -> tuple[int, str, bool]:
    """(last_seq, last_hash, sealed): an empty log without a head row is a fresh database."""
    head = session.get(AccessLogHead, 1)
    if head is None:
        return 0, GENESIS, True
    sealed = hmac.compare_digest(head.seal or "", head_seal(head.last_seq, head.last_hash, key))
    return head.last_seq, head.last_hash, sealed


def verify(session, anchor: Anchor | None = None, batch: int = 5000) -> Verdict:
    """Walks the whole log in sequence order and names the first entry that does not fit; then
    checks the head's seal and that the anchor (the last checkpoint) is still in the chain."""
    columns = [getattr(AccessLogEntry, name) for name in HASHED_FIELDS]
    stmt = (select(AccessLogEntry.id, AccessLogEntry.prev_hash, AccessLogEntry.entry_hash,
                   AccessLogEntry.detail, *columns)
            .order_by(AccessLogEntry.seq).execution_options(yield_per=batch))
    prev, expected_seq, checked = GENESIS, 1, 0
    key = chain_key()
    result = session.execute(stmt)
    try:
        for row in result:
            values = dict(zip(HASHED_FIELDS, row[4:], strict=True))
            if values["seq"] != expected_seq:
                return Verdict(checked, expected_seq, row.id, "missing or reordered entry", anchor)
            if row.prev_hash != prev:
                return Verdict(checked, values["seq"], row.id, "previous hash does not match", anchor)
            if not hmac.compare_digest(compute_hash(prev, values, key), row.entry_hash):
                return Verdict(checked, values["seq"], row.id, "entry was changed", anchor)
            if row.detail and not hmac.compare_digest(detail_digest(row.detail, key), values["detail_digest"]):
                return Verdict(checked, values["seq"], row.id, "its free text was changed", anchor)
            if anchor and values["seq"] == anchor.seq and row.entry_hash != anchor.hash:
                return Verdict(checked, values["seq"], row.id, "entry differs from the checkpoint", anchor)
            prev, expected_seq, checked = row.entry_hash, expected_seq + 1, checked + 1
    finally:
        result.close()
    last_seq, last_hash, sealed = read_head(session, key)
    if not sealed:
        return Verdict(checked, None, None, "the head record was changed without the key", anchor)
    if last_seq != checked or last_hash != prev:
        return Verdict(checked, checked + 1, None, "newest entries were removed", anchor)
    if anchor and anchor.seq > checked:
        return Verdict(checked, checked + 1, None, "entries known from a checkpoint are missing", anchor)
    return Verdict(checked, known=anchor, last_hash=prev)
