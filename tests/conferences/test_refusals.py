"""A step the engine refuses on a conference or its minutes is shown as its reason with status 422:
the input stays, nothing changes, the access log has the refusal. Here the dossier's coordinator
has been made a professional by the administrator: the conference is still theirs to manage, but
only a case coordinator holds it or approves its minutes."""
from sqlalchemy import func, select, update

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.conferences.models import Conference, ConferenceMinutes
from mda.extensions import db
from mda.tasks.models import Task
from tests.conferences.support import ids, latest_conference, make_it_today, plan
from tests.support.web import csrf_token, form_post, login

ONLY_COORDINATOR = "Alleen een casusregisseur mag deze stap zetten."


def no_longer_coordinator(app, username: str = "wijkteam") -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.username == username).values(role="professional"))
        db.session.commit()


def conference_today(app, client) -> tuple[str, int]:
    login(client, "wijkteam")
    assert plan(client, app).status_code == 302
    conference_id = latest_conference(app)
    make_it_today(app, conference_id)
    return f"/dossiers/{ids(app)[0]}/casusoverleg/{conference_id}", conference_id


def refusals(app, label: str) -> list[AccessLogEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.object == label,
                                                                    AccessLogEntry.outcome == "denied")
                                                                        .order_by(AccessLogEntry.id)))


def test_recording_attendance_is_refused_with_the_guards_reason_and_changes_nothing(app, client, demo):
    base, conference_id = conference_today(app, client)
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        present, version = [i.id for i in conference.invitees if i.invited][:2], conference.version_id
    no_longer_coordinator(app)
    page = client.get(base).get_data(as_text=True)
    response = client.post(f"{base}/aanwezigheid", data={
        "attendance-attended": present, "attendance-version": version, "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and ONLY_COORDINATOR in html
    assert html.count('checked') >= len(present)  # the ticks the user made are kept
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert conference.stage == "planned" and all(i.attended is None for i in conference.invitees)
    assert [e.detail for e in refusals(app, f"conference.hold:{conference_id}")] == ["role_not_permitted"]


def test_writing_minutes_is_refused_and_keeps_what_was_written(app, client, demo):
    base, conference_id = conference_today(app, client)
    no_longer_coordinator(app)
    response = form_post(client, f"{base}/verslag", {"body": "Verslag-marker: veiligheidsronde gehouden."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and ONLY_COORDINATOR in html and "Verslag-marker" in html
    with app.app_context():
        assert db.session.get(Conference, conference_id).stage == "planned"
        assert db.session.scalar(select(func.count(ConferenceMinutes.id))
                                 .where(ConferenceMinutes.conference_id == conference_id)) == 0


def test_approving_minutes_is_refused_and_makes_no_tasks(app, client, demo):
    base, conference_id = conference_today(app, client)
    assert form_post(client, f"{base}/verslag", {"body": "Eerste verslag."}).status_code == 302
    with app.app_context():
        minutes = db.session.scalar(select(ConferenceMinutes).where(ConferenceMinutes.conference_id == conference_id))
        minutes_id, version = minutes.id, minutes.version_id
    no_longer_coordinator(app)
    page = client.get(base).get_data(as_text=True)
    response = client.post(f"{base}/verslag/vaststellen",
                           data={"approve-version": version, "csrf_token": csrf_token(page)})
    assert response.status_code == 422 and ONLY_COORDINATOR in response.get_data(as_text=True)
    with app.app_context():
        minutes = db.session.get(ConferenceMinutes, minutes_id)
        assert (minutes.stage, minutes.approved_at) == ("draft", None)
        assert db.session.scalar(select(func.count(Task.id))
                                 .where(Task.dedupe_key.like(f"conference:{conference_id}:%"))) == 0
    assert len(refusals(app, f"minutes.approve:{minutes_id}")) == 1


def test_a_task_decision_without_a_date_is_refused_with_a_message_not_an_error(app, client, demo):
    base, conference_id = conference_today(app, client)
    _dossier, orgs, _persons = ids(app)
    response = form_post(client, f"{base}/verslag", {
        "body": "Eerste verslag.", "decisions-0-kind": "task", "decisions-0-text": "Gesprek met vader.",
        "decisions-0-organisation_id": orgs["GGZ Voorbeeld"], "decisions-0-due_on": "", "decisions-0-plan": ""})
    assert response.status_code == 422
    assert "Vul de datum in waarop de taak klaar moet zijn." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ConferenceMinutes.id))
                                 .where(ConferenceMinutes.conference_id == conference_id)) == 0
