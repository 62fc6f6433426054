"""A claim per job run: the unique (job, run_key) makes every run happen once, whichever process
or restart gets there first."""
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import utcnow


class JobRun(db.Model):
    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "run_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    run_key: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    detail: Mapped[str] = mapped_column(Text, default="")


class JobClaim(db.Model):
    """A claim on one piece of timed work: ``job`` for ``item`` at its ``due`` moment (a reminder
    for a task and its due date, a mail and its attempt, a region's digest and its day). The unique
    triple makes it happen once, whichever scheduler process, restart or catch-up gets there first;
    the claim is written in the same transaction as the work, so work that fails is claimed by
    nobody and is tried again."""
    __tablename__ = "job_claim"
    __table_args__ = (UniqueConstraint("job", "item", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    item: Mapped[str] = mapped_column(String(80))
    due: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
