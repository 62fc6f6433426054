"""A closed or handed-over dossier is kept and read, not changed: every operation refuses it
itself, whoever calls it, with a message and a refused access-log entry."""
from datetime import date

import pytest
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.careplan import operations as careplan
from mda.casework import operations as casework
from mda.conferences import operations as conferences
from mda.dossiers import operations as dossiers
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.errors import Refused, RuleError
from mda.extensions import db
from mda.casework.models import SafetyAssessment
from mda.reviews import operations as reviews
from mda.reviews import orders
from mda.safetyplan import operations as safetyplan
from mda.tasks.models import Task
from tests.support.web import login, post_form

DAY = date(2024, 3, 4)


def closed_dossier():
    return db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Smit"))


def user(name):
    return db.session.scalar(select(User).where(User.username == name))


def assessments(dossier_id):
    return db.session.scalar(select(func.count(SafetyAssessment.id)).where(SafetyAssessment.dossier_id == dossier_id))


def test_veilig_thuis_cannot_post_an_assessment_to_a_closed_dossier(app, client, demo):
    with app.app_context():
        dossier = closed_dossier()
        dossier_id, before = dossier.id, assessments(dossier.id)
        assert dossier.state == "closed"
    login(client, "veiligthuis")
    response = post_form(client, f"/dossiers/{dossier_id}/veiligheidsbeoordeling", {
        "outcome": "acute", "route": "investigation", "assessed_on": DAY.isoformat(),
        "explanation": "Na afsluiting."})
    assert response.status_code == 422
    assert "Dit dossier is afgesloten of overgedragen" in response.get_data(as_text=True)
    with app.app_context():
        assert assessments(dossier_id) == before
        assert db.session.scalar(select(AccessLogEntry.outcome).where(
            AccessLogEntry.dossier_id == dossier_id, AccessLogEntry.object == "assessment.record")
            .order_by(AccessLogEntry.id.desc()).limit(1)) == "denied"


def operations_on(dossier, coordinator, vt):
    """Each operation that changes the dossier's content, called directly, bypassing every form."""
    return {
        "assessment": lambda: casework.record_assessment(vt, dossier, outcome="acute", route="investigation",
                                                         assessed_on=DAY, explanation="x", today=DAY),
        "safety holder": lambda: casework.set_safety_holder(coordinator, dossier, organisation_id=vt.organisation_id,
                                                            since=DAY, version=dossier.version_id),
        "dossier": lambda: dossiers.update_dossier(coordinator, dossier, version=dossier.version_id,
                                                   reference="Ander", summary=""),
        "person": lambda: dossiers.add_person(coordinator, dossier, name="Nieuw", role="network"),
        "note": lambda: dossiers.add_note(coordinator, dossier, kind="fact", body="x", person_id=None),
        "team": lambda: dossiers.add_team_member(coordinator, dossier, organisation_id=vt.organisation_id,
                                                 team_role="support", legal_basis="meldcode"),
        "safety plan": lambda: safetyplan.save_version(
            coordinator, dossier, based_on=safetyplan.load_version(dossier.id).version,
            parts={"danger_statement": "anders"}, internal_notes="", change_summary="", agreements=[], today=DAY),
        "confirmation": lambda: safetyplan.confirm(coordinator, dossier,
                                                   version=safetyplan.load_version(dossier.id).version, today=DAY),
        "review": lambda: reviews.open_review(coordinator, dossier, today=DAY),
        "risk assessment": lambda: reviews.record_risk_assessment(
            coordinator, dossier, instrument="other", assessed_on=DAY, level="low", outcome="x", today=DAY),
        "restraining order": lambda: orders.impose(coordinator, dossier, imposed_on=DAY, today=DAY),
        "care goal": lambda: careplan.add_goal(coordinator, dossier, person_id=dossier.persons[0].id, kind="recovery",
                                               risk_factor=None, description="x", health_related=False),
        "treatment": lambda: careplan.treat(coordinator, dossier, dossier.persons[0], today=DAY),
        "conference": lambda: conferences.plan_conference(coordinator, dossier, {}),
    }


@pytest.mark.parametrize("operation", list(operations_on(None, None, None)))
def test_every_operation_refuses_a_closed_dossier(app_ctx, demo, operation):
    dossier = closed_dossier()
    coordinator = dossier.coordinator
    before = (dossier.reference, len(dossier.persons), len(dossier.memberships), dossier.safety_holder_id)
    with pytest.raises(RuleError) as refused:
        operations_on(dossier, coordinator, user("veiligthuis"))[operation]()
    assert "afgesloten" in str(refused.value.message) or "beëindigd" in str(refused.value.message)
    assert (dossier.reference, len(dossier.persons), len(dossier.memberships), dossier.safety_holder_id) == before
    assert db.session.scalar(select(AccessLogEntry.outcome).where(AccessLogEntry.dossier_id == dossier.id)
                             .order_by(AccessLogEntry.id.desc()).limit(1)) == "denied"


def test_the_legal_hold_stays_possible_on_a_closed_dossier(app_ctx, demo):
    dossier = closed_dossier()
    casework.set_legal_hold(dossier.coordinator, dossier, until=date(2040, 1, 1), reason="Jongste kind 18",
                            version=dossier.version_id)
    assert dossier.legal_hold_until == date(2040, 1, 1)


def test_the_engine_refuses_task_steps_on_a_closed_dossier_but_lets_left_over_work_be_withdrawn(app_ctx, demo):
    dossier = closed_dossier()
    coordinator = dossier.coordinator
    task = Task(dossier_id=dossier.id, kind="other", title_nl="Nog open", title_en="Still open",
                organisation_id=coordinator.organisation_id, start_on=DAY, due_on=DAY)
    db.session.add(task)
    db.session.flush()
    with pytest.raises(Refused) as refused:
        fire(task, "accept", coordinator, today=DAY)
    assert "dossier_ended" in [r.code for r in refused.value.reasons] and task.state == "open"
    fire(task, "cancel", coordinator, reason="Dossier afgesloten", today=DAY)
    assert task.state == "cancelled"
