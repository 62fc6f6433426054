"""Runs the timed jobs, each at most once per run key (a day), whichever process gets there first.

The scheduler (``flask mda scheduler``, ``mda.jobs.scheduler``) runs as its own process, never
inside the web workers. Daily jobs (``JOBS``) run for a day; on start the scheduler runs them for
every day it missed since their last run (at most ``CATCH_UP_DAYS``), in order, so a scheduler that
was down catches up on everything that fell due meanwhile. Work that falls due at a moment rather
than on a day (the digest at the region's time, the outbox, telling a coordinator that school
started without the school's confirmation of a Handle with Care signal) runs on every tick
(``TICKS``); it claims its pieces itself (``mda.jobs.claims``) or, like the Handle with Care check,
tells each person once by the key of what it tells.
"""
import logging
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from mda.core import clock
from mda.core.forms import purge_form_tokens
from mda.escalation.operations import detect_stalls
from mda.extensions import db
from mda.inbox.mail import queue_digests, send_due
from mda.inbox.reminders import task_reminders
from mda.jobs.claims import purge_claims
from mda.jobs.models import JobRun
from mda.jobs.retention import purge_expired, purge_expired_applications
from mda.tasks.handle_with_care import tell_coordinators_of_unconfirmed
from mda.types import utcnow

log = logging.getLogger(__name__)

JOBS = {"retention": purge_expired, "application_retention": purge_expired_applications,
        "form_tokens": purge_form_tokens, "task_reminders": task_reminders, "job_claims": purge_claims,
        "escalation": detect_stalls}
TICKS = {"digest": queue_digests, "mail": send_due, "school_signals": tell_coordinators_of_unconfirmed}
CATCH_UP_DAYS = 90  # a scheduler down longer than this catches up on the last 90 days only


def claim(job: str, run_key: str) -> JobRun | None:
    """Claims a run; None when another process (or an earlier start) already has it."""
    run = JobRun(job=job, run_key=run_key)
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        return None
    db.session.commit()
    return run


def days_to_run(job: str, today: date) -> list[date]:
    """The days ``job`` has to run for: each day after its last run up to ``today``; only today
    for a job that never ran."""
    last = db.session.scalar(select(func.max(JobRun.run_key)).where(JobRun.job == job))
    if last is None:
        return [today]
    start = max(date.fromisoformat(last) + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS - 1))
    return [start + timedelta(days=offset) for offset in range((today - start).days + 1)]


def run_job(job: str, day: date) -> str:
    try:
        run = claim(job, day.isoformat())
    except OperationalError as error:  # SQLite busy past its timeout: the next pass runs it
        db.session.rollback()
        return f"postponed: {error.orig.__class__.__name__}"
    if run is None:
        return "already ran"
    try:
        result = JOBS[job](day)
        run.detail, run.finished_at = f"ok: {result}", utcnow()
        db.session.commit()
        return f"ok: {result}"
    except Exception as error:
        db.session.rollback()
        run = db.session.merge(run)
        run.detail = f"failed: {error.__class__.__name__}"
        db.session.commit()
        log.exception("job %s failed for %s", job, day)
        return run.detail


def run_due(today: date | None = None) -> dict[str, str]:
    """Runs each job for every day it is due; the outcome per job (a missed day's under
    ``job (day)``, before the job's own for ``today``)."""
    today = today or clock.today()
    outcome = {}
    for job in JOBS:
        days = days_to_run(job, today)
        if not days:
            outcome[job] = "already ran"
        for day in days:
            result = outcome[job if day == today else f"{job} ({day.isoformat()})"] = run_job(job, day)
            if result.startswith("postponed"):
                break
    return outcome


def run_ticks(now: datetime | None = None) -> dict[str, str]:
    """The work due at this moment: a busy database or a failure leaves it for the next tick."""
    outcome = {}
    for name, work in TICKS.items():
        try:
            outcome[name] = work(now)
        except OperationalError as error:
            db.session.rollback()
            outcome[name] = f"postponed: {error.orig.__class__.__name__}"
        except Exception as error:
            db.session.rollback()
            log.exception("tick %s failed", name)
            outcome[name] = f"failed: {error.__class__.__name__}"
    return outcome
