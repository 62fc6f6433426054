"""A care goal's evaluation and a person's screenings carry a version: a second tab, or a form
without its version, is refused with the conflict page and the first save is kept."""
import pytest
from sqlalchemy import select, update

from mda.core import clock
from mda.core.persistence import flush
from mda.errors import ConflictError
from mda.extensions import db
from mda.careplan.models import CareGoal, TraumaScreening
from tests.careplan.test_careplan import HIDDEN, as_user, ids, submit


def kowalski_goal(app):
    dossier_id, people = ids(app, "Gezin Kowalski")
    with app.app_context():
        goal_id = db.session.scalar(select(CareGoal.id).where(CareGoal.dossier_id == dossier_id,
                                                              CareGoal.person_id == people["Julia"]))
    return dossier_id, goal_id, f"/dossiers/{dossier_id}/zorgplan/doelen/{goal_id}/evaluatie"


def test_two_tabs_evaluating_a_goal_keep_the_first_evaluation(app, demo):
    _dossier_id, goal_id, path = kowalski_goal(app)
    first, second = as_user(app, "ggz"), as_user(app, "regisseur")
    tab = dict(HIDDEN.findall(second.get(path).get_data(as_text=True)))
    assert tab["version"] == "1"
    saved = submit(first, path, {"evaluation": "achieved", "evaluation_note": "Doel behaald.",
                                 "evaluated_on": clock.today().isoformat()})
    assert saved.status_code == 302
    stale = second.post(path, data={**tab, "evaluation": "not_achieved", "evaluation_note": "Niet behaald.",
                                    "evaluated_on": clock.today().isoformat()})
    assert stale.status_code == 409 and "Niet behaald." in stale.get_data(as_text=True)
    with app.app_context():
        goal = db.session.get(CareGoal, goal_id)
        assert (goal.evaluation, goal.evaluation_note, goal.version_id) == ("achieved", "Doel behaald.", 2)


@pytest.mark.parametrize("version", ["", None])
def test_an_evaluation_without_the_goal_version_is_refused(app, demo, version):
    _dossier_id, goal_id, path = kowalski_goal(app)
    client = as_user(app, "ggz")
    hidden = dict(HIDDEN.findall(client.get(path).get_data(as_text=True)))
    hidden.pop("version")
    data = {**hidden, "evaluation": "partly", "evaluation_note": "Zonder versie.",
            "evaluated_on": clock.today().isoformat()}
    if version is not None:
        data["version"] = version
    response = client.post(path, data=data)
    assert response.status_code == 409 and "Zonder versie." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CareGoal, goal_id).evaluation_note != "Zonder versie."


def test_an_evaluation_that_passed_its_check_while_another_saved_is_refused(app, demo):
    """Two requests pass the version check at the same moment: the version column refuses the
    second one's write."""
    _dossier_id, goal_id, _path = kowalski_goal(app)
    with app.test_request_context():
        goal = db.session.get(CareGoal, goal_id)
        db.session.execute(update(CareGoal).where(CareGoal.id == goal_id)
                           .values(version_id=goal.version_id + 1).execution_options(synchronize_session=False))
        goal.evaluation_note = "Later."
        with pytest.raises(ConflictError):
            flush()
        db.session.rollback()  # the handler that shows the conflict page does (refuse_stale_write)
        assert db.session.get(CareGoal, goal_id).evaluation_note != "Later."


def test_a_screening_without_its_version_is_refused(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    path = f"/dossiers/{dossier_id}/traumascreening/{people['Tomasz']}"
    client = as_user(app, "ggz")
    hidden = dict(HIDDEN.findall(client.get(path).get_data(as_text=True)))
    assert hidden.pop("version") == "0"
    response = client.post(path, data={**hidden, "status": "postponed", "screened_on": clock.today().isoformat(),
                                       "reason": "Zonder versie."})
    assert response.status_code == 409 and "Zonder versie." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TraumaScreening.id).where(
            TraumaScreening.dossier_id == dossier_id, TraumaScreening.person_id == people["Tomasz"])) is None
