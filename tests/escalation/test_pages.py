"""Escalation through the pages: a member of the team escalates by hand, those at the level see it
in their queue (and nothing else), the steering group reads the one-page summary and records its
decision, and bad input gets a clear message or the same 404, with nothing changed."""
import re
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.protection import force_state
from mda.escalation.models import Escalation, EscalationLevel
from mda.escalation.operations import detect_stalls, escalate
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.orgs.models import Region
from mda.tasks.models import Task
from tests.escalation.conftest import quiet_since
from tests.safetyplan.support import pdf_text
from tests.support.web import csrf_token, form_post, hidden_value, login, masked


def client_of(app, username):
    client = app.test_client()
    login(client, username, "pw")
    return client


def escalations(app, dossier_id):
    with app.app_context():
        return [(e.state, e.level, e.rung) for e in db.session.scalars(
            select(Escalation).where(Escalation.dossier_id == dossier_id).order_by(Escalation.id))]


def stalled_to(app, ids, level: int) -> int:
    """The family's case stalled and its escalation climbed to ``level``; its id."""
    with app.app_context():
        case = db.session.get(Dossier, ids.case)
        quiet_since(case, 30)
        db.session.commit()
        region = db.session.get(Region, ids.region)
        region.escalation_ladder = "team_lead:1 zvh:1 steering"
        db.session.commit()
        day = clock.today()
        detect_stalls(day)
        query = select(Escalation).where(Escalation.dossier_id == ids.case)
        while (escalation := db.session.scalar(query)).level < level:
            day += timedelta(days=1)
            detect_stalls(day)
        return escalation.id


def test_a_team_member_escalates_by_hand_with_a_reason_to_the_level_they_choose(app, ids):
    client = client_of(app, "agent")
    path = f"/dossiers/{ids.case}/escaleren"
    page = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert 'id="escalatie"' in page and "Deze casus escaleren" in page
    response = form_post(client, path, {"level": "2", "reason": "   "}, hidden=())
    assert response.status_code == 422
    assert "Geef aan waarom u escaleert" in response.get_data(as_text=True)
    assert escalations(app, ids.case) == []

    response = form_post(client, path, {"level": "2", "reason": "Niemand pakt het huisverbod op.",
                                        "question": ""}, hidden=())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/dossiers/{ids.case}#escalatie")
    assert escalations(app, ids.case) == [("raised", 2, "zvh")]
    with app.app_context():
        kinds = dict(db.session.execute(select(InboxItem.user_id, InboxItem.kind)).all())
    assert kinds == {ids.zvh: "escalation", ids.coordinator: "case_escalated"}, "not the team lead: level 2 was chosen"

    response = form_post(client, path, {"level": "1", "reason": "Nog steeds niets."}, hidden=())
    assert response.status_code == 422, "only a higher level than the current one"
    response = form_post(client, path, {"level": "3", "reason": "Ook de procesregisseur krijgt het niet los.",
                                        "question": "Mag de politie het huisverbod alsnog opleggen?"}, hidden=())
    assert response.status_code == 302
    assert escalations(app, ids.case) == [("rising", 3, "steering")]
    page = client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "Geëscaleerd naar niveau 3: regionale stuurgroep" in page
    timeline = page[page.index('id="tijdlijn"'):]
    assert "Escaleren: Geëscaleerd" in timeline and "Niemand pakt het huisverbod op." in timeline
    assert "Een niveau hoger leggen: Opgeschaald naar een hoger niveau" in timeline


def test_escalating_a_closed_dossier_is_refused(app, ids):
    with app.app_context():
        force_state(db.session.get(Dossier, ids.case), "closed")
        db.session.commit()
    client = client_of(app, "coord")
    assert "Deze casus escaleren" not in client.get(f"/dossiers/{ids.case}").get_data(as_text=True)
    response = form_post(client, f"/dossiers/{ids.case}/escaleren", {"level": "1", "reason": "Toch nog."}, hidden=())
    assert response.status_code == 422
    assert "Dit dossier is afgesloten of overgedragen" in response.get_data(as_text=True)
    assert escalations(app, ids.case) == []


