"""What approved minutes fix, who reads their health part, what a correction does to the tasks,
the calendar's time zone, the applicant's notice on /taken, and the review a conference holds."""
from datetime import timedelta

import icalendar
from sqlalchemy import select

from mda.conferences.models import Conference, ConferenceMinutes
from mda.core import clock
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.intake.models import Application
from mda.reviews.models import PartnerScore
from mda.tasks.models import Task
from tests.conferences.support import ids, latest_conference, make_it_today, plan
from tests.reviews.support import give_score, open_review
from tests.safetyplan.support import pdf_text, user_client
from tests.support.web import csrf_token, form_post, hidden_value, login

HEALTH_MARKER = "Traumabehandeling-marker van de kinderen."
HEALTH_DECISION = "Zorgbesluit-marker: EMDR voor Esther."
OPEN_MARKER = "Algemeen-marker van het verslag."


def post(client, path: str, data: dict, token_page: str):
    return client.post(path, data={**data, "csrf_token": csrf_token(client.get(token_page).get_data(as_text=True))})


def held(app, client) -> tuple[str, int, dict]:
    login(client, "wijkteam")
    assert plan(client, app).status_code == 302
    dossier_id, orgs, _persons = ids(app)
    conference_id = latest_conference(app)
    make_it_today(app, conference_id)
    return f"/dossiers/{dossier_id}/casusoverleg/{conference_id}", conference_id, orgs


def attend(app, client, base: str, conference_id: int, absent: set[str]):
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        present = [i.id for i in conference.invitees if i.invited and i.name not in absent]
        version = conference.version_id
    return post(client, f"{base}/aanwezigheid", {"attendance-attended": present, "attendance-version": version}, base)


def decision(index: int, kind: str, text: str, org="", due="", plan="", health=False) -> dict:
    row = {f"decisions-{index}-kind": kind, f"decisions-{index}-text": text,
           f"decisions-{index}-organisation_id": org, f"decisions-{index}-due_on": due,
           f"decisions-{index}-plan": plan}
    if health:
        row[f"decisions-{index}-health_related"] = "y"
    return row


def minutes_version(app, conference_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(ConferenceMinutes.version_id).where(
            ConferenceMinutes.conference_id == conference_id).order_by(ConferenceMinutes.version.desc()).limit(1))


def approve(app, client, base: str, conference_id: int):
    response = post(client, f"{base}/verslag/vaststellen",
                    {"approve-version": minutes_version(app, conference_id)}, base)
    assert response.status_code == 302
    return response


def in_days(days: int) -> str:
    return (clock.today() + timedelta(days=days)).isoformat()


def test_approved_minutes_keep_their_attendance_and_only_a_correction_changes_it(app, client, demo):
    base, conference_id, _orgs = held(app, client)
    assert attend(app, client, base, conference_id, absent={"Politie Eenheid Voorbeeld"}).status_code == 302
    assert form_post(client, f"{base}/verslag", {"body": "Verslag."}).status_code == 302
    approve(app, client, base, conference_id)
    page = client.get(base).get_data(as_text=True)
    assert "Aanwezigheid vastleggen" not in page and "hoort bij het vastgestelde verslag" in page
    refused = attend(app, client, base, conference_id, absent=set())
    assert refused.status_code == 422
    assert "de aanwezigheid kan niet meer worden gewijzigd" in refused.get_data(as_text=True)
    printed = pdf_text(client.get(f"{base}/verslag.pdf").get_data())
    assert "Politie Eenheid Voorbeeld afwezig" in " ".join(printed.split())

    corrected = post(client, f"{base}/verslag/correctie", {"correction-reason": "Politie was er wel."}, base)
    assert corrected.status_code == 302
    assert "Aanwezigheid vastleggen" in client.get(base).get_data(as_text=True)
    assert attend(app, client, base, conference_id, absent=set()).status_code == 302
    approve(app, client, base, conference_id)
    with app.app_context():
        first, second = db.session.scalars(select(ConferenceMinutes).where(
            ConferenceMinutes.conference_id == conference_id).order_by(ConferenceMinutes.version))
        def police(minutes):
            return next(r["attended"] for r in minutes.attendance if r["name"] == "Politie Eenheid Voorbeeld")
        assert (police(first), police(second)) == (False, True)
    printed = " ".join(pdf_text(client.get(f"{base}/verslag.pdf").get_data()).split())
    assert "Politie Eenheid Voorbeeld aanwezig" in printed


