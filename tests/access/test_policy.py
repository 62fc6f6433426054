"""Unit tests of the authorisation rules: one scope query, one ``can``; deny by default."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mda.access import Action, can, visible_dossiers, visible_tasks
from mda.access.policy import COORDINATOR_ACTIONS, HEALTH_ACTIONS, MEMBER_ACTIONS, health_dossiers
from mda.core import clock
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.tasks.models import Task
from mda.engine.protection import force_state
from tests import factories as make


def visible_ids(user, **form):
    return set(db.session.scalars(visible_dossiers(user, **form).with_only_columns(Dossier.id)))


def health_ids(user):
    return set(db.session.scalars(health_dossiers(user)))


def task_ids(user):
    """The tasks ``user`` sees; checks on the way that the scope of their organisation's own tasks
    (``own=True``, the work list) is exactly those of them."""
    rows = db.session.execute(visible_tasks(user).with_only_columns(Task.id, Task.organisation_id)).all()
    own = set(db.session.scalars(visible_tasks(user, own=True).with_only_columns(Task.id)))
    assert own == {task_id for task_id, organisation_id in rows if organisation_id == user.organisation_id}
    return {task_id for task_id, _ in rows}


def test_a_dossier_of_another_region_is_never_visible_even_with_a_membership_made_in_the_database(app_ctx):
    """The app only puts the region's organisations on a team and grants emergency access within
    the region; the scope says so too, which also lets the lists walk one region's dossiers."""
    here, there = make.region("Regio Hier"), make.region("Regio Daar")
    team_here, team_there = make.organisation(here, "Wijkteam Hier"), make.organisation(there, "Wijkteam Daar")
    police = make.organisation(here, "Politie Hier", "police")
    coordinator = make.user(team_here, "coord-hier", "coordinator")
    officer = make.user(police, "agent-hier")
    own = make.dossier(coordinator, "Gezin Hier", partners=[police])
    elsewhere = make.dossier(make.user(team_there, "coord-daar", "coordinator"), "Gezin Daar", partners=[police])
    elsewhere.coordinator_id = coordinator.id  # as if a coordinator moved region with their dossiers
    db.session.flush()

    assert visible_ids(officer) == {own.id}
    assert visible_ids(coordinator) == {own.id}
    assert elsewhere.id not in health_ids(coordinator)


def test_partner_sees_only_dossiers_whose_team_includes_its_organisation(app_ctx):
    reg = make.region()
    team_a, team_b = make.organisation(reg, "Wijkteam A"), make.organisation(reg, "Wijkteam B")
    police = make.organisation(reg, "Politie", "police")
    coordinator_a = make.user(team_a, "coord-a", "coordinator")
    coordinator_b = make.user(team_b, "coord-b", "coordinator")
    officer = make.user(police, "agent")
    shared = make.dossier(coordinator_a, "Gezin Een", partners=[police])
    other = make.dossier(coordinator_b, "Gezin Twee")

    assert visible_ids(officer) == {shared.id}
    assert visible_ids(coordinator_a) == {shared.id}
    assert visible_ids(coordinator_b) == {other.id}
    assert can(officer, "dossier.view", shared)
    assert not can(officer, "dossier.view", other)


def test_only_the_dossiers_coordinator_may_change_it(app_ctx):
    reg = make.region()
    team = make.organisation(reg, "Wijkteam A")
    police = make.organisation(reg, "Politie", "police")
    coordinator = make.user(team, "coord", "coordinator")
    colleague = make.user(team, "colleague", "professional")
    officer = make.user(police, "agent")
    dossier = make.dossier(coordinator, "Gezin Een", partners=[police])

    for action in ("dossier.edit", "person.add", "team.manage", "accesslog.view"):
        assert can(coordinator, action, dossier)
        assert not can(officer, action, dossier)
        assert not can(colleague, action, dossier)
    assert can(officer, "note.add", dossier)
    # A signal: the coordinator, the police on the team (Handle with Care) and Veilig Thuis on the
    # team (the reports that come in), nobody else.
    assert can(coordinator, "signal.add", dossier) and can(officer, "signal.add", dossier)
    assert not can(colleague, "signal.add", dossier)
    assert not can(officer, "signal.add", make.dossier(coordinator, "Gezin Twee"))
    vt_worker = make.user(make.organisation(reg, "Veilig Thuis", "vt"), "vt")
    assert not can(vt_worker, "signal.add", dossier)
    assert can(vt_worker, "signal.add", make.dossier(coordinator, "Gezin Drie", partners=[vt_worker.organisation]))
    assert can(colleague, "dossier.view", dossier)


