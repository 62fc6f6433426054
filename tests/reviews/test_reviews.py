"""A safety-score review from opening to closing, through the pages: partners score, the team
sets its score, the engine plans the next review, and the guard of phase 2 reads it."""
from datetime import timedelta

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.reviews.models import PartnerScore, SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import Task
from mda.engine.protection import force_state
from tests.reviews.support import close_review, dutch_day, give_score, hidden, open_review, review_url
from tests.support.web import csrf_token

RANGE_MESSAGE = "Vul een heel getal in van 0 tot en met 10."


def scores_by_org(app, review_id):
    with app.app_context():
        rows = db.session.execute(select(Organisation.name, PartnerScore.score)
                                  .join(Organisation, Organisation.id == PartnerScore.organisation_id)
                                  .where(PartnerScore.review_id == review_id))
        return dict(rows.all())


def pending_reviews(app, dossier_id):
    with app.app_context():
        return list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier_id, Task.kind == "safety_review", Task.state.in_(("open", "accepted")))))


def test_a_full_review(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    with app.app_context():
        review = db.session.get(SafetyReview, review_id)
        linked = db.session.get(Task, review.task_id)
        assert (review.status, review.team_score, review.phase) == ("open", None, "safety")
        assert linked.kind == "safety_review" and linked.state == "open"
        region_id = db.session.get(Dossier, family).region_id
    for username, score in (("veiligthuis", 2), ("politie", 7), ("ggz", 5), ("regisseur", 5)):
        response = give_score(as_user(username), family, review_id, score, f"Score van {username}.")
        assert response.status_code == 302, username
    warning = ("Laagste: Veilig Thuis Regio Voorbeeld (2). Hoogste: Politie Eenheid Voorbeeld (7).")
    for page in (review_url(family, review_id), f"/dossiers/{family}"):
        html = coordinator.get(page).get_data(as_text=True)
        assert "De scores van de partners lopen 5 punten uiteen." in html and warning in html, page
    dossier_page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    assert "4 van de 5 partners hebben een score gegeven" in dossier_page

    assert give_score(as_user("veiligthuis"), family, review_id, 3, "Na overleg bijgesteld.").status_code == 302
    assert scores_by_org(app, review_id) == {
        "Veilig Thuis Regio Voorbeeld": 3, "Politie Eenheid Voorbeeld": 7, "GGZ Voorbeeld": 5,
        "Wijkteam Voorbeeld-Noord": 5}
    shelter_page = as_user("opvang").get(review_url(family, review_id)).get_data(as_text=True)
    assert "Laagste: Veilig Thuis Regio Voorbeeld (3)" in shelter_page and "Score opslaan" in shelter_page

    response = close_review(coordinator, family, review_id, 6, "Multidisciplinair vastgesteld in het MDO.")
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(SafetyReview, review_id)
        assert (review.status, review.team_score, review.held_on) == ("closed", 6, clock.today())
        assert review.closed_at is not None
        done = db.session.get(Task, linked.id)
        assert done.state == "done" and done.result == "Veiligheidsscore 6 vastgesteld"
        due = task_context(region_id).calendar.extend_to_working_day(clock.today() + timedelta(weeks=2))
    [planned] = pending_reviews(app, family)
    assert planned.id != linked.id and planned.due_on == due
    html = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert f"De teamscore 6 is vastgesteld. De volgende evaluatie is gepland op {dutch_day(due)}." in html
    assert f"Volgende evaluatie gepland op: <strong>{dutch_day(due)}</strong>" in html
    assert "Laatste teamscore (samen door het team vastgesteld):" in html
    assert "Multidisciplinair vastgesteld in het MDO." in html

    late = give_score(as_user("opvang"), family, review_id, 8, "Te laat.", version="")
    assert late.status_code == 409
    assert "Deze evaluatie is afgesloten" in late.get_data(as_text=True)
    assert "Blijf Groep Voorbeeld" not in scores_by_org(app, review_id)
    shelter_page = as_user("opvang").get(review_url(family, review_id)).get_data(as_text=True)
    assert "Heeft geen score gegeven" in shelter_page and "Score opslaan" not in shelter_page
    with app.app_context():
        logged = db.session.scalars(select(AccessLogEntry.object).where(
            AccessLogEntry.dossier_id == family, AccessLogEntry.action.in_(("create", "update")),
            AccessLogEntry.object == f"safety_review:{review_id}")).all()
    assert len(logged) == 7  # opened, five scores, closed


def test_score_boundaries(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    police = as_user("politie")
    for value in ("-1", "11", "zes", "6.5", ""):
        response = give_score(police, family, review_id, value, "Toelichting.")
        html = response.get_data(as_text=True)
        assert response.status_code == 422, value
        assert html.count(RANGE_MESSAGE) == 2 and 'href="#score"' in html, value
        assert f'name="score" type="number" value="{value}"' in html, value
    assert scores_by_org(app, review_id) == {}
    for value in (0, 10):
        assert give_score(police, family, review_id, value, "Grens.").status_code == 302
        assert scores_by_org(app, review_id) == {"Politie Eenheid Voorbeeld": value}
    response = give_score(police, family, review_id, 4, "  ")
    assert response.status_code == 422 and "Licht uw score kort toe." in response.get_data(as_text=True)

    for value in ("-1", "11", "veilig"):
        response = close_review(coordinator, family, review_id, value, "Vastgesteld.")
        assert response.status_code == 422 and RANGE_MESSAGE in response.get_data(as_text=True), value
    response = close_review(coordinator, family, review_id, 5, "")
    assert response.status_code == 422
    assert "Licht toe hoe het team tot deze score is gekomen." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).status == "open"
    assert give_score(as_user("ggz"), family, review_id, 3, "Grote zorgen.").status_code == 302
    assert close_review(coordinator, family, review_id, 0, "Acuut gevaar.").status_code == 302
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).team_score == 0