def test_the_health_part_is_shown_and_printed_only_for_the_coordinator_and_care_partners(app, client, demo):
    base, conference_id, orgs = held(app, client)
    ggz, police = orgs["GGZ Voorbeeld"], orgs["Politie Eenheid Voorbeeld"]
    minutes = {"body": OPEN_MARKER, "health_body": HEALTH_MARKER,
               **decision(0, "task", HEALTH_DECISION, org=ggz, due=in_days(5), health=True),
               **decision(1, "agreement", "Moeder belt bij onrust.")}
    to_police = form_post(client, f"{base}/verslag", {**minutes, "decisions-0-organisation_id": police})
    assert to_police.status_code == 422
    assert "Een taak over gezondheid kan alleen naar een zorgpartner" in to_police.get_data(as_text=True)
    assert form_post(client, f"{base}/verslag", minutes).status_code == 302
    approve(app, client, base, conference_id)
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.dedupe_key.like(f"conference:{conference_id}:%")))
        assert task.organisation_id == ggz and "EMDR" not in task.title_nl and "gezondheid" in task.title_nl
        dossier_id = task.dossier_id
    for username, sees in (("wijkteam", True), ("ggz", True), ("politie", False), ("veiligthuis", False)):
        user = client if username == "wijkteam" else user_client(app, username)
        page = user.get(base).get_data(as_text=True)
        assert OPEN_MARKER in page, username
        assert (HEALTH_MARKER in page, HEALTH_DECISION in page) == (sees, sees), username
        dossier_page = user.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
        assert ("afspraak over gezondheid" in dossier_page) == sees, username
        printed = pdf_text(user.get(f"{base}/verslag.pdf").get_data())
        assert "Algemeen-marker" in printed, username
        assert ("Traumabehandeling-marker" in printed, "Zorgbesluit-marker" in printed) == (sees, sees), username
    family = pdf_text(client.get(f"{base}/verslag.pdf?zonder-gezondheid=1").get_data())
    assert "Algemeen-marker" in family and "Traumabehandeling-marker" not in family and "Zorgbesluit" not in family


def test_the_demo_minutes_keep_the_treatment_in_the_health_part(app, client, demo):
    with app.app_context():
        minutes = db.session.scalar(select(ConferenceMinutes).where(ConferenceMinutes.stage == "approved"))
        assert "traumabehandeling" not in minutes.body and "traumabehandeling" in minutes.health_body
        path = f"/dossiers/{minutes.conference.dossier_id}/casusoverleg/{minutes.conference_id}"
    for username, sees in (("wijkteam", True), ("politie", False)):
        page = user_client(app, username).get(path).get_data(as_text=True)
        assert ("traumabehandeling" in page) == sees, username


def test_approving_a_correction_renews_the_tasks_of_changed_and_removed_decisions(app, client, demo):
    base, conference_id, orgs = held(app, client)
    ggz, police = orgs["GGZ Voorbeeld"], orgs["Politie Eenheid Voorbeeld"]
    assert form_post(client, f"{base}/verslag", {
        "body": "Eerste verslag.",
        **decision(0, "task", "Blijft zoals het is.", org=ggz, due=in_days(5)),
        **decision(1, "task", "Huisbezoek.", org=police, due=in_days(5)),
        **decision(2, "task", "Vervalt.", org=police, due=in_days(5))}).status_code == 302
    approve(app, client, base, conference_id)
    with app.app_context():
        first = {d.text: d.task_id for d in db.session.scalar(select(ConferenceMinutes).where(
            ConferenceMinutes.conference_id == conference_id)).decisions}
    assert post(client, f"{base}/verslag/correctie", {"correction-reason": "Datum huisbezoek verkeerd."},
                base).status_code == 302
    with app.app_context():
        correction = db.session.scalar(select(ConferenceMinutes).where(
            ConferenceMinutes.conference_id == conference_id, ConferenceMinutes.version == 2))
        kept, changed = (d.id for d in correction.decisions[:2])
    assert form_post(client, f"{base}/verslag", {
        "body": "Gecorrigeerd verslag.", "version": minutes_version(app, conference_id),
        "decisions-0-decision_id": kept, **decision(0, "task", "Blijft zoals het is.", org=ggz, due=in_days(5)),
        "decisions-1-decision_id": changed, **decision(1, "task", "Huisbezoek.", org=police, due=in_days(9)),
    }).status_code == 302
    approve(app, client, base, conference_id)
    with app.app_context():
        tasks = {t.id: t for t in db.session.scalars(select(Task).where(
            Task.dedupe_key.like(f"conference:{conference_id}:%")))}
        assert tasks[first["Blijft zoals het is."]].state == "open"
        assert tasks[first["Huisbezoek."]].state == "cancelled" and tasks[first["Vervalt."]].state == "cancelled"
        reason = db.session.scalar(select(TransitionLog.reason).where(
            TransitionLog.workflow == "task", TransitionLog.object_id == first["Vervalt."],
            TransitionLog.event == "cancel"))
        assert "correctie van het verslag (versie 2)" in reason and "Datum huisbezoek verkeerd." in reason
        now = {d.text: d.task_id for d in db.session.scalar(select(ConferenceMinutes).where(
            ConferenceMinutes.conference_id == conference_id, ConferenceMinutes.version == 2)).decisions}
        assert now["Blijft zoals het is."] == first["Blijft zoals het is."]
        renewed = tasks[now["Huisbezoek."]]
        assert renewed.id != first["Huisbezoek."] and renewed.state == "open"
        assert renewed.due_on.isoformat() == in_days(9)
        assert sum(t.state == "open" for t in tasks.values()) == 2


def test_the_invitation_carries_the_time_zone_it_names(app, client, demo):
    base, _conference_id, _orgs = held(app, client)
    calendar = icalendar.Calendar.from_ical(client.get(f"{base}/uitnodiging.ics").get_data())
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    (event,) = calendar.walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"


