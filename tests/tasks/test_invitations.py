"""Invitations to a team on /taken: an invited organisation sees who asks and why, not the dossier."""
from sqlalchemy import select

from mda.dossiers.models import TeamMembership
from mda.audit.models import AccessLogEntry
from mda.extensions import db
from mda.orgs.models import Organisation
from tests import factories as make
from tests.support.web import csrf_token, login, post_form
from tests.tasks.conftest import PASSWORD


def invite(app, client, region_setup) -> int:
    login(client, "coord", PASSWORD)
    dossier_id = region_setup["dossier"]
    response = post_form(client, f"/dossiers/{dossier_id}/team/new", {
        "organisation_id": str(region_setup["probation"]), "team_role": "justice",
        "legal_basis": "court_order"})
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalar(select(TeamMembership.id).where(
            TeamMembership.organisation_id == region_setup["probation"]))


def membership(app, membership_id: int) -> TeamMembership:
    with app.app_context():
        row = db.session.get(TeamMembership, membership_id)
        db.session.expunge(row)
        return row


def test_an_invited_organisation_sees_the_invitation_but_not_the_dossier(app, client, region_setup):
    membership_id = invite(app, client, region_setup)
    login(partner := app.test_client(), "recl", PASSWORD)
    html = partner.get("/taken").get_data(as_text=True)
    start = html.index('id="uitnodigingen"')
    invitation = html[start:html.index("</section>", start)]
    for text in ("Gezin Eerste", "Coord", "Wijkteam Noord", "Justitie",
                 "Rechterlijke uitspraak of wettelijke maatregel"):
        assert text in invitation, text
    assert f'action="/taken/uitnodigingen/{membership_id}"' in invitation
    assert "Ria Eerste" not in html and "/dossiers/" not in html
    assert partner.get(f"/dossiers/{region_setup['dossier']}").status_code == 404


def test_accepting_an_invitation_opens_the_dossier(app, client, region_setup):
    membership_id = invite(app, client, region_setup)
    login(partner := app.test_client(), "recl", PASSWORD)
    response = post_form(partner, f"/taken/uitnodigingen/{membership_id}", {"event": "accept"},
                         token_page="/taken")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dossiers/{region_setup['dossier']}")
    assert membership(app, membership_id).status == "active"
    page = partner.get(f"/dossiers/{region_setup['dossier']}")
    assert page.status_code == 200 and "Ria Eerste" in page.get_data(as_text=True)
    assert "uitnodigingen" not in partner.get("/taken").get_data(as_text=True)


def test_declining_an_invitation_needs_a_reason(app, client, region_setup):
    membership_id = invite(app, client, region_setup)
    login(partner := app.test_client(), "recl", PASSWORD)
    path = f"/taken/uitnodigingen/{membership_id}"
    response = post_form(partner, path, {"event": "decline", "reason": " "}, token_page="/taken")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geef een reden op voor deze stap." in html
    assert f'href="#invitation-{membership_id}-reason"' in html
    assert membership(app, membership_id).status == "invited"
    response = post_form(partner, path, {"event": "decline", "reason": "Geen lopend toezicht."},
                         token_page="/taken")
    assert response.status_code == 302
    row = membership(app, membership_id)
    assert (row.status, row.reason) == ("declined", "Geen lopend toezicht.")
    assert partner.get(f"/dossiers/{region_setup['dossier']}").status_code == 404


def test_only_the_invited_organisation_may_answer(app, client, region_setup):
    membership_id = invite(app, client, region_setup)
    login(other := app.test_client(), "vt", PASSWORD)
    token = csrf_token(other.get("/taken").get_data(as_text=True))
    forbidden = other.post(f"/taken/uitnodigingen/{membership_id}",
                           data={"event": "accept", "csrf_token": token})
    missing = other.post("/taken/uitnodigingen/999999", data={"event": "accept", "csrf_token": token})
    assert forbidden.status_code == missing.status_code == 404
    assert membership(app, membership_id).status == "invited"
    with app.app_context():
        denied = set(db.session.scalars(select(AccessLogEntry.object).where(
            AccessLogEntry.username == "vt", AccessLogEntry.outcome == "denied")))
    assert denied == {f"invitation:{membership_id}", "invitation:999999"}


def test_an_administrator_of_the_invited_organisation_does_not_answer_invitations(app, client, region_setup):
    invite(app, client, region_setup)
    with app.app_context():
        probation = db.session.get(Organisation, region_setup["probation"])
        make.user(probation, "beheerder", "admin", password=PASSWORD)
        db.session.commit()
    login(admin := app.test_client(), "beheerder", PASSWORD)
    html = admin.get("/taken").get_data(as_text=True)
    assert "Gezin Eerste" not in html and "uitnodigingen" not in html
