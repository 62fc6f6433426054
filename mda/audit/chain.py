"""The hash chain of the access log: appending entries, linking them, verifying the whole log.

An entry is written in two steps, so that no request waits for another on the log (the way
Certificate Transparency logs and Trillian queue leaves and integrate them in batches):

- ``append`` inserts it unsequenced, in the request's own transaction, without any lock: one
  INSERT for all the request's entries. It carries its leaf MAC: HMAC-SHA-256(AUDIT_LOG_KEY,
  canonical JSON of its fields), so an entry changed or made up without the key is caught even
  before it is in the chain.
- The sequencer (``mda.audit.sequencer``) takes the head's lock, gives the waiting entries the next
  sequence numbers and links each to the one before it:
  entry_hash = HMAC-SHA-256(AUDIT_LOG_KEY, prev_hash, seq, leaf MAC).

Any edit, deletion or reordering of a sequenced entry breaks the chain at that entry. An entry
deleted before it was sequenced leaves no trace: the scheduler links every second, so that window
is short, and verify-log reports how many entries still wait and since when. The head row names
the newest sequenced entry and is sealed with the same key, so pointing it at an earlier entry
needs the key. The key lives outside the database (environment or instance folder), so whoever
can write to the database but does not hold the key cannot rebuild a chain that verifies after
removing or changing an entry. Removing the newest entries together with a resealed head, or
wiping the whole log, is caught by comparing the chain with the last checkpoint written outside
the database (``checkpoints``).

Entries chained before migration 0011q have no leaf MAC: their hash covers their fields and
sequence number directly (``compute_hash``) and verifies as such.

Free text is chained as its keyed digest (``detail_digest``), never as text: the text beside the
entry can be erased at a purge and the chain still verifies; while the text is there, it must
match its digest.
"""
import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import func, select, update

from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.types import utcnow

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "user_id", "username", "organisation_id", "organisation_name", "role", "on_behalf_of",
    "action", "dossier_id", "person_id", "object", "outcome", "client_address", "purpose", "source",
    "detail_digest",
)
LEAF_FIELDS = HASHED_FIELDS[1:]  # what an entry says, without its place in the chain
# Entries written before migration 0009b chained the free text itself.
FORMAT_1_FIELDS = HASHED_FIELDS[:-1] + ("detail",)
# What a caller may leave out of an entry; what the leaf MAC covers is what is inserted.
BLANK = {"user_id": None, "username": "", "organisation_id": None, "organisation_name": "", "role": "",
         "on_behalf_of": "", "dossier_id": None, "person_id": None, "object": "", "outcome": "allowed",
         "client_address": "", "purpose": "", "source": "", "detail": ""}


