"""A step the engine refuses on an application (the access policy or a guard says no) is shown on the
page as the reason, in the user's language, with status 422: the input stays, nothing changes, and
the access log has the refusal."""
from datetime import timedelta

from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake.models import Application, TriageMeeting
from tests.intake.support import FAMILY, apply, decide, latest_application_id, org_id, plan, user_id
from tests.support.web import csrf_token, login

NO_RIGHT = "U heeft geen recht om deze stap te zetten."
NO_RIGHT_EN = "You have no right to take this step."


def submitted(app, client) -> int:
    login(client, "politie")
    assert apply(client, app).status_code == 302
    return latest_application_id(app)


def meeting_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(TriageMeeting.id)))


def refusals(app, label: str) -> list[AccessLogEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.object == label,
                                                                    AccessLogEntry.outcome == "denied")
                                                                        .order_by(AccessLogEntry.id)))


def test_the_applicant_planning_its_own_application_hears_why_not_and_nothing_is_planned(app, client, demo):
    application_id = submitted(app, client)
    day = clock.today() + timedelta(days=45)  # no triage meeting yet: planning would create one
    meetings = meeting_count(app)
    response = plan(client, application_id, day)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert NO_RIGHT in html and day.isoformat() in html  # the reason, and the date typed is kept
    assert "Geagendeerd voor het triageoverleg" not in html  # the page tells what is stored
    with app.app_context():
        assert db.session.get(Application, application_id).stage == "submitted"
        assert db.session.get(Application, application_id).meeting_id is None
    assert meeting_count(app) == meetings
    assert [e.detail for e in refusals(app, f"application.plan:{application_id}")] == ["no_right"]


def test_a_decision_by_someone_outside_the_triage_meeting_opens_no_dossier(app, client, demo):
    application_id = submitted(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    assert plan(triage, application_id).status_code == 302
    response = decide(client, application_id, decision="accepted", reason="Wij vinden het structureel onveilig.",
                      coordinator_id=user_id(app, "regisseur"),
                      partner_ids=[org_id(app, "Veilig Thuis Regio Voorbeeld")])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert NO_RIGHT in html and "Wij vinden het structureel onveilig." in html
    with app.app_context():
        row = db.session.get(Application, application_id)
        assert (row.stage, row.dossier_id, row.decided_at) == ("planned", None, None)
        assert db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY)) is None
    assert len(refusals(app, f"application.accept:{application_id}")) == 1


def test_the_reason_comes_in_the_users_language(app, client, demo):
    application_id = submitted(app, client)
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    client.post("/taal", data={"lang": "en", "csrf_token": csrf_token(page)})
    response = plan(client, application_id, clock.today() + timedelta(days=3))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NO_RIGHT_EN in html and NO_RIGHT not in html
