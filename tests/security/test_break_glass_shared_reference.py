"""References are not unique in a region: break the glass never guesses between two families."""
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.dossiers.models import BreakGlassGrant, Dossier
from mda.extensions import db
from tests import factories as make
from tests.support.web import login, post_form

FAMILY = "Gezin Kowalski"  # the police are not on its team


def test_two_open_dossiers_with_the_reference_give_no_access_to_either(app, demo):
    with app.app_context():
        first = db.session.scalar(select(Dossier).where(Dossier.reference == FAMILY))
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        ids = {first.id, make.dossier(coordinator, FAMILY, state="safety", persons=("Andere Kowalski",)).id}
        db.session.commit()
    client = app.test_client()
    login(client, "politie")
    response = post_form(client, "/noodtoegang", {"reference": FAMILY, "acute": "y",
                                                  "reason": "Acute situatie bij de voordeur, geen tijd."})
    assert response.status_code == 422 and "Andere Kowalski" not in response.get_data(as_text=True)
    assert all(client.get(f"/dossiers/{dossier_id}").status_code == 404 for dossier_id in ids)
    with app.app_context():
        assert db.session.scalar(select(BreakGlassGrant)) is None
        denied = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object == "break_glass.request"))
        assert denied.outcome == "denied" and denied.dossier_id is None