def test_left_or_invited_partners_do_not_see_the_dossier(app_ctx):
    reg = make.region()
    team = make.organisation(reg, "Wijkteam A")
    police = make.organisation(reg, "Politie", "police")
    coordinator = make.user(team, "coord", "coordinator")
    officer = make.user(police, "agent")
    dossier = make.dossier(coordinator, "Gezin Een", partners=[police])
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.organisation_id == police.id))
    for status in ("invited", "declined", "left"):
        force_state(membership, status)
        db.session.flush()
        assert not can(officer, "dossier.view", dossier)
        assert visible_ids(officer) == set()


def test_deny_by_default(app_ctx):
    reg = make.region()
    team = make.organisation(reg, "Wijkteam A")
    coordinator = make.user(team, "coord", "coordinator")
    dossier = make.dossier(coordinator, "Gezin Een")
    school = make.user(make.organisation(reg, "School", "school"), "juf", "coordinator")
    steering = make.user(make.organisation(reg, "Stuurgroep", "steering"), "stuur", "steering")
    admin = make.user(team, "admin", "admin")
    inactive = make.user(team, "oud", "coordinator", active=False)

    assert not can(coordinator, "dossier.view", None)
    assert not can(coordinator, "dossier.view", "not a dossier")
    for user in (school, steering, admin):
        assert visible_ids(user) == set()
        assert not can(user, "dossier.view", dossier)
        assert not can(user, "dossier.create")
    assert not can(inactive, "dossier.create")
    assert can(coordinator, "dossier.create")
    for action in Action:  # every named action: refused to nobody in particular, never an error
        assert not can(None, action, dossier)
        assert not can(steering, action, dossier)


@pytest.mark.parametrize("action", ["dossier.delete", "dossier.veiw", "Dossier.View", "", "plan_edit"])
def test_a_misspelt_action_raises_instead_of_denying(app_ctx, action):
    reg = make.region()
    coordinator = make.user(make.organisation(reg, "Wijkteam A"), "coord", "coordinator")
    dossier = make.dossier(coordinator, "Gezin Een")
    with pytest.raises(ValueError, match="not a valid Action"):
        can(coordinator, action, dossier)
    with pytest.raises(ValueError):
        can(None, action)


def test_the_action_sets_hold_named_actions_only(app_ctx):
    for actions in (COORDINATOR_ACTIONS, MEMBER_ACTIONS, HEALTH_ACTIONS):
        assert all(isinstance(action, Action) for action in actions)
    assert not COORDINATOR_ACTIONS & MEMBER_ACTIONS and not MEMBER_ACTIONS & HEALTH_ACTIONS
    assert Action("plan.edit") is Action.PLAN_EDIT


