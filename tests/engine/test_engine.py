"""The engine binds workflows/ to the rows: permission, guards, log, tasks, one flush."""
import ast
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mda.dossiers.models import TeamMembership
from mda.engine.core import available, fire
from mda.tasks.creation import create_tasks
from mda.casework.facts import case_facts
from mda.engine.machines import machine
from mda.engine.models import TransitionLog
from mda.errors import ConflictError, Refused
from mda.extensions import db
from mda.casework.models import SafetyAssessment
from mda.reviews.models import SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import Task
from tests import factories as make

TODAY = date(2026, 11, 24)


@pytest.fixture
def case(app_ctx):
    """A registered case: coordinator's local team, Veilig Thuis and police on the team."""
    made = make.team_case()
    dossier, vt_user = made["dossier"], made["vt_user"]
    dossier.signals[0].reported_on = TODAY  # the terms below count from this report, whatever today is
    make.accepted_application(dossier, vt_user)
    db.session.commit()
    return made


def assess(case, outcome="structural"):
    db.session.add(SafetyAssessment(dossier_id=case["dossier"].id, outcome=outcome, route="mda_plus",
                                    assessed_on=TODAY, organisation_id=case["vt"].id,
                                    author_id=case["vt_user"].id))
    db.session.flush()


def agree_plan_and_score(case, score=7):
    dossier = case["dossier"]
    plan = SafetyPlan(dossier_id=dossier.id, version=1, author_id=case["coordinator"].id)
    db.session.add(plan)
    db.session.flush()
    for membership in dossier.memberships:
        db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=membership.organisation_id,
                                              user_id=case["coordinator"].id))
    db.session.add(SafetyReview(dossier_id=dossier.id, phase="safety", held_on=TODAY, team_score=score,
                                author_id=case["coordinator"].id))
    db.session.flush()


