"""Each dossier's last progress: the engine sets it when the case changes phase or a task is
completed (and not when a task is only accepted or declined), without making anyone's open form on
the dossier stale; the migration computed it for the dossiers that existed before."""
import logging
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.escalation.progress import refresh_progress
from mda.escalation.stalls import local_day
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make
from tests.escalation.conftest import quiet_since


def last_progress(dossier_id):
    db.session.expire_all()
    return local_day(db.session.get(Dossier, dossier_id).last_progress_at)


def a_task(ladder) -> Task:
    row = Task(dossier_id=ladder.case.id, kind="other", title_nl="Huisbezoek", title_en="Home visit",
               organisation_id=ladder.police.id, start_on=clock.today(), due_on=clock.today() + timedelta(days=5))
    db.session.add(row)
    db.session.commit()
    return row


def test_a_completed_task_is_progress_and_leaves_the_dossier_version_alone(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    version = ladder.case.version_id
    task = a_task(ladder)
    fire(task, "accept", ladder.officer)
    db.session.commit()
    assert last_progress(ladder.case.id) == clock.today() - timedelta(days=30), "accepting is no progress yet"
    fire(task, "complete", ladder.officer, result="Huisbezoek afgelegd.")
    db.session.commit()
    assert last_progress(ladder.case.id) == clock.today()
    assert db.session.get(Dossier, ladder.case.id).version_id == version


def test_a_declined_task_is_no_progress(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    fire(a_task(ladder), "decline", ladder.officer, reason="Geen capaciteit.")
    db.session.commit()
    assert last_progress(ladder.case.id) == clock.today() - timedelta(days=30)


def test_a_phase_change_is_progress(ladder):
    quiet_since(ladder.case, 30)
    db.session.commit()
    fire(db.session.get(Dossier, ladder.case.id), "relapse", ladder.coordinator, reason="Nieuw incident.")
    db.session.commit()
    assert last_progress(ladder.case.id) == clock.today()


def test_refreshing_recomputes_it_from_the_logs(ladder):
    long_ago = clock.utcnow() - timedelta(days=50)
    case = db.session.get(Dossier, ladder.case.id)
    case.created_at = long_ago - timedelta(days=30)
    db.session.add(TransitionLog(dossier_id=case.id, workflow="case", object_id=case.id, event="start_safety",
                                 from_state="safety_assessment", to_state="safety", at=long_ago))
    db.session.add(TransitionLog(dossier_id=case.id, workflow="task", object_id=1, event="accept",
                                 from_state="open", to_state="accepted", at=long_ago + timedelta(days=20)))
    db.session.commit()
    refresh_progress([case.id])
    assert last_progress(case.id) == local_day(long_ago)


@pytest.fixture
def other_database(database_url):
    """A database of its own, for a migration run up and down."""
    if database_url.startswith("postgresql"):
        server = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS backfill"))
            connection.execute(text("CREATE DATABASE backfill"))
        yield database_url.rsplit("/", 1)[0] + "/backfill"
        with server.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS backfill WITH (FORCE)"))
        server.dispose()
    else:
        yield f"sqlite:///{Path(tempfile.mkdtemp(prefix='mda-backfill-')) / 'backfill.sqlite3'}"


@pytest.fixture
def loggers_kept():
    """Alembic's logging set-up switches off every logger that exists (WeasyPrint's among them):
    they are switched back on after a migration run in the middle of the tests."""
    loggers = [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    before = {logger: logger.disabled for logger in loggers}
    yield
    for logger, disabled in before.items():
        logger.disabled = disabled


def test_the_migration_computes_the_last_progress_of_existing_dossiers(other_database, loggers_kept):
    from config import TestConfig
    from mda import create_app

    app = create_app(TestConfig(other_database))
    moments = [datetime(2026, 1, day, 9, tzinfo=timezone.utc) for day in (5, 10, 20)]
    with app.app_context():
        upgrade()
        coordinator = make.user(make.organisation(make.region(), "Wijkteam Oud"), "oud", "coordinator")
        phase, done, quiet = (make.dossier(coordinator, f"Gezin {name}") for name in ("Fase", "Taak", "Stil"))
        for dossier in (phase, done, quiet):
            dossier.created_at = moments[0]
        db.session.add(TransitionLog(dossier_id=phase.id, workflow="case", object_id=phase.id, event="start_assessment",
                                     from_state="registered", to_state="safety_assessment", at=moments[2]))
        db.session.add(TransitionLog(dossier_id=done.id, workflow="case", object_id=done.id, event="start_assessment",
                                     from_state="registered", to_state="safety_assessment", at=moments[1]))
        db.session.add(Task(dossier_id=done.id, kind="other", title_nl="Klaar", title_en="Done", state="done",
                            organisation_id=coordinator.organisation_id, start_on=moments[0].date(),
                            due_on=moments[0].date(), closed_at=moments[2]))
        ids = (phase.id, done.id, quiet.id)
        db.session.commit()
        downgrade(revision="0011h")
        upgrade()
        rows = dict(db.session.execute(text("SELECT id, last_progress_at FROM dossier")).all())
        db.session.remove()
        db.engine.dispose()
    found = [rows[dossier_id] if isinstance(rows[dossier_id], datetime) else datetime.fromisoformat(rows[dossier_id])
             for dossier_id in ids]
    assert [moment.replace(tzinfo=None) for moment in found] == [
        moment.replace(tzinfo=None) for moment in (moments[2], moments[2], moments[0])]
