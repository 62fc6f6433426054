"""Runs the timed jobs, each at most once per run key (a day), whichever process gets there first.

The scheduler (``flask mda scheduler``) runs as its own process, never inside the web workers; on
start it runs whatever is due today, so a scheduler that was down catches up.
"""
import logging
from datetime import date

from sqlalchemy.exc import IntegrityError

from mda.core import clock
from mda.core.forms import purge_form_tokens
from mda.escalation.operations import detect_stalls
from mda.extensions import db
from mda.jobs.models import JobRun
from mda.jobs.retention import purge_expired, purge_expired_applications
from mda.types import utcnow

log = logging.getLogger(__name__)

JOBS = {"retention": purge_expired, "application_retention": purge_expired_applications,
        "form_tokens": purge_form_tokens, "escalation": detect_stalls}


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


def run_due(today: date | None = None) -> dict[str, str]:
    today = today or clock.today()
    outcome = {}
    for job, work in JOBS.items():
        run = claim(job, today.isoformat())
        if run is None:
            outcome[job] = "already ran"
            continue
        try:
            result = work(today)
            run.detail, run.finished_at = f"ok: {result}", utcnow()
            db.session.commit()
            outcome[job] = f"ok: {result}"
        except Exception as error:
            db.session.rollback()
            run = db.session.merge(run)
            run.detail = f"failed: {error.__class__.__name__}"
            db.session.commit()
            log.exception("job %s failed", job)
            outcome[job] = run.detail
    return outcome
