"""Planning a case conference, the agenda and the .ics invitation, attendance, minutes whose
decisions become tasks, approval and correction, the PDFs and who sees what."""
from datetime import datetime, timedelta

import icalendar
from sqlalchemy import func, select

from mda.auth.models import UserSession
from mda.conferences.models import Conference, ConferenceMinutes
from mda.core import clock
from mda.extensions import db
from mda.tasks.models import Task
from mda.types import utcnow
from tests.conferences.support import FAMILY, ids, latest_conference, make_it_today, plan
from tests.support.web import csrf_token, form_post, login


def conference_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Conference.id)))


def planned(app, client) -> tuple[int, int]:
    login(client, "wijkteam")
    response = plan(client, app)
    assert response.status_code == 302, response.get_data(as_text=True)
    return ids(app)[0], latest_conference(app)


def post(client, path: str, data: dict, token_page: str):
    return client.post(path, data={**data, "csrf_token": csrf_token(client.get(token_page).get_data(as_text=True))})


def test_the_plan_form_starts_from_the_standard_agenda_and_invites_the_family(app, client, demo):
    dossier_id, _orgs, persons = ids(app)
    login(client, "wijkteam")
    html = client.get(f"/dossiers/{dossier_id}/casusoverleg/nieuw").get_data(as_text=True)
    assert "1. Veiligheidsronde: iedere partner en het gezin geven een veiligheidscijfer (0-10)" in html
    assert "5. Volgend casusoverleg" in html and "Esther Vermeulen" in html
    assert html.count("<h1") == 1


def test_planning_records_invitations_with_reasons(app, client, demo):
    dossier_id, conference_id = planned(app, client)
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert {i.name for i in conference.partners} == {"Politie Eenheid Voorbeeld", "GGZ Voorbeeld",
                                                         "Wijkteam Voorbeeld-Zuid"}
        (absent,) = [i for i in conference.persons if not i.invited]
        assert absent.person.name == "Karim Bouzid" and absent.not_invited_reason == "Contactverbod met moeder."
    html = client.get(f"/dossiers/{dossier_id}/casusoverleg/{conference_id}").get_data(as_text=True)
    assert "Contactverbod met moeder." in html and "Veiligheidsronde" in html


def test_bad_plans_are_refused_with_a_clear_message_and_change_nothing(app, client, demo):
    _dossier_id, orgs, _persons = ids(app)
    login(client, "wijkteam")
    before = conference_count(app)
    past = plan(client, app, held_on=(clock.today() - timedelta(days=1)).isoformat())
    assert past.status_code == 422
    assert "Een casusoverleg kan niet in het verleden worden gepland." in past.get_data(as_text=True)
    outside = plan(client, app, partner_ids=[orgs["Blijf Groep Voorbeeld"], orgs["GGZ Voorbeeld"]])
    assert outside.status_code == 422
    assert "Alleen partners in het team van dit gezin kunnen worden uitgenodigd." in outside.get_data(as_text=True)
    no_reason = plan(client, app, **{"persons-1-reason": ""})
    assert no_reason.status_code == 422
    assert "Geef de reden waarom deze persoon niet is uitgenodigd." in no_reason.get_data(as_text=True)
    nowhere = plan(client, app, place="")
    assert nowhere.status_code == 422 and "Vul een plaats of een videolink in." in nowhere.get_data(as_text=True)
    assert conference_count(app) == before


def test_only_the_coordinator_plans_and_only_the_team_sees(app, client, demo):
    dossier_id, conference_id = planned(app, client)
    page = f"/dossiers/{dossier_id}/casusoverleg/{conference_id}"
    for username, view, manage in (("politie", 200, 404), ("ggz", 200, 404), ("regisseur", 404, 404),
                                   ("opvang", 404, 404), ("school", 404, 404), ("zvh", 404, 404)):
        other = app.test_client()
        login(other, username)
        assert other.get(page).status_code == view, username
        assert other.get(f"{page}/wijzigen").status_code == manage, username
        assert other.get(f"/dossiers/{dossier_id}/casusoverleg/nieuw").status_code == manage, username


