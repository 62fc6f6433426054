"""Forged, replayed and tampered requests are refused, logged, and change nothing."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mda.dossiers.models import Dossier, Note, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.engine.protection import force_state
from tests.support.web import csrf_token, login


def test_a_tampered_session_cookie_is_no_login(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    value = client.get_cookie("mda_session").value
    forged = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    other = app.test_client()
    other.set_cookie("mda_session", forged)
    response = other.get("/dossiers")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_form_from_another_session_is_refused(app, demo):
    mine, theirs = app.test_client(), app.test_client()
    login(mine, "regisseur")
    login(theirs, "politie")
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
    their_token = csrf_token(theirs.get(f"/dossiers/{dossier_id}").get_data(as_text=True))
    response = mine.post(f"/dossiers/{dossier_id}/notes", data={
        "kind": "fact", "body": "Ingeschoven", "csrf_token": their_token})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id)).where(Note.body == "Ingeschoven")) == 0


def test_an_over_long_field_is_refused_without_a_trace(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    response = client.post(f"/dossiers/{dossier_id}/notes", data={
        "kind": "fact", "body": "x" * 20000, "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Traceback" not in html
    huge = client.post(f"/dossiers/{dossier_id}/notes", data={"body": "x" * (3 * 1024 * 1024)})
    assert huge.status_code == 413


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_random_teams_never_show_a_dossier_to_an_outsider(app, demo, data):
    """Random team compositions over the demo region: through /dossiers and every dossier page,
    a user sees a family exactly when their organisation is active on its team or they coordinate it,
    in the family's region (``visible_dossiers``)."""
    from mda.demo.region import USERS
    with app.app_context():
        dossiers = db.session.scalars(select(Dossier).order_by(Dossier.id)).all()
        orgs = db.session.scalars(select(Organisation).where(
            Organisation.kind.not_in(("school", "steering")))).all()
        chosen = data.draw(st.sampled_from(dossiers))
        statuses = {}
        for org in orgs:
            if org.id == chosen.coordinator.organisation_id:
                continue
            status = data.draw(st.sampled_from([None, "invited", "active", "declined", "left"]))
            membership = db.session.scalar(select(TeamMembership).where(
                TeamMembership.dossier_id == chosen.id, TeamMembership.organisation_id == org.id))
            if status is None:
                if membership is not None:
                    db.session.delete(membership)
            elif membership is None:
                db.session.add(TeamMembership(dossier_id=chosen.id, organisation_id=org.id, team_role="support",
                                              legal_basis="consent", status=status))
            else:
                force_state(membership, status)
            statuses[org.id] = status
        db.session.commit()
        reference, dossier_id, coordinator_id = chosen.reference, chosen.id, chosen.coordinator_id
        names = [p.name for p in chosen.persons]
        region_id = chosen.region_id
        accounts = {u.username: (u.id, u.organisation_id, u.role, u.organisation.kind,
                                 u.organisation.region_id == region_id)
                    for u in db.session.scalars(select(__import__("mda.auth.models", fromlist=["User"]).User))}
    user = data.draw(st.sampled_from([u.username for u in USERS]))
    user_id, org_id, role, kind, same_region = accounts[user]
    # Teams are made of the region's organisations (the app offers no other); a membership of another
    # region's organisation, which only a row made here can hold, shows it nothing.
    allowed = role in ("coordinator", "professional") and kind not in ("school", "steering") and same_region and (
        statuses.get(org_id) == "active" or user_id == coordinator_id
        or (org_id not in statuses and role in ("coordinator", "professional")
            and _originally_on_team(app, dossier_id, org_id)))
    client = app.test_client()
    login(client, user)
    listing = client.get("/dossiers").get_data(as_text=True)
    page = client.get(f"/dossiers/{dossier_id}")
    assert (reference in listing) == allowed
    assert (page.status_code == 200) == allowed
    if not allowed:
        assert not any(name in page.get_data(as_text=True) for name in names)


def _originally_on_team(app, dossier_id, org_id) -> bool:
    with app.app_context():
        return db.session.scalar(select(func.count(TeamMembership.id)).where(
            TeamMembership.dossier_id == dossier_id, TeamMembership.organisation_id == org_id,
            TeamMembership.status == "active")) > 0
