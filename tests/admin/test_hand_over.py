"""A leaving case coordinator's open dossiers go to a colleague of the same organisation, all at
once, from the leaver's page in the administration: the colleague coordinates them at once and is
told in the inbox, each dossier's access log records it, closed dossiers keep their coordinator, and
a successor who does not fit is refused with nothing changed."""
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.dossiers.models import Dossier
from mda.engine.protection import force_state
from mda.extensions import db
from mda.inbox.models import InboxItem
from tests import factories as make
from tests.admin.test_users import USERS, admin_client, events, people  # noqa: F401  (fixture)
from tests.support.web import csrf_token, login

import pytest


@pytest.fixture
def caseload(app, people):  # noqa: F811
    """The coordinator `coord` of Wijkteam Noord coordinates Gezin Blom and Gezin Roos (open) and
    Gezin Eik (closed); a colleague `collega` of the same team, `anders` of another team."""
    with app.app_context():
        from mda.orgs.models import Organisation
        from mda.auth.models import User
        coordinator = db.session.get(User, people["coord"])
        team = db.session.get(Organisation, people["team"])
        colleague = make.user(team, "collega", "coordinator", password="pw")
        elsewhere = make.user(make.organisation(team.region, "Wijkteam Zuid"), "anders", "coordinator", password="pw")
        make.dossier(coordinator, "Gezin Roos")
        closed = make.dossier(coordinator, "Gezin Eik")
        force_state(closed, "closed")
        db.session.commit()
        return {**people, "colleague": colleague.id, "elsewhere": elsewhere.id, "closed": closed.id}


def coordinators(app) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(Dossier.reference, Dossier.coordinator_id)).all())


def hand_over(client, user_id, successor, confirm=True):
    page = client.get(f"{USERS}/{user_id}").get_data(as_text=True)
    data = {"successor-successor": str(successor), "csrf_token": csrf_token(page)}
    if confirm:
        data["successor-confirm"] = "y"
    return client.post(f"{USERS}/{user_id}/dossiers-overdragen", data=data)


def test_the_open_dossiers_go_to_the_colleague_who_hears_of_it(app, caseload):
    admin = admin_client(app)
    page = admin.get(f"{USERS}/{caseload['coord']}").get_data(as_text=True)
    assert "casusregisseur van 2 open dossiers" in page and "Open dossiers overdragen" in page
    assert ">Collega<" in page or "collega" in page.lower()
    response = hand_over(admin, caseload["coord"], caseload["colleague"])
    assert response.status_code == 302
    after = coordinators(app)
    assert after["Gezin Blom"] == after["Gezin Roos"] == caseload["colleague"]
    assert after["Gezin Eik"] == caseload["coord"]  # a closed dossier keeps its history
    assert ("dossiers_handed_over", "beheer") in events(app, caseload["coord"])
    with app.app_context():
        logged = db.session.scalars(select(AccessLogEntry.dossier_id).where(
            AccessLogEntry.object == "dossier.coordinator")).all()
        assert len(logged) == 2 and caseload["closed"] not in logged
        told = db.session.scalars(select(InboxItem).where(InboxItem.user_id == caseload["colleague"])).all()
        assert [item.kind for item in told] == ["cases_handed_over"] and told[0].url == "/dossiers"
    colleague = app.test_client()
    login(colleague, "collega", "pw")
    listed = colleague.get("/dossiers").get_data(as_text=True)
    assert "Gezin Blom" in listed and "Gezin Roos" in listed
    left = admin.get(f"{USERS}/{caseload['coord']}").get_data(as_text=True)
    assert "Open dossiers overdragen" not in left


def test_a_successor_who_does_not_fit_is_refused_and_nothing_changes(app, caseload):
    admin = admin_client(app)
    before = coordinators(app)
    for successor, expected in ((caseload["elsewhere"], "Kies een van de"),
                                (caseload["coord"], "Kies een van de"),
                                ("", "Kies de casusregisseur die de dossiers overneemt")):
        response = hand_over(admin, caseload["coord"], successor)
        assert response.status_code == 422 and expected in response.get_data(as_text=True), successor
        assert coordinators(app) == before
    unconfirmed = hand_over(admin, caseload["coord"], caseload["colleague"], confirm=False)
    assert unconfirmed.status_code == 422 and "Vink het vakje aan" in unconfirmed.get_data(as_text=True)
    assert coordinators(app) == before


def test_another_regions_coordinator_and_non_administrators_get_nothing(app, caseload):
    admin = admin_client(app)
    assert hand_over(admin, caseload["other"], caseload["colleague"]).status_code == 404
    coordinator = app.test_client()
    login(coordinator, "collega", "pw")
    response = coordinator.post(f"{USERS}/{caseload['coord']}/dossiers-overdragen",
                                data={"successor-successor": str(caseload["colleague"]), "successor-confirm": "y"})
    assert response.status_code in (400, 403, 404)
    assert coordinators(app)["Gezin Blom"] == caseload["coord"]