def test_partners_see_the_conference_on_their_agenda_and_download_an_invitation(app, client, demo):
    dossier_id, conference_id = planned(app, client)
    police = app.test_client()
    login(police, "politie")
    agenda = police.get("/agenda").get_data(as_text=True)
    assert FAMILY in agenda and f"/dossiers/{dossier_id}/casusoverleg/{conference_id}/uitnodiging.ics" in agenda
    response = police.get(f"/dossiers/{dossier_id}/casusoverleg/{conference_id}/uitnodiging.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.get_data())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    expected = datetime.combine(clock.today() + timedelta(days=7), datetime.min.time()).replace(hour=10)
    assert start.replace(tzinfo=None) == expected
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert event.decoded("dtend").hour == 11 and str(event["location"]) == "Kerkplein 4"
    text = response.get_data(as_text=True)
    assert "Vermeulen" not in text and "Bouzid" not in text  # the calendar names no one of the family
    shelter = app.test_client()
    login(shelter, "opvang")
    assert FAMILY not in shelter.get("/agenda").get_data(as_text=True)
    assert shelter.get(f"/dossiers/{dossier_id}/casusoverleg/{conference_id}/uitnodiging.ics").status_code == 404


def test_attendance_minutes_and_approval_turn_decisions_into_tasks(app, client, demo):
    dossier_id, conference_id = planned(app, client)
    _dossier, orgs, _persons = ids(app)
    base = f"/dossiers/{dossier_id}/casusoverleg/{conference_id}"
    assert "vanaf de dag van het casusoverleg" in client.get(base).get_data(as_text=True)
    assert client.get(f"{base}/verslag").status_code == 200
    make_it_today(app, conference_id)
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        present = [i.id for i in conference.invitees if i.invited][:3]
        version = conference.version_id
    response = post(client, f"{base}/aanwezigheid",
                    {"attendance-attended": present, "attendance-version": version}, base)
    assert response.status_code == 302
    due = (clock.today() + timedelta(days=7)).isoformat()
    minutes = {"body": "Veiligheidsronde gehouden; de partners geven een 5.",
               "decisions-0-kind": "task", "decisions-0-text": "Huisbezoek afleggen bij moeder.",
               "decisions-0-organisation_id": orgs["Politie Eenheid Voorbeeld"], "decisions-0-due_on": due,
               "decisions-0-plan": "",
               "decisions-1-kind": "proposal", "decisions-1-text": "Buurvrouw opnemen in het netwerk.",
               "decisions-1-organisation_id": "", "decisions-1-due_on": "", "decisions-1-plan": "safety_plan",
               "decisions-2-kind": "agreement", "decisions-2-text": "Moeder belt bij onrust.",
               "decisions-2-organisation_id": "", "decisions-2-due_on": "", "decisions-2-plan": ""}
    outside = form_post(client, f"{base}/verslag",
                        {**minutes, "decisions-0-organisation_id": orgs["Blijf Groep Voorbeeld"]})
    assert outside.status_code == 422
    assert "Een taak kan alleen naar een actieve partner" in outside.get_data(as_text=True)
    assert form_post(client, f"{base}/verslag", minutes).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Task.id))
                                 .where(Task.dedupe_key.like(f"conference:{conference_id}:%"))) == 0
        version = db.session.scalar(select(ConferenceMinutes.version_id)
                                    .where(ConferenceMinutes.conference_id == conference_id))
    response = post(client, f"{base}/verslag/vaststellen", {"approve-version": version}, base)
    assert response.status_code == 302
    with app.app_context():
        tasks = list(db.session.scalars(select(Task).where(Task.dedupe_key.like(f"conference:{conference_id}:%"))
                                        .order_by(Task.id)))
        assert [(t.kind, t.organisation.name) for t in tasks] == [
            ("other", "Politie Eenheid Voorbeeld"), ("other", "Wijkteam Voorbeeld-Zuid")]
        assert "Huisbezoek afleggen bij moeder." in tasks[0].title_nl and tasks[0].due_on.isoformat() == due
        assert "veiligheidsplan aanpassen: Buurvrouw opnemen in het netwerk." in tasks[1].title_nl
        attended = {i.name: i.attended for i in db.session.get(Conference, conference_id).invitees}
        assert list(attended.values()).count(True) == 3 and attended["Karim Bouzid"] is None
    police = app.test_client()
    login(police, "politie")
    assert "Huisbezoek afleggen bij moeder." in police.get("/taken").get_data(as_text=True)
    html = client.get(base).get_data(as_text=True)
    assert "Vastgesteld" in html and "Buurvrouw opnemen in het netwerk." in html


def approved_conference(app, client) -> tuple[str, int]:
    dossier_id, conference_id = planned(app, client)
    _dossier, orgs, _persons = ids(app)
    base = f"/dossiers/{dossier_id}/casusoverleg/{conference_id}"
    make_it_today(app, conference_id)
    form_post(client, f"{base}/verslag", {"body": "Eerste verslag.", "decisions-0-kind": "task",
                                     "decisions-0-text": "Gesprek met vader.",
                                     "decisions-0-organisation_id": orgs["GGZ Voorbeeld"],
                                     "decisions-0-due_on": (clock.today() + timedelta(days=3)).isoformat(),
                                     "decisions-0-plan": ""})
    with app.app_context():
        version = db.session.scalar(select(ConferenceMinutes.version_id)
                                    .where(ConferenceMinutes.conference_id == conference_id))
    assert post(client, f"{base}/verslag/vaststellen", {"approve-version": version}, base).status_code == 302
    return base, conference_id


