"""A signal recorded in an active phase takes the case back to phase 1 through the engine; when the
engine refuses that step, the page says why (422) and the signal is not kept either."""
from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers import operations
from mda.dossiers.models import Dossier, Signal
from mda.engine import core as engine
from mda.errors import Refused
from mda.extensions import db
from tests.support.web import form_post, login

FAMILY = "Gezin Kowalski"  # risk_care, coordinator regisseur
DESCRIPTION = "Buren hoorden opnieuw geschreeuw."


def test_a_refused_relapse_keeps_the_input_and_records_no_signal(app, client, demo, monkeypatch):
    def refuse(row, event, user, **_kwargs):
        raise Refused((engine.NO_RIGHT,))

    monkeypatch.setattr(operations, "fire", refuse)
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY))
        signals = db.session.scalar(select(func.count(Signal.id)).where(Signal.dossier_id == dossier_id))
    login(client, "regisseur")
    response = form_post(client, f"/dossiers/{dossier_id}/signals/new", {
        "reported_on": clock.today().isoformat(), "reporter_kind": "citizen", "reporter_organisation_id": "",
        "violence_type": "psychological", "description": DESCRIPTION}, hidden=("once",))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert engine.NO_RIGHT.nl in html and DESCRIPTION in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Signal.id)).where(Signal.dossier_id == dossier_id)) == signals
        assert db.session.get(Dossier, dossier_id).state == "risk_care"
