"""The sequencer: links the entries that requests appended into the chain, in batches.

Requests append entries without any lock (``chain.append``). The sequencer takes the head row's
lock (a row lock on PostgreSQL, the write lock on SQLite), numbers the waiting entries after the
head in id order, links each to the one before it, moves the head and commits: one batch. Two
sequencers at once take turns on the head's lock, and the second reads the waiting entries only
once it holds it, so it finds the first one's entries numbered: no entry is numbered twice and no
number is skipped. The scheduler runs it every AUDIT_SEQUENCE_SECONDS; verify-log and every
checkpoint run it first.

It links nothing onto a head that does not hold: a head changed without the key, or naming an
entry that is not there, stays as it is for verify-log to report (``HeadBroken``).
"""
import hmac
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from mda.audit.chain import GENESIS, chain_key, head_problem, head_seal, link_hash
from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.types import utcnow

ENTRY, HEAD = AccessLogEntry.__table__, AccessLogHead.__table__


class HeadBroken(Exception):
    """The head may not be built on; the entries keep waiting."""


def _newest_waiting(session) -> int | None:
    """The id of the newest waiting entry: a look at the index of waiting entries, without a lock."""
    return session.scalar(select(func.max(ENTRY.c.id)).where(ENTRY.c.seq.is_(None)))


def oldest_waiting(session) -> datetime | None:
    """When the oldest entry still waiting to be linked was written (UTC), or None when none
    waits: one look at the index of waiting entries, for /health to report the sequencer's lag."""
    at = session.scalar(select(ENTRY.c.at).where(ENTRY.c.seq.is_(None)).order_by(ENTRY.c.id).limit(1))
    if at is None:
        return None
    return at.astimezone(timezone.utc) if at.tzinfo else at.replace(tzinfo=timezone.utc)


def sequence(session, batch: int | None = None) -> int:
    """Links the entries waiting when it starts, ``batch`` per transaction (so it ends however
    fast new ones arrive); the number linked. Runs and commits its own transactions: call it with
    none open."""
    batch = batch or current_app.config["AUDIT_SEQUENCE_BATCH"]
    newest, linked = _newest_waiting(session), 0
    while newest is not None:
        count = _link_batch(session, batch, newest)
        session.commit()
        linked += count
        if count < batch:
            break
    session.commit()  # the look that found nothing waiting
    return linked


def _lock_head(session, key: bytes) -> tuple[int, str]:
    """Locks the head row and reads it; creates it for a log that has no numbered entry yet."""
    stmt = (HEAD.update().where(HEAD.c.id == 1).values(updated_at=utcnow())
            .returning(HEAD.c.last_seq, HEAD.c.last_hash, HEAD.c.seal))
    row = session.execute(stmt).first()
    if row is None:
        # Create it first and look for numbered entries after: a sequencer that created it
        # meanwhile makes this insert wait and then do nothing, so its entries are no sign of a
        # head taken away. Looking first would see them and call a sound log broken.
        insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
        genesis = {"id": 1, "last_seq": 0, "last_hash": GENESIS, "seal": head_seal(0, GENESIS, key),
                   "updated_at": utcnow()}
        created = session.execute(insert(AccessLogHead).values(genesis)
                                  .on_conflict_do_nothing(index_elements=["id"]).returning(HEAD.c.id)).first()
        if created and session.scalar(select(ENTRY.c.id).where(ENTRY.c.seq.is_not(None)).limit(1)) is not None:
            session.rollback()
            raise HeadBroken("the head record is missing while entries are numbered")
        row = session.execute(stmt).first()
    sealed = hmac.compare_digest(row.seal or "", head_seal(row.last_seq, row.last_hash, key))
    problem = head_problem(session, row.last_seq, row.last_hash, sealed)
    if problem:
        session.rollback()
        raise HeadBroken(problem)
    return row.last_seq, row.last_hash


def _link_batch(session, size: int, newest: int) -> int:
    key = chain_key()
    seq, prev = _lock_head(session, key)
    rows = session.execute(select(ENTRY.c.id, ENTRY.c.leaf_mac).where(ENTRY.c.seq.is_(None), ENTRY.c.id <= newest)
                           .order_by(ENTRY.c.id).limit(size)).all()
    if not rows:
        return 0
    links = []
    for row in rows:
        seq += 1
        entry_hash = link_hash(prev, seq, row.leaf_mac or "", key)
        links.append({"entry_id": row.id, "new_seq": seq, "new_prev": prev, "new_hash": entry_hash})
        prev = entry_hash
    session.execute(ENTRY.update().where(ENTRY.c.id == bindparam("entry_id"), ENTRY.c.seq.is_(None))
                    .values(seq=bindparam("new_seq"), prev_hash=bindparam("new_prev"),
                            entry_hash=bindparam("new_hash")), links)
    session.execute(HEAD.update().where(HEAD.c.id == 1)
                    .values(last_seq=seq, last_hash=prev, seal=head_seal(seq, prev, key)))
    return len(links)
