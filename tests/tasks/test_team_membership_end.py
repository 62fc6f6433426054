"""The coordinator ends a partner's membership or withdraws an invitation, with a reason; the
partner then no longer sees the dossier or its tasks, and its open tasks come back to the
coordinator's organisation."""
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.dossiers.models import TeamMembership
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.tasks.models import Task
from tests.support.web import login, post_form
from tests.tasks.conftest import PASSWORD


def membership_of(app, dossier_id, organisation_id) -> TeamMembership:
    with app.app_context():
        row = db.session.scalar(select(TeamMembership).where(
            TeamMembership.dossier_id == dossier_id, TeamMembership.organisation_id == organisation_id))
        db.session.expunge(row)
        return row


def test_the_coordinator_ends_the_polices_membership(app, client, region_setup):
    dossier_id, police = region_setup["dossier"], region_setup["police"]
    login(officer := app.test_client(), "agent", PASSWORD)
    assert "Gezin Eerste" in officer.get("/dossiers").get_data(as_text=True)
    assert officer.get(f"/taken/{region_setup['rihg']}").status_code == 200
    membership = membership_of(app, dossier_id, police)
    path = f"/dossiers/{dossier_id}/team/{membership.id}/beeindigen"
    login(client, "coord", PASSWORD)
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f'href="{path}"' in page and "Lidmaatschap beëindigen" in page

    refused = post_form(client, path, {"reason": "  "})
    assert refused.status_code == 422 and "Geef een reden op voor deze stap." in refused.get_data(as_text=True)
    assert membership_of(app, dossier_id, police).status == "active"

    response = post_form(client, path, {"reason": "De politie heeft geen rol meer in deze casus."})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/dossiers/{dossier_id}#team")
    ended = membership_of(app, dossier_id, police)
    assert ended.status == "left" and ended.left_on is not None
    assert ended.reason == "De politie heeft geen rol meer in deze casus."
    assert "Politie Test zit niet meer in het team." in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    with app.app_context():
        log = db.session.scalar(select(TransitionLog).where(TransitionLog.event == "leave"))
        assert (log.from_state, log.to_state, log.username) == ("active", "left", "coord")
        assert db.session.scalar(select(AccessLogEntry.id).where(
            AccessLogEntry.object == f"team.leave:{police}", AccessLogEntry.outcome == "allowed"))
        rihg = db.session.get(Task, region_setup["rihg"])
        back = db.session.scalar(select(Task).where(Task.replaces_id == rihg.id))
        assert rihg.state == "reassigned" and (back.organisation_id, back.state) == (region_setup["team"], "open")
        back_id = back.id

    # The police no longer see the dossier, nor their old tasks of it.
    assert "Gezin Eerste" not in officer.get("/dossiers").get_data(as_text=True)
    assert officer.get(f"/dossiers/{dossier_id}").status_code == 404
    listing = officer.get("/taken").get_data(as_text=True)
    assert f"/taken/{region_setup['rihg']}" not in listing and "Risicotaxatie" not in listing
    assert officer.get(f"/taken/{region_setup['rihg']}").status_code == 404
    assert officer.get(f"/taken/{region_setup['police_contribution']}").status_code == 404
    assert post_form(officer, f"/taken/{region_setup['rihg']}", {"event": "accept", "version": "1"},
                     token_page="/taken").status_code == 404
    # The coordinator finds the work back on /taken, to give it to another partner or cancel it.
    assert f'href="/taken/{back_id}"' in client.get("/taken").get_data(as_text=True)


def test_the_coordinator_withdraws_an_invitation(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    login(client, "coord", PASSWORD)
    assert post_form(client, f"/dossiers/{dossier_id}/team/new", {
        "organisation_id": str(region_setup["probation"]), "team_role": "justice",
        "legal_basis": "court_order"}).status_code == 302
    invited = membership_of(app, dossier_id, region_setup["probation"])
    path = f"/dossiers/{dossier_id}/team/{invited.id}/beeindigen"
    assert "Uitnodiging intrekken" in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    response = post_form(client, path, {"reason": "Per abuis uitgenodigd."})
    assert response.status_code == 302
    assert membership_of(app, dossier_id, region_setup["probation"]).status == "left"
    login(partner := app.test_client(), "recl", PASSWORD)
    assert "uitnodigingen" not in partner.get("/taken").get_data(as_text=True)
    assert post_form(partner, f"/taken/uitnodigingen/{invited.id}", {"event": "accept"},
                     token_page="/taken").status_code == 422
    assert membership_of(app, dossier_id, region_setup["probation"]).status == "left"


def test_the_coordinators_own_organisation_cannot_be_removed_and_partners_cannot_remove(app, client, region_setup):
    dossier_id = region_setup["dossier"]
    own = membership_of(app, dossier_id, region_setup["team"])
    login(client, "coord", PASSWORD)
    assert client.get(f"/dossiers/{dossier_id}/team/{own.id}/beeindigen").status_code == 404
    police = membership_of(app, dossier_id, region_setup["police"])
    login(vt := app.test_client(), "vt", PASSWORD)
    assert vt.get(f"/dossiers/{dossier_id}/team/{police.id}/beeindigen").status_code == 404
    assert "beeindigen" not in vt.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert membership_of(app, dossier_id, region_setup["police"]).status == "active"