def test_who_may_score_and_close(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    page = coordinator.get(review_url(family, review_id)).get_data(as_text=True)
    for outsider in ("buiten", "reclassering", "school", "stuurgroep"):
        client = as_user(outsider)
        assert client.get(review_url(family, review_id)).status_code == 404, outsider
        assert client.get(f"/dossiers/{family}/veiligheidsscores.svg").status_code == 404, outsider
        for path in ("/score", "/afsluiten"):
            response = client.post(review_url(family, review_id) + path, data={
                "csrf_token": csrf_token(client.get("/taken").get_data(as_text=True)),
                "score": "5", "rationale": "x", "team_score": "5", "team_rationale": "x"})
            assert response.status_code == 404, (outsider, path)
    partner = as_user("veiligthuis")
    partner_page = partner.get(review_url(family, review_id)).get_data(as_text=True)
    assert "Teamscore vaststellen" not in partner_page
    response = partner.post(review_url(family, review_id) + "/afsluiten", data={
        "csrf_token": csrf_token(partner_page), "team_score": "9", "team_rationale": "Ik sluit af.",
        "review_version": ""})
    assert response.status_code == 404
    response = partner.post(f"/dossiers/{family}/veiligheidsscores/nieuw",
                            data={"csrf_token": csrf_token(partner_page)})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).status == "open"
        other = db.session.scalar(select(SafetyReview.id).where(SafetyReview.dossier_id != family))
        denied = db.session.scalars(select(AccessLogEntry.object).where(
            AccessLogEntry.username == "veiligthuis", AccessLogEntry.outcome == "denied")).all()
    assert "review.manage" in denied
    assert coordinator.get(review_url(family, other)).status_code == 404
    assert "Teamscore vaststellen" in page


