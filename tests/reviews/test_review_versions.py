"""A partner score and a review carry a version: a second tab, or a form without its version, is
refused with the conflict page and the first save is kept."""
import pytest
from sqlalchemy import select, update

from mda.core.persistence import flush
from mda.errors import ConflictError

from mda.extensions import db
from mda.reviews.models import PartnerScore, SafetyReview
from tests.reviews.support import close_review, give_score, hidden, open_review, review_url
from tests.support.web import csrf_token


def test_a_second_tab_of_the_same_organisation_cannot_overwrite_its_score(app, family, as_user):
    coordinator, police = as_user("regisseur"), as_user("politie")
    review_id = open_review(coordinator, family)
    assert give_score(police, family, review_id, 6, "Eerste score.").status_code == 302
    tab_one = police.get(review_url(family, review_id)).get_data(as_text=True)
    tab_two = police.get(review_url(family, review_id)).get_data(as_text=True)
    assert give_score(police, family, review_id, 5, "Uit tab twee.",
                      version=hidden(tab_two, "version")).status_code == 302
    stale = police.post(review_url(family, review_id) + "/score", data={
        "csrf_token": csrf_token(tab_one), "score": "9", "rationale": "Uit tab een.",
        "version": hidden(tab_one, "version")})
    assert stale.status_code == 409 and "Uit tab een." in stale.get_data(as_text=True)
    with app.app_context():
        score = db.session.scalar(select(PartnerScore).where(PartnerScore.review_id == review_id))
        assert (score.score, score.rationale, score.version_id) == (5, "Uit tab twee.", 2)


def test_a_first_score_from_two_tabs_is_saved_once(app, family, as_user):
    coordinator, police = as_user("regisseur"), as_user("politie")
    review_id = open_review(coordinator, family)
    tab_one = police.get(review_url(family, review_id)).get_data(as_text=True)
    assert hidden(tab_one, "version") == "0"
    assert give_score(police, family, review_id, 4, "Eerste tab.").status_code == 302
    stale = give_score(police, family, review_id, 8, "Tweede tab.", version=hidden(tab_one, "version"))
    assert stale.status_code == 409
    with app.app_context():
        assert [(s.score, s.rationale) for s in db.session.scalars(
            select(PartnerScore).where(PartnerScore.review_id == review_id))] == [(4, "Eerste tab.")]


def test_a_close_without_the_review_version_is_refused(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    for version in ("", None):
        page = coordinator.get(review_url(family, review_id)).get_data(as_text=True)
        data = {"csrf_token": csrf_token(page), "team_score": "7", "team_rationale": "Zonder versie."}
        if version is not None:
            data["review_version"] = version
        response = coordinator.post(review_url(family, review_id) + "/afsluiten", data=data)
        assert response.status_code == 409 and "Zonder versie." in response.get_data(as_text=True)
    with app.app_context():
        review = db.session.get(SafetyReview, review_id)
        assert (review.status, review.team_score) == ("open", None)


def test_two_tabs_closing_the_same_review_keep_the_first_team_score(app, family, as_user):
    coordinator = as_user("regisseur")
    review_id = open_review(coordinator, family)
    for partner in ("politie", "ggz"):
        assert give_score(as_user(partner), family, review_id, 6, "Score.").status_code == 302
    tab_one = coordinator.get(review_url(family, review_id)).get_data(as_text=True)
    assert close_review(coordinator, family, review_id, 6, "Eerste tab.").status_code == 302
    stale = coordinator.post(review_url(family, review_id) + "/afsluiten", data={
        "csrf_token": csrf_token(tab_one), "team_score": "9", "team_rationale": "Tweede tab.",
        "review_version": hidden(tab_one, "review_version")})
    assert stale.status_code == 409
    with app.app_context():
        review = db.session.get(SafetyReview, review_id)
        assert (review.status, review.team_score, review.rationale) == ("closed", 6, "Eerste tab.")


def test_a_close_that_passed_its_check_while_another_saved_is_refused(app, family, as_user):
    """Two requests pass the version check at the same moment: the version column refuses the
    second one's write."""
    review_id = open_review(as_user("regisseur"), family)
    with app.test_request_context():
        review = db.session.get(SafetyReview, review_id)
        db.session.execute(update(SafetyReview).where(SafetyReview.id == review_id)
                           .values(version_id=review.version_id + 1).execution_options(synchronize_session=False))
        review.team_score = 3
        with pytest.raises(ConflictError):
            flush()
        db.session.rollback()  # the handler that shows the conflict page does (refuse_stale_write)
        assert db.session.get(SafetyReview, review_id).team_score is None