def test_the_applicant_sees_new_triage_decisions_on_taken_until_it_marks_them_seen(app, client, demo):
    with app.app_context():
        refused = db.session.scalar(select(Application).where(Application.family_reference == "Gezin Bergsma"))
        refused_id, advice, version = refused.id, refused.advice, refused.version_id
    login(client, "wijkteam")
    tasks = client.get("/taken").get_data(as_text=True)
    assert "Besluiten van de triage over uw aanmeldingen" in tasks
    assert f"/aanmeldingen/{refused_id}" in tasks and "Niet geaccepteerd" in tasks and advice[:40] in tasks
    assert "Gezin Bergsma" not in user_client(app, "politie").get("/taken").get_data(as_text=True)
    page = client.get(f"/aanmeldingen/{refused_id}")
    assert page.status_code == 200 and "Gezien: van de takenlijst halen" in page.get_data(as_text=True)
    with app.app_context():  # a GET changes nothing
        assert db.session.get(Application, refused_id).outcome_seen_at is None
    assert f"/aanmeldingen/{refused_id}" in client.get("/taken").get_data(as_text=True)
    assert client.post(f"/aanmeldingen/{refused_id}/gezien").status_code == 400  # without its CSRF token
    response = post(client, f"/aanmeldingen/{refused_id}/gezien", {}, f"/aanmeldingen/{refused_id}")
    assert response.status_code == 302
    assert f"/aanmeldingen/{refused_id}" not in client.get("/taken").get_data(as_text=True)
    assert "Gezien: van de takenlijst halen" not in client.get(f"/aanmeldingen/{refused_id}").get_data(as_text=True)
    with app.app_context():
        seen = db.session.get(Application, refused_id)
        assert seen.outcome_seen_at is not None and seen.version_id == version  # nobody's open form goes stale


def test_a_review_opened_after_planning_is_held_in_the_conference_and_an_absent_partner_scores(app, client, demo):
    base, conference_id, _orgs = held(app, client)
    dossier_id = ids(app)[0]
    with app.app_context():
        assert db.session.get(Conference, conference_id).review_id is None
    review_id = open_review(client, dossier_id)
    assert f"/veiligheidsscores/{review_id}" in client.get(base).get_data(as_text=True)
    assert attend(app, client, base, conference_id, absent={"Politie Eenheid Voorbeeld"}).status_code == 302
    with app.app_context():
        assert db.session.get(Conference, conference_id).review_id == review_id
    police = user_client(app, "politie")
    page = police.get(base).get_data(as_text=True)
    assert f"/veiligheidsscores/{review_id}" in page and "kan zijn cijfer nog geven" in page
    assert give_score(police, dossier_id, review_id, 6, "Niet aanwezig; cijfer achteraf.").status_code == 302
    with app.app_context():
        (score,) = db.session.scalars(select(PartnerScore).where(PartnerScore.review_id == review_id))
        assert (score.organisation.name, score.score) == ("Politie Eenheid Voorbeeld", 6)


def test_two_tabs_writing_the_first_minutes_the_second_is_refused_not_overwriting(app, client, demo):
    base, conference_id, _orgs = held(app, client)
    first_tab = client.get(f"{base}/verslag").get_data(as_text=True)
    second_tab = client.get(f"{base}/verslag").get_data(as_text=True)
    for html, body in ((first_tab, "Verslag uit het eerste tabblad."), (second_tab, "Verslag uit het tweede tabblad.")):
        response = client.post(f"{base}/verslag", data={"body": body, "version": hidden_value(html, "version"),
                                                        "csrf_token": csrf_token(html)})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Verslag uit het tweede tabblad." in page  # what was typed is kept on the conflict page
    assert "Open het casusoverleg opnieuw" in page  # and a way to reload it
    with app.app_context():
        (minutes,) = db.session.scalars(select(ConferenceMinutes)
                                        .where(ConferenceMinutes.conference_id == conference_id))
        assert minutes.body == "Verslag uit het eerste tabblad."


def test_minutes_without_a_version_are_refused_as_stale(app, client, demo):
    base, conference_id, _orgs = held(app, client)
    for version in ("", None):
        data = {"body": "Zonder versie."} | ({} if version is None else {"version": version})
        assert post(client, f"{base}/verslag", data, f"{base}/verslag").status_code == 409
    assert form_post(client, f"{base}/verslag", {"body": "Eerste verslag."}).status_code == 302
    for version in ("", None):
        data = {"body": "Overschreven?"} | ({} if version is None else {"version": version})
        assert post(client, f"{base}/verslag", data, f"{base}/verslag").status_code == 409
        approve_data = {} if version is None else {"approve-version": version}
        assert post(client, f"{base}/verslag/vaststellen", approve_data, base).status_code == 409
    with app.app_context():
        (minutes,) = db.session.scalars(select(ConferenceMinutes)
                                        .where(ConferenceMinutes.conference_id == conference_id))
        assert (minutes.body, minutes.stage) == ("Eerste verslag.", "draft")