def test_fire_moves_logs_and_creates_the_phase_tasks(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    assert fire(dossier, "start_assessment", coordinator, today=TODAY).state == "safety_assessment"
    log = db.session.scalars(select(TransitionLog)).one()
    assert (log.from_state, log.to_state, log.event, log.username) == (
        "registered", "safety_assessment", "start_assessment", "coord")
    task = db.session.scalars(select(Task)).one()
    assert task.kind == "safety_assessment" and task.organisation_id == case["vt"].id
    assert task.due_on == date(2026, 12, 1)  # 5 working days after the report of 24 November


def test_a_failing_guard_says_why_and_changes_nothing(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    version = dossier.version_id
    with pytest.raises(Refused) as refused:
        fire(dossier, "start_safety", coordinator, today=TODAY)
    assert any("assessment" in r.code for r in refused.value.reasons)
    assert dossier.state == "safety_assessment" and dossier.version_id == version
    assert db.session.scalar(select(func.count(TransitionLog.id))) == 1


def test_every_reason_is_given_at_once(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    action = next(a for a in available(dossier, coordinator, TODAY) if a.event == "start_risk_care")
    codes = {r.code for r in action.reasons}
    assert not action.allowed and {"no_safety_plan", "no_safety_score"} <= codes
    plan = SafetyPlan(dossier_id=dossier.id, version=1, author_id=coordinator.id)
    db.session.add(plan)
    db.session.flush()
    db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=case["team"].id, user_id=coordinator.id))
    db.session.flush()
    action = next(a for a in available(dossier, coordinator, TODAY) if a.event == "start_risk_care")
    unconfirmed = next(r for r in action.reasons if r.code == "safety_plan_unconfirmed")
    assert "Politie Test" in unconfirmed.nl and "Veilig Thuis Test" in unconfirmed.nl


def test_only_the_dossiers_coordinator_may_move_it(case):
    dossier = case["dossier"]
    other = make.user(case["team"], "collega", "coordinator")
    for user in (case["officer"], other):
        with pytest.raises(Refused) as refused:
            fire(dossier, "start_assessment", user, today=TODAY)
        assert any(r.code in ("not_case_coordinator", "role_not_permitted") for r in refused.value.reasons)
    assert dossier.state == "registered"
    assert all(not a.allowed for a in available(dossier, case["officer"], TODAY))


def test_stale_version_is_refused(case):
    dossier = case["dossier"]
    with pytest.raises(ConflictError):
        fire(dossier, "start_assessment", case["coordinator"], version=dossier.version_id + 1, today=TODAY)
    assert dossier.state == "registered"


def test_event_not_allowed_in_this_state(case):
    with pytest.raises(Refused) as refused:
        fire(case["dossier"], "close", case["coordinator"], today=TODAY)
    assert refused.value.reasons[0].code == "not_possible_in_state"


def test_phase_one_creates_contributions_rihg_and_handle_with_care(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    school = make.organisation(dossier.region, "Basisschool Test", "school")
    from mda.dossiers.models import Person
    db.session.add(Person(dossier=dossier, name="Kind Motor", role="child", date_of_birth=date(2017, 3, 1),
                          school_id=school.id))
    dossier.signals[0].police_callout = True
    db.session.flush()
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    kinds = sorted(t.kind for t in db.session.scalars(select(Task).where(Task.state == "open")))
    assert kinds.count("safety_plan_contribution") == 3
    assert "police_risk_assessment" in kinds and "safety_review" in kinds and "school_signal" in kinds
    signal_task = db.session.scalar(select(Task).where(Task.kind == "school_signal"))
    assert signal_task.organisation_id == school.id and signal_task.due_on == date(2026, 11, 25)
    # Only the child's name, date of birth and the code word; never the family or what happened.
    title = signal_task.title_nl
    assert "Kind Motor" in title and "01-03-2017" in title or "2017" in title
    assert "Gezin" not in signal_task.title_nl and "geweld" not in signal_task.title_nl.lower()


def test_relapse_goes_back_to_phase_one_without_duplicating_open_tasks(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    agree_plan_and_score(case)
    fire(dossier, "start_risk_care", coordinator, today=TODAY)
    open_before = db.session.scalar(select(func.count(Task.id)).where(Task.state == "open"))
    from mda.dossiers.operations import add_signal
    add_signal(coordinator, dossier, reported_on=TODAY, reporter_kind="police", violence_type="physical",
               acute=True, police_callout=False, description="Nieuw incident")
    assert dossier.state == "safety"
    relapse = db.session.scalar(select(TransitionLog).where(TransitionLog.event == "relapse"))
    assert "Nieuw incident" in relapse.reason and relapse.from_state == "risk_care"
    keys = [t.dedupe_key for t in db.session.scalars(select(Task).where(Task.state == "open"))]
    assert len(keys) == len(set(keys))
    assert db.session.scalar(select(func.count(Task.id)).where(Task.state == "open")) >= open_before
    plans = db.session.scalars(select(SafetyPlan).order_by(SafetyPlan.version)).all()
    assert [p.version for p in plans] == [1] and plans[0].confirmations  # the coordinator reopens it, not the step
    revision = db.session.scalars(select(Task).where(Task.kind == "safety_plan_revision")).one()
    assert revision.organisation_id == coordinator.organisation_id and revision.state == "open"


def test_relapse_needs_a_reason(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    with pytest.raises(Refused) as refused:
        fire(dossier, "relapse", coordinator, today=TODAY)
    assert refused.value.reasons[-1].code == "reason_required"


def test_create_tasks_is_idempotent(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    from workflows import tasks_on_entering
    from mda.orgs.calendar import task_context
    facts = case_facts(dossier, TODAY, state="safety")
    templates = tasks_on_entering("safety", facts, task_context(dossier.region_id))
    first = create_tasks(dossier, templates, coordinator, TODAY)
    db.session.flush()
    assert first and create_tasks(dossier, templates, coordinator, TODAY) == []


def test_task_lifecycle_through_the_engine(case):
    dossier, coordinator, officer = case["dossier"], case["coordinator"], case["officer"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    task = db.session.scalar(select(Task))
    with pytest.raises(Refused):
        fire(task, "accept", officer, today=TODAY)  # not the police's task
    fire(task, "decline", case["vt_user"], reason="Geen capaciteit deze week", today=TODAY)
    assert task.state == "declined" and task.decline_reason == "Geen capaciteit deze week"
    from mda.tasks.lifecycle import reassign
    with pytest.raises(Refused) as refused:  # a safety assessment is not police work
        reassign(task, coordinator, organisation_id=case["police"].id, due_on=TODAY, today=TODAY)
    assert [r.code for r in refused.value.reasons] == ["wrong_kind_of_organisation"]
    successor = reassign(task, coordinator, organisation_id=case["team"].id, due_on=TODAY, today=TODAY)
    assert task.state == "reassigned" and successor.state == "open" and successor.replaces_id == task.id
    fire(successor, "accept", coordinator, today=TODAY)
    with pytest.raises(Refused) as refused:
        fire(successor, "complete", coordinator, today=TODAY)
    assert refused.value.reasons[-1].code == "result_required"
    fire(successor, "complete", coordinator, result="Beoordeeld", today=TODAY)
    assert successor.state == "done" and successor.closed_at is not None


def test_team_invitation_lifecycle(case):
    dossier = case["dossier"]
    care = make.organisation(dossier.region, "GGZ Test", "care")
    therapist = make.user(care, "ggz")
    membership = TeamMembership(dossier=dossier, organisation_id=care.id, team_role="care",
                                legal_basis="consent", status="invited")
    db.session.add(membership)
    db.session.flush()
    with pytest.raises(Refused):
        fire(membership, "accept", case["officer"], today=TODAY)
    with pytest.raises(Refused) as refused:
        fire(membership, "decline", therapist, today=TODAY)
    assert refused.value.reasons[-1].code == "reason_required"
    fire(membership, "accept", therapist, today=TODAY)
    assert membership.status == "active" and membership.joined_on == TODAY


def test_the_machine_holds_no_models(case):
    fire(case["dossier"], "start_assessment", case["coordinator"], today=TODAY)
    for name in ("case", "task", "team_membership"):
        assert machine(name).models == []


def test_nobody_assigns_a_state_outside_the_engine():
    """State changes only through mda.engine (STYLE.md); scan the application's source."""
    root = Path(__file__).resolve().parents[2] / "mda"
    offenders = []
    for path in root.rglob("*.py"):
        if "engine" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AugAssign) else [])
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in ("state", "status"):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def test_a_phase_change_lapses_the_previous_phases_review(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    agree_plan_and_score(case)
    fire(dossier, "start_risk_care", coordinator, today=TODAY)
    reviews = db.session.scalars(select(Task).where(Task.kind == "safety_review").order_by(Task.id)).all()
    assert [(r.dedupe_key, r.state) for r in reviews] == [
        ("safety_review:safety", "cancelled"), ("safety_review:risk_care", "open")]


def test_reassign_refuses_a_due_date_before_today(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    task = db.session.scalar(select(Task))
    fire(task, "decline", case["vt_user"], reason="Geen capaciteit", today=TODAY)
    from mda.tasks.lifecycle import reassign
    with pytest.raises(Refused) as refused:
        reassign(task, coordinator, organisation_id=case["team"].id, due_on=date(2026, 11, 23),
                      today=TODAY)
    assert [r.nl for r in refused.value.reasons] == ["De uiterste datum kan niet vóór vandaag liggen."]
    assert task.state == "declined" and db.session.scalar(select(func.count(Task.id))) == 1


@pytest.fixture
def case_without_vt(app_ctx):
    """A registered case whose team has no Veilig Thuis yet; Veilig Thuis is invited later."""
    reg = make.region()
    team = make.organisation(reg, "Wijkteam Noord")
    vt = make.organisation(reg, "Veilig Thuis Test", "vt")
    police = make.organisation(reg, "Politie Test", "police")
    coordinator = make.user(team, "coord", "coordinator")
    vt_user = make.user(vt, "vt")
    dossier = make.dossier(coordinator, "Gezin Zonder", partners=[police])
    dossier.signals[0].reported_on = TODAY
    invitation = TeamMembership(dossier=dossier, organisation_id=vt.id, team_role="safety",
                                legal_basis="meldcode", status="invited")
    db.session.add(invitation)
    db.session.commit()
    return dict(dossier=dossier, coordinator=coordinator, vt=vt, vt_user=vt_user, team=team,
                invitation=invitation)


def test_veilig_thuis_joining_takes_over_the_assessment_task_of_the_fallback(case_without_vt):
    c = case_without_vt
    fire(c["dossier"], "start_assessment", c["coordinator"], today=TODAY)
    fallback = db.session.scalars(select(Task)).one()
    assert fallback.organisation_id == c["team"].id
    fire(c["invitation"], "accept", c["vt_user"], today=TODAY)
    assert fallback.state == "reassigned"
    successor = db.session.scalar(select(Task).where(Task.replaces_id == fallback.id))
    assert (successor.organisation_id, successor.state, successor.due_on) == (
        c["vt"].id, "open", date(2026, 12, 1))
    log = db.session.scalar(select(TransitionLog).where(TransitionLog.workflow == "task",
                                                        TransitionLog.event == "reassign"))
    assert log.username == "vt" and "neemt dit werk over" in log.reason


def test_recording_the_assessment_completes_the_task_whoever_holds_it(case_without_vt):
    c = case_without_vt
    fire(c["dossier"], "start_assessment", c["coordinator"], today=TODAY)
    from mda.casework.operations import record_assessment
    # Veilig Thuis sees the dossier through an accepted invitation only after the task was made:
    # simulate a task still held by the coordinator's organisation (e.g. handed back to it).
    fire(c["invitation"], "accept", c["vt_user"], today=TODAY)
    moved = db.session.scalar(select(Task).where(Task.state == "open"))
    from mda.tasks.lifecycle import reassign
    held = reassign(moved, c["coordinator"], organisation_id=c["team"].id, reason="terug", today=TODAY)
    record_assessment(c["vt_user"], c["dossier"], outcome="structural", route="mda_plus",
                      assessed_on=TODAY, explanation="Structureel onveilig.", today=TODAY)
    pending = db.session.scalars(select(Task).where(Task.kind == "safety_assessment",
                                                    Task.state.in_(("open", "accepted", "declined")))).all()
    assert pending == [] and held.state == "reassigned"
    done = db.session.scalar(select(Task).where(Task.kind == "safety_assessment", Task.state == "done"))
    assert done.organisation_id == c["vt"].id and done.result == "structureel onveilig"


def test_the_investigation_term_runs_from_the_assessment_date(case):
    from mda.casework.operations import record_assessment
    fire(case["dossier"], "start_assessment", case["coordinator"], today=TODAY)
    record_assessment(case["vt_user"], case["dossier"], outcome="acute", route="investigation",
                      assessed_on=date(2026, 11, 16), explanation="Onderzoek nodig.", today=TODAY)
    investigation = db.session.scalar(select(Task).where(Task.kind == "investigation"))
    assert investigation.due_on == date(2027, 1, 25)  # 10 weeks after 16 November, not after the 24th


def test_the_coordinator_ends_a_membership_and_the_open_tasks_come_back(case):
    dossier, coordinator = case["dossier"], case["coordinator"]
    fire(dossier, "start_assessment", coordinator, today=TODAY)
    assess(case)
    fire(dossier, "start_safety", coordinator, today=TODAY)
    police_tasks = db.session.scalars(select(Task).where(Task.organisation_id == case["police"].id)).all()
    assert {t.kind for t in police_tasks} == {"safety_plan_contribution", "police_risk_assessment"}
    membership = next(m for m in dossier.memberships if m.organisation_id == case["police"].id)
    with pytest.raises(Refused) as refused:
        fire(membership, "leave", coordinator, today=TODAY)
    assert refused.value.reasons[-1].code == "reason_required" and membership.status == "active"
    with pytest.raises(Refused):
        fire(membership, "leave", case["vt_user"], reason="Weg", today=TODAY)
    fire(membership, "leave", coordinator, reason="Geen politiezaak meer", today=TODAY)
    assert (membership.status, membership.left_on, membership.reason) == ("left", TODAY, "Geen politiezaak meer")
    assert all(t.state == "reassigned" for t in police_tasks)
    back = db.session.scalars(select(Task).where(Task.replaces_id.in_([t.id for t in police_tasks]))).all()
    assert len(back) == 2 and {t.organisation_id for t in back} == {case["team"].id}
    own = next(m for m in dossier.memberships if m.organisation_id == case["team"].id)
    with pytest.raises(Refused) as refused:
        fire(own, "leave", coordinator, reason="Weg", today=TODAY)
    assert refused.value.reasons[-1].code == "coordinator_org_stays" and own.status == "active"
