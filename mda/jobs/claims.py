"""Claims on timed work, set-based: one INSERT ... ON CONFLICT DO NOTHING RETURNING tells which of
the pieces of work this process got. The claim commits with the work it guards (the caller's
transaction): a second process waits for that commit and then finds the pieces taken."""
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from mda.core import clock
from mda.extensions import db
from mda.jobs.models import JobClaim

CHUNK = 500  # rows per statement, well inside SQLite's limit on bound values
# Claims older than this guard nothing any more: a mail's attempt moment is never due again, a
# region's old digest moment is never computed again, and a reminder claimed again finds its inbox
# item already there (one item per user per event).
KEPT = timedelta(days=400)


def moment_key(moment: datetime) -> str:
    """A moment as a claim's ``due``: UTC, to the microsecond, the same whatever the database
    hands back (SQLite drops the zone, PostgreSQL keeps it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def claim(job: str, pieces: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Claims each (item, due) of ``job`` not claimed before; returns the ones this call claimed."""
    pieces = list(dict.fromkeys(pieces))
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    now = clock.utcnow()
    claimed = set()
    for start in range(0, len(pieces), CHUNK):
        rows = [{"job": job, "item": item, "due": due, "claimed_at": now} for item, due in pieces[start:start + CHUNK]]
        stmt = (insert(JobClaim).values(rows)
                .on_conflict_do_nothing(index_elements=["job", "item", "due"])
                .returning(JobClaim.item, JobClaim.due))
        claimed.update((item, due) for item, due in db.session.execute(stmt).all())
    return claimed


def claim_one(job: str, item: str, due: str) -> bool:
    return bool(claim(job, [(item, due)]))


def purge_claims(today: date) -> int:
    """Deletes the claims older than ``KEPT``; returns how many."""
    cutoff = datetime.combine(today - KEPT, time(0), tzinfo=timezone.utc)
    return db.session.execute(delete(JobClaim).where(JobClaim.claimed_at < cutoff)).rowcount
