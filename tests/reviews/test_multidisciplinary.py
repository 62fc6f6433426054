"""The safety score is multidisciplinary: partners are asked to score when a review opens, a team
score needs the scores of the region's number of partner organisations besides the coordinator's,
a family has one review a day at most, and closing counts only such reviews, far enough apart."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mda.core import clock
from mda.core.persistence import flush
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.core import fire
from mda.errors import ConflictError, RuleError
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.auth.models import User
from mda.orgs.models import Organisation, Region
from mda.reviews import operations as ops
from mda.reviews.models import PartnerScore, SafetyReview
from mda.tasks.models import Task
from tests import factories as make
from tests.reviews.support import close_review, give_score, open_review, review_url
from tests.support.web import csrf_token, login, post_form

PARTNERS = {"Veilig Thuis Regio Voorbeeld", "Politie Eenheid Voorbeeld", "GGZ Voorbeeld", "Blijf Groep Voorbeeld"}


def score_tasks(app, review_id):
    with app.app_context():
        rows = db.session.execute(select(Organisation.name, Task.state, Task.id).join(
            Organisation, Organisation.id == Task.organisation_id).where(
            Task.kind == "safety_score", Task.dedupe_key.startswith(f"safety_score:{review_id}:")))
        return {name: (state, task_id) for name, state, task_id in rows}


def test_opening_a_review_asks_every_partner_to_score(app, family, as_user):
    review_id = open_review(as_user("regisseur"), family)
    tasks = score_tasks(app, review_id)
    assert set(tasks) == PARTNERS  # not the coordinator's own team, which sets the team score
    assert {state for state, _ in tasks.values()} == {"open"}
    with app.app_context():
        told = dict(db.session.execute(
            select(User.username, InboxItem.url).join(User, User.id == InboxItem.user_id)
            .where(InboxItem.kind == "score_requested", InboxItem.dossier_id == family)).all())
    assert set(told) == {"veiligthuis", "politie", "ggz", "opvang"}
    assert set(told.values()) == {review_url(family, review_id)}

    police = as_user("politie")
    listing = police.get("/taken").get_data(as_text=True)
    assert "Veiligheidsscore geven voor de evaluatie van" in listing
    page = police.get(f"/taken/{tasks['Politie Eenheid Voorbeeld'][1]}").get_data(as_text=True)
    assert f'href="{review_url(family, review_id)}"' in page and "Naar de evaluatie" in page


def test_giving_the_score_completes_the_task_and_nothing_else_does(app, family, as_user):
    review_id = open_review(as_user("regisseur"), family)
    police = as_user("politie")
    task_id = score_tasks(app, review_id)["Politie Eenheid Voorbeeld"][1]
    post_form(police, f"/taken/{task_id}", {"event": "accept", "version": "1"})
    refused = post_form(police, f"/taken/{task_id}", {"event": "complete", "version": "2", "result": "Gedaan."})
    assert refused.status_code == 422
    assert "Deze taak rondt u af door de veiligheidsscore van uw organisatie te geven in de evaluatie." in \
        refused.get_data(as_text=True)
    assert give_score(police, family, review_id, 6, "Geen nieuwe meldingen.").status_code == 302
    tasks = score_tasks(app, review_id)
    assert tasks["Politie Eenheid Voorbeeld"][0] == "done"
    assert tasks["GGZ Voorbeeld"][0] == "open"


def test_a_team_score_without_enough_partner_scores_is_refused(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    assert give_score(coordinator, family, review_id, 9, "Het gaat goed.").status_code == 302
    assert give_score(as_user("politie"), family, review_id, 7, "Rustig.").status_code == 302
    page = coordinator.get(review_url(family, review_id)).get_data(as_text=True)
    assert "Partnerorganisaties naast die van de casusregisseur die een score gaven: 1" in page

    response = close_review(coordinator, family, review_id, 9, "Alleen door mij vastgesteld.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Voor een teamscore zijn de scores nodig van minstens 2 partnerorganisaties naast uw eigen organisatie; "
            "tot nu toe gaven er 1 een score. Nog geen score van: Blijf Groep Voorbeeld, GGZ Voorbeeld, "
            "Veilig Thuis Regio Voorbeeld.") in html
    assert "Alleen door mij vastgesteld." in html and 'href="#team_score"' in html
    with app.app_context():
        assert db.session.get(SafetyReview, review_id).status == "open"

    assert give_score(as_user("ggz"), family, review_id, 8, "Behandeling loopt.").status_code == 302
    assert close_review(coordinator, family, review_id, 8, "Samen vastgesteld.").status_code == 302
    tasks = score_tasks(app, review_id)
    assert {name: state for name, (state, _) in tasks.items()} == {
        "Politie Eenheid Voorbeeld": "done", "GGZ Voorbeeld": "done",
        "Veilig Thuis Regio Voorbeeld": "cancelled", "Blijf Groep Voorbeeld": "cancelled"}


def test_a_team_too_small_to_score_is_told_so(app, family, as_user):
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        dossier.region.review_partner_minimum = 5
        db.session.commit()
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    response = close_review(coordinator, family, review_id, 5, "Vastgesteld.")
    assert response.status_code == 422
    assert "maar in het team kunnen er maar 4 een score geven" in response.get_data(as_text=True)


def test_one_review_per_family_per_day(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    for partner in ("politie", "ggz"):
        give_score(as_user(partner), family, review_id, 5, "Score.")
    assert close_review(coordinator, family, review_id, 5, "Vastgesteld.").status_code == 302

    page = coordinator.get(f"/dossiers/{family}").get_data(as_text=True)
    assert "Vandaag is er al een evaluatie gehouden; de volgende kan morgen worden geopend." in page
    assert "Evaluatie veiligheidsscore openen" not in page
    response = coordinator.post(f"/dossiers/{family}/veiligheidsscores/nieuw", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    html = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Voor dit gezin is vandaag al een evaluatie van de veiligheidsscore gehouden." in html
    with app.app_context():
        assert db.session.scalars(select(SafetyReview.id).where(
            SafetyReview.dossier_id == family, SafetyReview.held_on == clock.today())).all() == [review_id]
        dossier = db.session.get(Dossier, family)
        with pytest.raises(RuleError) as refused:
            ops.open_review(dossier.coordinator, dossier)
        assert refused.value.message == ops.SAME_DAY
        tomorrow = ops.open_review(dossier.coordinator, dossier, today=clock.today() + timedelta(days=1))
        assert tomorrow.status == "open"


def test_the_database_keeps_one_review_per_family_per_day(app, family):
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        today = clock.today()
        db.session.add(SafetyReview(dossier_id=family, phase="safety", held_on=today, team_score=5,
                                    author_id=dossier.coordinator_id))
        flush()
        db.session.add(SafetyReview(dossier_id=family, phase="safety", held_on=today, team_score=9,
                                    author_id=dossier.coordinator_id))
        with pytest.raises(ConflictError):
            flush()
    with app.app_context():  # a review kept from before the rule, marked superseded, may share its day
        dossier = db.session.get(Dossier, family)
        for superseded in (True, False):
            db.session.add(SafetyReview(dossier_id=family, phase="safety", held_on=clock.today(), team_score=5,
                                        author_id=dossier.coordinator_id, superseded=superseded))
        flush()


def test_a_partner_joining_during_an_open_review_is_asked_to_score(app, family, as_user):
    review_id = open_review(as_user("regisseur"), family)
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        probation = db.session.scalar(select(Organisation).where(Organisation.kind == "probation"))
        dossier.memberships.append(TeamMembership(organisation_id=probation.id, team_role="justice",
                                                  legal_basis="court_order", status="invited"))
        db.session.flush()
        invitation = dossier.memberships[-1]
        fire(invitation, "accept", db.session.scalar(select(User).where(User.username == "reclassering")))
        db.session.commit()
    assert score_tasks(app, review_id)["Reclassering Voorbeeld"][0] == "open"


@pytest.fixture
def visser(app, demo):
    """Gezin Visser is in monitoring; its latest review (a team score of 8, with Veilig Thuis and
    the GGZ scoring) was weeks ago. The local team holds zicht op veiligheid."""
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Visser"))
        make.accepted_handover(dossier, dossier.coordinator.organisation)
        db.session.commit()
        return dossier.id


def close_case(client, dossier_id):
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    with client.application.app_context():
        version = db.session.get(Dossier, dossier_id).version_id
    return client.post(f"/dossiers/{dossier_id}/stap", data={
        "event": "close", "version": version, "csrf_token": csrf_token(page)})


def test_the_coordinator_alone_cannot_score_a_case_closed(app, visser, as_user):
    """Two team scores of 9 by the coordinator alone (as before the rule; they are not counted),
    then one multidisciplinary 9 today: closing still waits for the next counted review."""
    with app.app_context():
        dossier = db.session.get(Dossier, visser)
        for days_ago in (3, 2):
            db.session.add(SafetyReview(dossier_id=visser, phase="monitoring", team_score=9,
                                        held_on=clock.today() - timedelta(days=days_ago),
                                        author_id=dossier.coordinator_id))
        db.session.commit()
    coordinator = as_user("regisseur")
    response = close_case(coordinator, visser)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "te weinig partnerscores" in html
    with app.app_context():
        assert db.session.get(Dossier, visser).state == "monitoring"

    review_id = open_review(coordinator, visser)
    for partner in ("veiligthuis", "ggz"):
        assert give_score(as_user(partner), visser, review_id, 9, "Stabiel.").status_code == 302
    assert close_review(coordinator, visser, review_id, 9, "Samen vastgesteld.").status_code == 302
    response = close_case(coordinator, visser)
    assert response.status_code == 302, response.get_data(as_text=True)  # 8 and then 9, weeks apart
    with app.app_context():
        assert db.session.get(Dossier, visser).state == "closed"


def test_closing_waits_for_the_regions_interval(app, visser, as_user):
    with app.app_context():
        region = db.session.get(Dossier, visser).region
        latest = db.session.scalar(select(SafetyReview.held_on).where(SafetyReview.dossier_id == visser)
                                   .order_by(SafetyReview.held_on.desc()).limit(1))
        region.closing_review_gap_days = (clock.today() - latest).days + 7
        db.session.commit()
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, visser)
    for partner in ("veiligthuis", "ggz"):
        give_score(as_user(partner), visser, review_id, 9, "Stabiel.")
    close_review(coordinator, visser, review_id, 9, "Samen vastgesteld.")
    response = close_case(coordinator, visser)
    assert response.status_code == 422
    assert "de volgende evaluatie die meetelt kan vanaf" in response.get_data(as_text=True)


@pytest.fixture
def admin(app, demo):
    client = app.test_client()
    login(client, "beheer")
    return client


def test_the_administrator_sets_the_regions_review_rules(app, admin, family, as_user):
    path = "/beheer/veiligheidsscores"
    page = admin.get(path).get_data(as_text=True)
    assert 'name="partner_minimum" type="number" value="2"' in page or 'value="2"' in page
    for values, message in (({"partner_minimum": "0", "closing_gap_days": "42"},
                             "Vul een aantal organisaties in van 1 tot en met 10."),
                            ({"partner_minimum": "2", "closing_gap_days": "7"},
                             "Vul een aantal dagen in van 14 tot en met 365."),
                            ({"partner_minimum": "twee", "closing_gap_days": "42"},
                             "Vul een aantal organisaties in van 1 tot en met 10.")):
        response = post_form(admin, path, values)
        assert response.status_code == 422 and message in response.get_data(as_text=True), values
    assert post_form(admin, path, {"partner_minimum": "3", "closing_gap_days": "56"}).status_code == 302
    with app.app_context():
        region = db.session.scalar(select(Region).where(Region.name == "Regio Voorbeeld"))
        assert (region.review_partner_minimum, region.closing_review_gap_days) == (3, 56)
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    for partner in ("politie", "ggz"):
        give_score(as_user(partner), family, review_id, 6, "Score.")
    response = close_review(coordinator, family, review_id, 6, "Vastgesteld.")
    assert response.status_code == 422 and "minstens 3 partnerorganisaties" in response.get_data(as_text=True)
    assert as_user("regisseur").get(path).status_code == 404


def test_partner_scores_are_counted_without_the_coordinators_own(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    for username in ("regisseur", "politie", "ggz"):
        give_score(as_user(username), family, review_id, 7, "Score.")
    close_review(coordinator, family, review_id, 7, "Vastgesteld.")
    with app.app_context():
        from mda.casework.facts import case_facts
        facts = case_facts(db.session.get(Dossier, family))
        assert facts.latest_score.partners == 2
        assert db.session.scalar(select(PartnerScore.id).where(PartnerScore.review_id == review_id)) is not None


def test_a_partner_leaving_during_an_open_review_no_longer_scores(app, family, as_user):
    review_id = open_review(as_user("regisseur"), family)
    with app.app_context():
        dossier = db.session.get(Dossier, family)
        shelter = next(m for m in dossier.memberships if m.organisation.name == "Blijf Groep Voorbeeld")
        fire(shelter, "leave", dossier.coordinator, reason="De opvang is afgerond.")
        db.session.commit()
        coordinators = dossier.coordinator.organisation_id
        handed_back = db.session.scalar(select(Task.id).where(
            Task.dossier_id == family, Task.kind == "safety_score", Task.organisation_id == coordinators))
    assert score_tasks(app, review_id)["Blijf Groep Voorbeeld"][0] == "cancelled"
    assert handed_back is None