def test_who_is_not_on_the_team_cannot_escalate(app, ids):
    for username in ("lead2", "stuur", "procesregisseur", "beheer"):
        client = client_of(app, username)
        assert client.get(f"/dossiers/{ids.case}/escaleren").status_code == 404, username


def test_the_team_lead_sees_the_escalations_of_their_team_only(app, ids):
    stalled_to(app, ids, 1)
    queue = client_of(app, "lead").get("/escalaties").get_data(as_text=True)
    assert "Gezin Ladder" in queue and "Geen faseovergang en geen taak afgerond" in queue
    other = client_of(app, "lead2").get("/escalaties").get_data(as_text=True)
    assert "Gezin Ladder" not in other and "Er is geen open escalatie op uw niveau." in other


def test_who_an_escalation_never_reached_gets_the_same_404_as_for_nothing(app, ids):
    escalation_id = stalled_to(app, ids, 1)
    for username in ("lead2", "stuur", "procesregisseur", "beheer"):
        client = client_of(app, username)
        for path, nothing in ((f"/escalaties/{escalation_id}", "/escalaties/999999"),
                              (f"/escalaties/{escalation_id}/samenvatting.pdf", "/escalaties/999999/samenvatting.pdf"),
                              (f"/dossiers/{ids.case}", "/dossiers/999999")):
            missing = client.get(nothing)
            response = client.get(path)
            assert response.status_code == missing.status_code == 404, (username, path)
            assert (masked(response.get_data(as_text=True)).replace(path, "")
                    == masked(missing.get_data(as_text=True)).replace(nothing, "")), (username, path)
    assert client_of(app, "lead").get(f"/escalaties/{escalation_id}").status_code == 200
    assert client_of(app, "lead").get(f"/dossiers/{ids.case}").status_code == 404, "the process, not the dossier"


def test_the_procesregisseur_sees_the_process_without_health_data(app, ids):
    escalation_id = stalled_to(app, ids, 2)
    with app.app_context():
        today = clock.today()
        for kind, title in (("treatment", "Traumabehandeling EMDR"), ("other", "Huisbezoek plannen")):
            db.session.add(Task(dossier_id=ids.case, kind=kind, title_nl=title, title_en=title,
                                organisation_id=ids.care if kind == "treatment" else ids.police,
                                start_on=today, due_on=today - timedelta(days=20)))
        db.session.commit()
    client = client_of(app, "procesregisseur")
    queue = client.get("/escalaties").get_data(as_text=True)
    assert "Gezin Ladder" in queue
    page = client.get(f"/escalaties/{escalation_id}").get_data(as_text=True)
    assert "Fase 1: veiligheid" in page and "Politie Ladder" in page and "Overig" in page
    assert "Behandeling" not in page and "EMDR" not in page and "Iris Ladder" not in page
    assert "Besluit vastleggen" in page and "Een niveau hoger leggen" in page