def _canonical_time(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical(values: dict, fields) -> str:
    payload = {name: values.get(name) for name in fields}
    payload["at"] = _canonical_time(payload["at"])
    return _JSON.encode(payload)


def chain_key() -> bytes:
    return current_app.config["AUDIT_LOG_KEY"].encode("utf-8")


@functools.lru_cache(maxsize=4)
def _keyed(key: bytes):
    return hmac.new(key, digestmod=hashlib.sha256)


def keyed_hex(key: bytes, text: str) -> str:
    mac = _keyed(key).copy()  # the key's pads are set up once, not per entry
    mac.update(text.encode("utf-8"))
    return mac.hexdigest()


def compute_hash(prev_hash: str, values: dict, key: bytes | None = None, fields=HASHED_FIELDS) -> str:
    """The hash of an entry chained before 0011q: its fields with its sequence number, after the
    hash of the entry before it."""
    return keyed_hex(key or chain_key(), prev_hash + _canonical(values, fields))


def leaf_mac(values: dict, key: bytes | None = None) -> str:
    """An entry's own MAC, given when it is appended: everything it says but its place."""
    return keyed_hex(key or chain_key(), "leaf\n" + _canonical(values, LEAF_FIELDS))


def link_hash(prev_hash: str, seq: int, leaf: str, key: bytes | None = None) -> str:
    """The hash that puts the entry with MAC ``leaf`` at ``seq``, after ``prev_hash``."""
    return keyed_hex(key or chain_key(), f"link\n{prev_hash}\n{seq}\n{leaf}")


def detail_digest(text: str, key: bytes | None = None) -> str:
    """The keyed digest of an entry's free text: without the key nobody can test a guess of an
    erased text against it."""
    return keyed_hex(key or chain_key(), "detail\n" + text) if text else ""


def head_seal(last_seq: int, last_hash: str, key: bytes | None = None) -> str:
    return keyed_hex(key or chain_key(), f"head\n{last_seq}\n{last_hash}")


def append(session, entries: list[dict]) -> None:
    """Inserts the entries unsequenced, each with its leaf MAC, inside the session's transaction:
    one statement for all of them (executed with their rows as its parameter sets, which keeps it
    one compiled statement) and no lock. The sequencer links them later."""
    if not entries:
        return
    key, now, digests, rows = chain_key(), utcnow(), {}, []
    for values in entries:
        row = {**BLANK, **values}
        row["at"] = row.get("at") or now
        row["detail"] = row["detail"] or ""
        if row["detail"] not in digests:
            digests[row["detail"]] = detail_digest(row["detail"], key)
        row["detail_digest"] = digests[row["detail"]]
        row["leaf_mac"] = leaf_mac(row, key)
        rows.append(row)
    session.execute(AccessLogEntry.__table__.insert(), rows)


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
    waiting: int = 0  # entries not yet sequenced, each checked against its own MAC
    oldest_waiting: datetime | None = None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None and not self.problem


def read_head(session, key: bytes | None = None) -> tuple[int, str, bool]:
    """(last_seq, last_hash, sealed): an empty log without a head row is a fresh database."""
    head = session.execute(select(AccessLogHead.last_seq, AccessLogHead.last_hash, AccessLogHead.seal)
                           .where(AccessLogHead.id == 1)).first()
    if head is None:
        return 0, GENESIS, True
    sealed = hmac.compare_digest(head.seal or "", head_seal(head.last_seq, head.last_hash, key))
    return head.last_seq, head.last_hash, sealed


def hash_of(session, seq: int) -> str | None:
    return session.scalar(select(AccessLogEntry.entry_hash).where(AccessLogEntry.seq == seq))


def head_problem(session, last_seq: int, last_hash: str, sealed: bool) -> str:
    """A cheap look (one row) for whether the head may be built on: its seal holds and it names an
    entry that is there."""
    if not sealed:
        return "the head record was changed without the key"
    if last_seq and hash_of(session, last_seq) != last_hash:
        return f"the head names entry #{last_seq}, which is missing or changed"
    return ""


def _misfit(row, values: dict, prev: str, key: bytes) -> str:
    """What is wrong with a sequenced entry that follows ``prev``; empty when it fits."""
    if row.prev_hash != prev:
        return "previous hash does not match"
    if row.leaf_mac:
        fits = (hmac.compare_digest(leaf_mac(values, key), row.leaf_mac)
                and hmac.compare_digest(link_hash(prev, values["seq"], row.leaf_mac, key), row.entry_hash or ""))
    else:
        fits = hmac.compare_digest(compute_hash(prev, values, key), row.entry_hash or "")
    if not fits:
        return "entry was changed"
    if row.detail and not hmac.compare_digest(detail_digest(row.detail, key), values["detail_digest"]):
        return "its free text was changed"
    return ""


def verify(session, anchor: Anchor | None = None, batch: int = 5000) -> Verdict:
    """Walks the chain in sequence order up to the head and names the first entry that does not
    fit; checks the head's seal, that the anchor (the last checkpoint) is still in the chain and
    that nothing is numbered past the head; then checks each entry still waiting for the
    sequencer against its own MAC."""
    key = chain_key()
    last_seq, last_hash, sealed = read_head(session, key)
    log = AccessLogEntry.__table__.c  # plain columns: no ORM work per row
    stmt = (select(log.id, log.prev_hash, log.entry_hash, log.leaf_mac, log.detail, *[log[n] for n in HASHED_FIELDS])
            .where(log.seq.is_not(None), log.seq <= last_seq).order_by(log.seq).execution_options(yield_per=batch))
    prev, expected_seq, checked = GENESIS, 1, 0
    result = session.execute(stmt)
    try:
        for row in result:
            values = dict(zip(HASHED_FIELDS, row[5:], strict=True))
            if values["seq"] != expected_seq:
                return Verdict(checked, expected_seq, row.id, "missing or reordered entry", anchor)
            problem = _misfit(row, values, prev, key)
            if not problem and anchor and values["seq"] == anchor.seq and row.entry_hash != anchor.hash:
                problem = "entry differs from the checkpoint"
            if problem:
                return Verdict(checked, values["seq"], row.id, problem, anchor)
            prev, expected_seq, checked = row.entry_hash, expected_seq + 1, checked + 1
    finally:
        result.close()
    if not sealed:
        return Verdict(checked, None, None, "the head record was changed without the key", anchor)
    if last_seq != checked or last_hash != prev:
        return Verdict(checked, checked + 1, None, "newest entries were removed", anchor)
    if anchor and anchor.seq > checked:
        return Verdict(checked, checked + 1, None, "entries known from a checkpoint are missing", anchor)
    if _numbered_past_the_head(session, key):
        return Verdict(checked, checked + 1, None, "entries are numbered past the head: the head was moved back "
                                                   "or entries were numbered without the sequencer", anchor)
    return _check_waiting(session, key, batch, Verdict(checked, known=anchor, last_hash=prev))


def _numbered_past_the_head(session, key: bytes) -> bool:
    """Entries numbered past the head, other than by a sequencer that ran meanwhile (which moved
    the head along in the same transaction)."""
    top = session.scalar(select(func.max(AccessLogEntry.seq)))
    return top is not None and top > read_head(session, key)[0]


def _check_waiting(session, key: bytes, batch: int, verdict: Verdict) -> Verdict:
    """Each entry not yet sequenced against its own MAC: one changed, or made without the key, is
    named. One deleted before it was sequenced cannot be seen."""
    log = AccessLogEntry.__table__.c
    stmt = (select(log.id, log.leaf_mac, log.detail, *[log[n] for n in LEAF_FIELDS])
            .where(log.seq.is_(None)).order_by(log.id).execution_options(yield_per=batch))
    result = session.execute(stmt)
    try:
        for row in result:
            values = dict(zip(LEAF_FIELDS, row[3:], strict=True))
            if not hmac.compare_digest(leaf_mac(values, key), row.leaf_mac or ""):
                verdict.broken_id, verdict.problem = row.id, "an entry not yet sequenced was changed or made up"
                return verdict
            if row.detail and not hmac.compare_digest(detail_digest(row.detail, key), values["detail_digest"]):
                verdict.broken_id, verdict.problem = row.id, "the free text of an entry not yet sequenced was changed"
                return verdict
            verdict.waiting += 1
            at = values["at"]
            at = at.astimezone(timezone.utc) if at.tzinfo else at.replace(tzinfo=timezone.utc)
            if verdict.oldest_waiting is None or at < verdict.oldest_waiting:
                verdict.oldest_waiting = at
    finally:
        result.close()
    return verdict