def test_one_review_at_a_time_and_only_in_an_active_phase(app, demo, family, as_user):
    coordinator = as_user("regisseur")
    first = open_review(coordinator, family)
    assert open_review(coordinator, family) == first
    with app.app_context():
        assert db.session.scalars(select(SafetyReview).where(
            SafetyReview.dossier_id == family, SafetyReview.status == "open")).all()[0].id == first
        registered = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Öztürk"))
    page = coordinator.get(f"/dossiers/{registered}").get_data(as_text=True)
    assert "Evaluatie veiligheidsscore openen" not in page
    response = coordinator.post(f"/dossiers/{registered}/veiligheidsscores/nieuw",
                                data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    html = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "alleen plaats in fase 1 tot en met 3" in html
    with app.app_context():
        assert db.session.scalar(select(SafetyReview.id).where(SafetyReview.dossier_id == registered)) is None


def test_a_stale_score_or_close_is_refused(app, family, as_user):
    coordinator, police = as_user("regisseur"), as_user("politie")
    review_id = open_review(coordinator, family)
    assert give_score(police, family, review_id, 6, "Eerste score.").status_code == 302
    stale = give_score(police, family, review_id, 3, "Uit een oud tabblad.", version="")
    assert stale.status_code == 409 and "Uit een oud tabblad." in stale.get_data(as_text=True)
    assert scores_by_org(app, review_id) == {"Politie Eenheid Voorbeeld": 6}

    seen = coordinator.get(review_url(family, review_id)).get_data(as_text=True)
    assert give_score(police, family, review_id, 2, "Toch zorgen.").status_code == 302
    response = close_review(coordinator, family, review_id, 7, "Op basis van oude scores.",
                            version=hidden(seen, "review_version"))
    assert response.status_code == 409 and "Op basis van oude scores." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).status == "open"


def test_a_closed_review_at_the_threshold_opens_phase_two(app, family, as_user):
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        plan = SafetyPlan(dossier_id=family, version=1, author_id=dossier.coordinator_id,
                          danger_statement="Zorg om herhaling van geweld.")
        db.session.add(plan)
        db.session.flush()
        for membership in dossier.active_memberships:
            if membership.organisation.kind not in ("school", "steering"):
                db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=membership.organisation_id,
                                                      user_id=dossier.coordinator_id))
        db.session.commit()
    coordinator = as_user("regisseur")
    below = "ligt onder de drempel van 6"
    assert below in coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    review_id = open_review(coordinator, family)
    for username in ("regisseur", "politie", "ggz"):
        assert give_score(as_user(username), family, review_id, 6, "Afspraken worden nagekomen.").status_code == 302
    assert below in coordinator.get(f"/dossiers/{family}").get_data(as_text=True)  # an open review does not count
    assert close_review(coordinator, family, review_id, 6, "Veilig genoeg voor fase 2.").status_code == 302
    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    assert below not in page and "Er is nog geen veiligheidsplan" not in page
    with app.app_context():
        version = db.session.get(Dossier, family).version_id
    response = coordinator.post(f"/dossiers/{family}/stap", data={
        "event": "start_risk_care", "version": version, "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Dossier, family).state == "risk_care"


def test_closing_plans_the_next_review_when_none_was_pending(app, family, as_user):
    with app.app_context():
        for task in db.session.scalars(select(Task).where(Task.dossier_id == family, Task.kind == "safety_review",
                                                          Task.state.in_(("open", "accepted")))):
            force_state(task, "cancelled")
        db.session.commit()
        region_id = db.session.get(Dossier, family).region_id
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).task_id is None
    for partner in ("politie", "opvang"):
        assert give_score(as_user(partner), family, review_id, 5, "Score.").status_code == 302
    response = close_review(coordinator, family, review_id, 5, "Vastgesteld zonder geplande review.")
    assert response.status_code == 302
    with app.app_context():
        due = task_context(region_id).calendar.extend_to_working_day(clock.today() + timedelta(weeks=2))
    assert [task.due_on for task in pending_reviews(app, family)] == [due]