def test_the_steering_group_reads_the_summary_and_records_its_decision(app, ids):
    escalation_id = stalled_to(app, ids, 3)
    client = client_of(app, "stuur")
    steering = client.get("/stuurgroep").get_data(as_text=True)
    assert "Gezin Ladder" in steering
    response = client.get(f"/escalaties/{escalation_id}/samenvatting.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    assert "Samenvatting voor de stuurgroep" in text and "Gezin Ladder" in text
    assert "Niveau 3: regionale stuurgroep" in text and "Fase 1: veiligheid" in text
    assert "Iris Ladder" not in text, "no persons"
    with tempfile.TemporaryDirectory() as directory:
        pdf = Path(directory) / "summary.pdf"
        pdf.write_bytes(response.data)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), "one page"

    path = f"/escalaties/{escalation_id}"
    page = client.get(path).get_data(as_text=True)
    response = client.post(f"{path}/besluit", data={"decision": "", "csrf_token": csrf_token(page),
                                                     "version": hidden_value(page, "version")})
    assert response.status_code == 422 and "Leg het besluit vast" in response.get_data(as_text=True)
    assert escalations(app, ids.case)[-1][0] == "rising"

    due = (clock.today() + timedelta(days=14)).isoformat()
    data = {"decision": "De politie en Veilig Thuis plannen binnen twee weken een huisbezoek.",
            "tasks-0-organisation_id": str(ids.police), "tasks-0-text": "Huisbezoek met Veilig Thuis",
            "tasks-0-due_on": due, "csrf_token": csrf_token(page), "version": hidden_value(page, "version")}
    response = client.post(f"{path}/besluit", data=data)
    assert response.status_code == 302
    assert escalations(app, ids.case)[-1] == ("resolved", 3, "steering")
    with app.app_context():
        assert db.session.scalar(select(func.count(Task.id)).where(
            Task.organisation_id == ids.police, Task.title_nl.contains("Huisbezoek met Veilig Thuis"))) == 1
        assert db.session.scalar(select(InboxItem.kind).where(InboxItem.user_id == ids.coordinator,
                                                              InboxItem.kind == "steering_decision"))

    token = csrf_token(client.get(path).get_data(as_text=True))
    again = client.post(f"{path}/besluit", data={**data, "csrf_token": token})
    assert again.status_code == 409
    assert "Deze escalatie is al afgehandeld" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Task.id)).where(Task.organisation_id == ids.police)) == 1
    steering = client.get("/stuurgroep").get_data(as_text=True)
    assert "Recente besluiten" in steering and "huisbezoek" in steering
    coordinator = client_of(app, "coord").get(f"/dossiers/{ids.case}").get_data(as_text=True)
    assert "De politie en Veilig Thuis plannen binnen twee weken een huisbezoek." in coordinator


def test_a_decision_task_for_someone_off_the_team_is_refused(app, ids):
    escalation_id = stalled_to(app, ids, 1)
    client = client_of(app, "lead")
    page = client.get(f"/escalaties/{escalation_id}").get_data(as_text=True)
    response = client.post(f"/escalaties/{escalation_id}/besluit", data={
        "decision": "Huisbezoek.", "tasks-0-organisation_id": str(ids.zvh_org), "tasks-0-text": "Iets",
        "tasks-0-due_on": clock.today().isoformat(), "csrf_token": csrf_token(page),
        "version": hidden_value(page, "version")})
    assert response.status_code == 422
    assert escalations(app, ids.case)[-1][0] == "raised"


def test_landing_pages_after_login(app, ids):
    for username, landing in (("lead", "/escalaties"), ("procesregisseur", "/escalaties"), ("stuur", "/stuurgroep"),
                              ("coord", "/taken")):
        client = app.test_client()
        assert login(client, username, "pw").headers["Location"].endswith(landing), username


def test_the_administrator_sets_the_thresholds_and_the_ladder(app, ids):
    client = client_of(app, "beheer")
    page = client.get("/beheer/escalatie")
    assert page.status_code == 200
    response = form_post(client, "/beheer/escalatie", {
        "no_progress_days": "30", "overdue_working_days": "", "declined_working_days": "5", "score_reviews": "1",
        "review_overdue_working_days": "0", "team_lead_used": "y", "team_lead_days": "3", "zvh_days": "10",
        "steering_used": "y"}, hidden=())
    assert response.status_code == 422, "two reviews at least"
    response = form_post(client, "/beheer/escalatie", {
        "no_progress_days": "30", "overdue_working_days": "", "declined_working_days": "5", "score_reviews": "4",
        "review_overdue_working_days": "0", "team_lead_used": "y", "team_lead_days": "3", "zvh_days": "10",
        "steering_used": "y"}, hidden=())
    assert response.status_code == 302
    with app.app_context():
        region = db.session.get(Region, ids.region)
        assert region.escalation_ladder == "team_lead:3 steering"
        assert (region.stall_no_progress_days, region.stall_overdue_working_days, region.stall_score_reviews) == (
            30, None, 4)
    response = form_post(client, "/beheer/escalatie", {"no_progress_days": "30"}, hidden=())
    assert response.status_code == 422 and "minstens één niveau" in response.get_data(as_text=True)
    assert client_of(app, "coord").get("/beheer/escalatie").status_code == 404


