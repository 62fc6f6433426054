"""Shared fixtures of the access-log tests."""
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.audit.sequencer import sequence
from mda.extensions import db
from tests.support.web import login


def traffic(app) -> int:
    """Some real traffic: logins, lists, dossier views; the number of entries in the log."""
    for username in ("regisseur", "politie", "veiligthuis"):
        client = app.test_client()
        login(client, username)
        client.get("/dossiers")
        client.get("/dossiers/1")
        client.get("/dossiers/999")
    with app.app_context():
        return db.session.scalar(select(func.count(AccessLogEntry.id)))


@pytest.fixture
def waiting(app, demo):
    """Real traffic, its entries not yet sequenced."""
    count = traffic(app)
    assert count > 10
    return count


@pytest.fixture
def logged(app, waiting):
    """Real traffic, its entries linked into the chain as the scheduler does every second."""
    with app.app_context():
        assert sequence(db.session) == waiting
    return waiting


@pytest.fixture
def fresh_database(database_url):
    """An empty database of the kind the suite runs on, migrated by the test itself."""
    if database_url.startswith("sqlite"):
        yield database_url.replace("test.sqlite3", f"migration-{uuid.uuid4().hex}.sqlite3")
        return
    name = f"migration_{uuid.uuid4().hex}"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield database_url.rsplit("/", 1)[0] + "/" + name
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    engine.dispose()