def test_approved_minutes_are_never_edited_and_a_correction_is_a_new_linked_version(app, client, demo):
    base, conference_id = approved_conference(app, client)
    refused = post(client, f"{base}/verslag", {"body": "Stiekem gewijzigd."}, base)
    assert refused.status_code == 422
    assert "Dit verslag is vastgesteld en kan niet meer worden gewijzigd" in refused.get_data(as_text=True)
    with app.app_context():
        (minutes,) = db.session.scalars(select(ConferenceMinutes)
                                        .where(ConferenceMinutes.conference_id == conference_id))
        assert minutes.body == "Eerste verslag." and minutes.stage == "approved"
        first_task = minutes.decisions[0].task_id
    no_reason = post(client, f"{base}/verslag/correctie", {"correction-reason": ""}, base)
    assert no_reason.status_code == 422 and "Geef de reden van de correctie." in no_reason.get_data(as_text=True)
    assert post(client, f"{base}/verslag/correctie", {"correction-reason": "Datum verkeerd."}, base).status_code == 302
    with app.app_context():
        first, second = db.session.scalars(select(ConferenceMinutes)
                                           .where(ConferenceMinutes.conference_id == conference_id)
                                           .order_by(ConferenceMinutes.version))
        assert (second.version, second.corrects_id, second.stage) == (2, first.id, "draft")
        assert second.decisions[0].task_id == first_task
        version = second.version_id
    assert post(client, f"{base}/verslag/vaststellen", {"approve-version": version}, base).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Task.id)).where(
            Task.dedupe_key.like(f"conference:{conference_id}:%"))) == 1  # the correction made no second task
    assert "Eerdere versies van het verslag" in client.get(base).get_data(as_text=True)


def test_pdfs_need_reauthentication_are_logged_and_leave_out_what_not_everyone_may_read(app, client, demo):
    from mda.audit.models import AccessLogEntry
    base, conference_id = approved_conference(app, client)
    minutes = client.get(f"{base}/verslag.pdf")
    invitations = client.get(f"{base}/uitnodigingslijst.pdf")
    assert minutes.status_code == invitations.status_code == 200
    assert minutes.mimetype == invitations.mimetype == "application/pdf"
    assert minutes.get_data().startswith(b"%PDF")
    from mda.conferences import pdf
    with app.test_request_context():
        conference = db.session.get(Conference, conference_id)
        html = pdf._render("pdf/conference_invitations.html", conference)
        assert "Esther Vermeulen" in html and "Karim Bouzid" not in html and "Contactverbod" not in html
        minutes_html = pdf._render("pdf/conference_minutes.html", conference, minutes=conference.current_minutes)
        assert "Eerste verslag." in minutes_html and "Contactverbod" not in minutes_html
    with app.app_context():
        exports = db.session.scalars(select(AccessLogEntry.object).where(AccessLogEntry.action == "export")).all()
        assert "conference.minutes.pdf" in exports and "conference.invitations.pdf" in exports
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
    stale = client.get(f"{base}/verslag.pdf")
    assert stale.status_code == 302 and stale.headers["Location"].startswith("/herbevestigen")


def test_a_planned_conference_links_the_open_review(app, client, demo):
    login(client, "wijkteam")
    with app.app_context():
        conference = db.session.scalar(select(Conference).where(Conference.stage == "planned"))
        path = f"/dossiers/{conference.dossier_id}/casusoverleg/{conference.id}"
        review = conference.review_id
    html = client.get(path).get_data(as_text=True)
    assert f"/veiligheidsscores/{review}" in html and "kan zijn cijfer nog geven" in html


def test_the_calendar_invitation_asks_for_the_password_again_like_the_other_exports(app, client, demo):
    dossier_id, conference_id = planned(app, client)
    path = f"/dossiers/{dossier_id}/casusoverleg/{conference_id}/uitnodiging.ics"
    police = app.test_client()
    login(police, "politie")
    assert police.get(path).status_code == 200  # just logged in: the password was given a moment ago
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
    stale = police.get(path)
    assert stale.status_code == 302 and stale.headers["Location"].startswith("/herbevestigen")
    assert "BEGIN:VCALENDAR" not in stale.get_data(as_text=True)
    page = police.get(stale.headers["Location"]).get_data(as_text=True)
    confirmed = police.post(stale.headers["Location"], data={"password": "demo", "csrf_token": csrf_token(page)})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(path)
    assert police.get(path).mimetype == "text/calendar"
