"""The scheduler process (``flask mda scheduler``): one per installation, beside the web server.

At start it catches up: every daily job for every day it missed, then whatever is due now. Then it
runs the daily jobs at 02:30 Dutch time, the work that falls due at a moment (the digest, the
outbox) every ``SCHEDULER_TICK_SECONDS``, the access log's sequencer every
``AUDIT_SEQUENCE_SECONDS`` and an access-log checkpoint every ``AUDIT_CHECKPOINT_MINUTES``. On
PostgreSQL a second scheduler waits on an advisory lock until the first stops; the claim rows make
two at once safe anyway (and on SQLite they are what does; two sequencers take turns on the
access log's head).
"""
import logging
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from mda.audit.sequencer import HeadBroken, sequence
from mda.extensions import db
from mda.jobs.runner import run_due, run_ticks

log = logging.getLogger(__name__)
LOCK_KEY = 0x4D4441  # "MDA": the advisory lock only schedulers take
Echo = Callable[[str], None]


@contextmanager
def only_scheduler(echo: Echo, lock: bool = True) -> Iterator[None]:
    """Holds PostgreSQL's advisory lock for the scheduler while inside: a second scheduler waits
    here until the first stops (its connection closing releases the lock, also after a crash)."""
    if not lock or db.engine.dialect.name != "postgresql":
        yield
        return
    connection = db.engine.connect()
    try:
        if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar():
            echo("Another scheduler is running: waiting until it stops (PostgreSQL advisory lock).")
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        connection.commit()  # the lock is the session's: no transaction stays open while it is held
        yield
    finally:
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            connection.commit()
        finally:
            connection.close()


def run_days(echo: Echo, checkpoint: Callable[[str], None]) -> None:
    for job, outcome in run_due().items():
        echo(f"{job}: {outcome}")
    checkpoint("run-jobs")


def run_moments(echo: Echo, last: dict | None = None) -> None:
    """Runs the ticks; says what they did when it differs from the last time (an idle tick is quiet)."""
    for name, outcome in run_ticks().items():
        if last is None or last.get(name) != outcome:
            echo(f"{name}: {outcome}")
        if last is not None:
            last[name] = outcome


def link_access_log(echo: Echo, last: dict) -> str:
    """Links the access-log entries that wait; says so only when it cannot (once per reason)."""
    try:
        outcome = f"linked {sequence(db.session)}"
    except HeadBroken as refusal:
        outcome = f"refused: {refusal}; run verify-log"
    except OperationalError as error:  # SQLite busy past its timeout: the next run links them
        db.session.rollback()
        outcome = f"postponed: {error.orig.__class__.__name__}"
    except Exception as error:
        db.session.rollback()
        log.exception("access log sequencer failed")
        outcome = f"failed: {error.__class__.__name__}"
    if not outcome.startswith("linked") and last.get("access_log") != outcome:
        echo(f"access log sequencer: {outcome}")
    last["access_log"] = outcome
    return outcome


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)


def serve(app, *, echo: Echo, checkpoint: Callable[[str], None], once: bool = False, lock: bool = True) -> None:
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    with app.app_context(), only_scheduler(echo, lock):
        link_access_log(echo, {})
        run_days(echo, checkpoint)  # catch up on whatever was missed while the scheduler was down
        run_moments(echo)
        if once:
            return
        last: dict = {}

        def daily():
            with app.app_context():
                run_days(echo, checkpoint)

        def tick():
            with app.app_context():
                run_moments(echo, last)

        linker: dict = {}

        def link():
            with app.app_context():
                link_access_log(echo, linker)

        def interval_checkpoint():
            with app.app_context():
                checkpoint("interval")

        minutes = app.config["AUDIT_CHECKPOINT_MINUTES"]
        seconds = app.config["SCHEDULER_TICK_SECONDS"]
        scheduler = BlockingScheduler(timezone="Europe/Amsterdam")
        scheduler.add_job(daily, "cron", hour=2, minute=30, id="daily", coalesce=True, max_instances=1,
                          misfire_grace_time=3600)
        scheduler.add_job(tick, "interval", seconds=seconds, id="tick", coalesce=True, max_instances=1)
        scheduler.add_job(link, "interval", seconds=app.config["AUDIT_SEQUENCE_SECONDS"], id="access_log",
                          coalesce=True, max_instances=1)
        scheduler.add_job(interval_checkpoint, "interval", minutes=minutes, id="checkpoint", coalesce=True,
                          max_instances=1)
        echo(f"Scheduler running: daily jobs at 02:30 Europe/Amsterdam, digest and outbox every {seconds} s, "
             f"the access log linked every {app.config['AUDIT_SEQUENCE_SECONDS']:g} s and checkpointed every "
             f"{minutes} minutes. Stop with Ctrl+C.")
        _stop_on_sigterm()
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)
            echo("Scheduler stopped.")