def test_veilig_thuis_sets_the_safety_conditions_else_the_coordinator(app_ctx):
    reg = make.region()
    team, vt = make.organisation(reg, "Wijkteam A"), make.organisation(reg, "Veilig Thuis", "vt")
    police = make.organisation(reg, "Politie", "police")
    coordinator = make.user(team, "coord", "coordinator")
    worker, officer = make.user(vt, "vt"), make.user(police, "agent")
    other_vt = make.user(make.organisation(reg, "Veilig Thuis B", "vt"), "vt-b")
    with_vt = make.dossier(coordinator, "Gezin Een", partners=[vt, police])
    without_vt = make.dossier(coordinator, "Gezin Twee", partners=[police])

    assert can(worker, Action.SAFETY_CONDITIONS_SET, with_vt)
    assert not can(coordinator, Action.SAFETY_CONDITIONS_SET, with_vt)
    assert not can(officer, Action.SAFETY_CONDITIONS_SET, with_vt)
    assert not can(other_vt, Action.SAFETY_CONDITIONS_SET, with_vt)  # Veilig Thuis, but not on this team
    assert can(coordinator, Action.SAFETY_CONDITIONS_SET, without_vt)
    assert not can(officer, Action.SAFETY_CONDITIONS_SET, without_vt)
    assert not can(worker, Action.SAFETY_CONDITIONS_SET, without_vt)
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.organisation_id == vt.id))
    force_state(membership, "left")  # Veilig Thuis left the team: the coordinator sets them again
    db.session.flush()
    db.session.expire(with_vt, ["memberships"])
    assert can(coordinator, Action.SAFETY_CONDITIONS_SET, with_vt)
    assert not can(worker, Action.SAFETY_CONDITIONS_SET, with_vt)


def test_health_work_goes_only_to_care_partners(app_ctx):
    reg = make.region()
    team, care = make.organisation(reg, "Wijkteam A"), make.organisation(reg, "GGZ", "care")
    police, school = make.organisation(reg, "Politie", "police"), make.organisation(reg, "School", "school")
    coordinator = make.user(team, "coord", "coordinator")
    janitor = make.user(school, "conciërge")

    assert can(coordinator, Action.HEALTH_WORK_GIVE, care)
    for organisation in (team, police, school):
        assert not can(coordinator, Action.HEALTH_WORK_GIVE, organisation)
    assert not can(coordinator, Action.HEALTH_WORK_GIVE, None)
    assert not can(coordinator, Action.HEALTH_WORK_GIVE, make.dossier(coordinator, "Gezin Een"))
    assert not can(janitor, Action.HEALTH_WORK_GIVE, care)  # nobody outside case work gives work


def test_only_an_administrator_administers_the_region(app_ctx):
    reg = make.region()
    team = make.organisation(reg, "Wijkteam A")
    steering_group = make.organisation(reg, "Stuurgroep", "steering")
    admin, former = make.user(team, "beheer", "admin"), make.user(team, "oud", "admin", active=False)
    assert can(admin, Action.REGION_ADMINISTER)
    assert not can(former, Action.REGION_ADMINISTER)
    for user in (make.user(team, "coord", "coordinator"), make.user(team, "collega"),
                 make.user(steering_group, "stuur", "steering"), None):
        assert not can(user, Action.REGION_ADMINISTER)


def test_health_tasks_reach_only_whoever_may_see_the_dossiers_health_data(app_ctx):
    reg = make.region()
    team, care = make.organisation(reg, "Wijkteam A"), make.organisation(reg, "GGZ", "care")
    police = make.organisation(reg, "Politie", "police")
    coordinator = make.user(team, "coord", "coordinator")
    colleagues = (make.user(team, "collega"), make.user(team, "coord-b", "coordinator"))
    therapist, officer = make.user(care, "ggz"), make.user(police, "agent")
    dossier = make.dossier(coordinator, "Gezin Een", partners=[care, police])

    def task(kind, org):
        row = Task(dossier_id=dossier.id, kind=kind, organisation_id=org.id, title_nl=kind, title_en=kind,
                   start_on=clock.today(), due_on=clock.today())
        db.session.add(row)
        db.session.flush()
        return row.id

    treatment, screening = task("treatment", team), task("trauma_screening", team)
    care_treatment = task("treatment", care)
    assert task_ids(coordinator) >= {treatment, screening, care_treatment}
    for colleague in colleagues:
        assert screening in task_ids(colleague) and treatment not in task_ids(colleague)
        assert not can(colleague, "health.view", dossier) and health_ids(colleague) == set()
    assert care_treatment in task_ids(therapist) and can(therapist, "health.view", dossier)
    assert task_ids(officer) == set() and not can(officer, "health.view", dossier)


