"""Shared fixtures of the access-log tests."""
import pytest
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.extensions import db
from tests.support.web import login


@pytest.fixture
def logged(app, demo):
    """Some real traffic: logins, lists, dossier views."""
    for username in ("regisseur", "politie", "veiligthuis"):
        client = app.test_client()
        login(client, username)
        client.get("/dossiers")
        client.get("/dossiers/1")
        client.get("/dossiers/999")
    with app.app_context():
        count = db.session.scalar(select(func.count(AccessLogEntry.id)))
    assert count > 10
    return count
