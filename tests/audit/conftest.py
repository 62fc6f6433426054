"""Shared fixtures of the access-log tests."""
import pytest
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