organisation_kinds = st.sampled_from(["local_team", "vt", "police", "care", "school", "steering"])
roles = st.sampled_from(["coordinator", "professional", "steering", "admin"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(organisation_kinds, min_size=2, max_size=5),
    user_roles=st.lists(roles, min_size=2, max_size=5),
    teams=st.lists(st.tuples(st.integers(0, 4), st.sets(st.integers(0, 4), max_size=4),
                             st.sampled_from(["active", "invited", "left"])), min_size=1, max_size=5),
)
def test_property_visible_dossiers_match_the_rule(app_ctx, kinds, user_roles, teams):
    """For any organisations, users and teams: a user sees a dossier exactly when they work on cases
    (coordinator/professional outside school and steering) and either coordinate it or their
    organisation is an active team member; its health data when they also coordinate it or work
    for a care partner."""
    from mda.demo.region import wipe
    wipe()
    reg = make.region()
    orgs = [make.organisation(reg, f"Org {i}", kind) for i, kind in enumerate(kinds)]
    users = [make.user(orgs[i % len(orgs)], f"user{i}", role) for i, role in enumerate(user_roles)]
    coordinators = [u for u in users if u.role == "coordinator" and u.organisation.kind not in ("school", "steering")]
    if not coordinators:
        return
    expected = {u.id: set() for u in users}
    coordinator_of = {}
    for n, (coord_index, member_indexes, status) in enumerate(teams):
        coordinator = coordinators[coord_index % len(coordinators)]
        dossier = make.dossier(coordinator, f"Gezin {n}")
        coordinator_of[dossier.id] = coordinator.id
        members = {coordinator.organisation_id}
        seen = set(members)
        for index in member_indexes:
            org = orgs[index % len(orgs)]
            if org.id in seen:
                continue
            seen.add(org.id)
            db.session.add(TeamMembership(dossier=dossier, organisation_id=org.id, team_role="support",
                                          legal_basis="consent", status=status))
            if status == "active":
                members.add(org.id)
        for org in orgs:  # a task for every organisation, on the team or not
            db.session.add(Task(dossier=dossier, kind="other", organisation_id=org.id, title_nl="Taak",
                                title_en="Task", start_on=clock.today(), due_on=clock.today()))
        db.session.flush()
        for u in users:
            works = u.role in ("coordinator", "professional") and u.organisation.kind not in ("school", "steering")
            if works and (u.organisation_id in members or (u.role == "coordinator" and u.id == coordinator.id)):
                expected[u.id].add(dossier.id)
    for u in users:
        assert visible_ids(u) == expected[u.id]
        task_ids(u)  # the organisation's own tasks are the same in the work list's form of the rule
        # The form for lists read in order (the team asked of each dossier) says the same.
        assert visible_ids(u, in_order=True) == visible_ids(u, in_order=True, through_grant=False) == expected[u.id]
        # Health data: of those, the ones they coordinate, or all of them for a care partner.
        health = {d for d in expected[u.id] if u.organisation.kind == "care" or coordinator_of[d] == u.id}
        assert health_ids(u) == health
        works = u.role in ("coordinator", "professional") and u.organisation.kind not in ("school", "steering")
        for dossier in db.session.scalars(select(Dossier)):
            for action in MEMBER_ACTIONS:
                assert can(u, action, dossier) == (dossier.id in expected[u.id]), action
            for action in HEALTH_ACTIONS:
                assert can(u, action, dossier) == (dossier.id in health), action
            for action in COORDINATOR_ACTIONS:
                assert can(u, action, dossier) == (works and coordinator_of[dossier.id] == u.id), action
    db.session.rollback()
