"""Helpers for the review tests: the demo's phase-1 family, and a logged-in client per user."""
import pytest
from sqlalchemy import select

from mda.dossiers.models import Dossier
from mda.extensions import db
from tests.support.web import login

FAMILY = "Gezin Bakker-Yilmaz"  # phase 1; team: Veilig Thuis, police, GGZ, shelter; a review of 4


@pytest.fixture
def family(app, demo):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY))


@pytest.fixture
def as_user(app):
    clients = {}

    def client_for(username: str):
        if username not in clients:
            clients[username] = app.test_client()
            login(clients[username], username)
        return clients[username]
    return client_for
