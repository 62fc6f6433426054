"""Test set-up: one database per run (SQLite file or a throwaway PostgreSQL cluster), migrated with
Alembic, emptied before each test; the demo region on request."""
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("MDA_INSTANCE_DIR", tempfile.mkdtemp(prefix="mda-instance-"))


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite",
                     help="database the suite runs against")


@pytest.fixture(scope="session")
def database_url(request):
    if request.config.getoption("--db") == "postgresql":
        from tests.support.postgres import ThrowawayCluster
        cluster = ThrowawayCluster().start()
        yield cluster.url
        cluster.stop()
    else:
        directory = Path(tempfile.mkdtemp(prefix="mda-sqlite-"))
        yield f"sqlite:///{directory / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url):
    from flask_migrate import upgrade

    from config import TestConfig
    from mda import create_app
    from mda.extensions import db

    application = create_app(TestConfig(database_url))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _dutch_noon(request):
    """Every test runs at noon of today's Dutch date, with the clock ticking on from there: what a
    test computes from `clock.today()` and what the app computes agree, and no test straddles
    midnight. Tests that need a given instant move the clock themselves (`time_machine.travel`).
    The browser tests keep the real clock: Chromium judges cookies by it."""
    if "e2e" in request.path.parts:
        yield
        return
    from datetime import datetime, time

    import time_machine

    from mda.core import clock
    with time_machine.travel(datetime.combine(clock.today(), time(12), tzinfo=clock.ZONE), tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_database(request):
    """Every test that touches the app starts from empty tables."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    from mda.demo.region import wipe
    from mda.extensions import db
    with app.app_context():
        wipe()
        db.session.commit()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


_DEMO = {}  # (database URL, Dutch date) -> (build info, every table's rows right after the build)


@pytest.fixture
def demo(app):
    """The demo region, password ``demo``. Built through the engine once per database and Dutch
    date; later tests that day get the same rows copied back into the emptied tables, which is many
    times faster. A run that crosses midnight builds it again: its due dates count from the day."""
    from mda.core import clock
    from mda.demo.region import build
    from mda.extensions import db
    key = (app.config["SQLALCHEMY_DATABASE_URI"], clock.today())
    with app.app_context():
        if key not in _DEMO:
            _DEMO.clear()  # yesterday's snapshot, if the run crossed midnight
            info = build(password="demo")
            db.session.commit()
            _DEMO[key] = (info, _snapshot(db))
        else:
            _restore(db, _DEMO[key][1])
    return _DEMO[key][0]


def _snapshot(db) -> list:
    from sqlalchemy import select
    # in key order: a row that names another of its table (a task that replaces one) comes after it,
    # which PostgreSQL's physical order, changed by every update, does not promise
    return [(table, [dict(row) for row in db.session.execute(select(table).order_by(*table.primary_key.columns))
                     .mappings()])
            for table in db.metadata.sorted_tables]


def _restore(db, tables) -> None:
    from sqlalchemy import func, select, text
    for table, rows in tables:
        if rows:
            db.session.execute(table.insert(), rows)
    if db.engine.dialect.name == "postgresql":  # ids were given: move each sequence past them
        for table, rows in tables:
            if rows and "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                top = db.session.scalar(select(func.max(table.c.id)))
                db.session.execute(text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :top)"),
                                   {"name": table.name, "top": top})
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_session(app_ctx):
    from mda.extensions import db
    return db.session