def test_the_coordinator_escalates_through_the_operation_too(app, ids):
    with app.app_context():
        case = db.session.get(Dossier, ids.case)
        coordinator = case.coordinator
        escalate(coordinator, case, level=1, reason="Het loopt vast.")
        db.session.commit()
    assert escalations(app, ids.case) == [("raised", 1, "team_lead")]


def test_the_procesregisseur_pages_through_the_queue_oldest_first(app, ids):
    """30 cases at level 2, each longer there than the next: 25 on the first page, oldest first,
    the rest after it, with the same number of statements for each page."""
    from tests.support.web import QueryCounter
    with app.app_context():
        coordinator = db.session.get(Dossier, ids.case).coordinator
        for number in range(30):
            case = Dossier(region_id=ids.region, reference=f"Gezin Wachtrij {number:02d}",
                           coordinator_id=coordinator.id)
            db.session.add(case)
            db.session.flush()
            force_state(case, "safety")
            since = clock.today() - timedelta(days=40 - number)
            escalation = Escalation(dossier_id=case.id, state="rising", level=2, rung="zvh", reason="Vast.",
                                    raised_on=since - timedelta(days=7), level_since=since)
            escalation.levels = [EscalationLevel(level=1, rung="team_lead", reached_on=since - timedelta(days=7)),
                                 EscalationLevel(level=2, rung="zvh", reached_on=since)]
            db.session.add(escalation)
        db.session.commit()
        engine = db.engine
    client = client_of(app, "procesregisseur")
    with QueryCounter(engine) as first_count:
        first = client.get("/escalaties").get_data(as_text=True)
    shown = re.findall(r"Gezin Wachtrij (\d\d)", first)
    assert shown == [f"{number:02d}" for number in range(25)]
    after = re.search(r'href="/escalaties\?na=([^"]+)" rel="next"', first).group(1)
    with QueryCounter(engine) as second_count:
        second = client.get(f"/escalaties?na={after}").get_data(as_text=True)
    assert re.findall(r"Gezin Wachtrij (\d\d)", second) == [f"{number:02d}" for number in range(25, 30)]
    assert 'rel="next"' not in second and first_count.count == second_count.count
    assert client.get("/escalaties?na=gisteren").status_code == 200, "a keyset that is none: the first page"


def test_a_decision_on_a_page_that_is_out_of_date_is_refused_with_what_was_typed(app, ids):
    escalation_id = stalled_to(app, ids, 2)
    client = client_of(app, "procesregisseur")
    page = client.get(f"/escalaties/{escalation_id}").get_data(as_text=True)
    with app.app_context():  # meanwhile the procesregisseur's colleague asked the steering group
        escalation = db.session.get(Escalation, escalation_id)
        escalation.question = "Mag de politie het huisverbod opleggen?"
        db.session.commit()
    response = client.post(f"/escalaties/{escalation_id}/besluit", data={
        "decision": "De partners zijn de goede; de afspraken worden nagekomen.", "csrf_token": csrf_token(page),
        "version": hidden_value(page, "version")})
    assert response.status_code == 409
    assert "De partners zijn de goede; de afspraken worden nagekomen." in response.get_data(as_text=True)
    assert escalations(app, ids.case)[-1] == ("rising", 2, "zvh")
