"""Read models for the task pages, each a fixed number of queries whatever the number of tasks.

Every task is loaded through ``visible_tasks(user)``. A school sees its own Handle-with-Care tasks
but nothing of the dossier behind them, so for a school the dossier is not even loaded.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import joinedload

from mda.access import Action, can, visible_dossiers, visible_tasks
from mda.access.policy import may_take_over
from mda.auth.models import User
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.handle_with_care import school_candidates
from mda.tasks.models import CLOSED_STATES, OPEN_STATES, Task
from mda.types import utcnow
from workflows import may_hold

RECENT_DAYS = 30


def sees_dossiers(user) -> bool:
    """False for a school (or any organisation that never joins a team): it may know *that*
    there is a task about a child, never which family or what happened."""
    return user.organisation.can_join_team


@dataclass
class TaskList:
    pending: list[Task]
    recent: list[Task]
    to_reassign: list[Task] = field(default_factory=list)
    invitations: list[TeamMembership] = field(default_factory=list)
    linkable: set[int] = field(default_factory=set)


def _with_details(stmt, user):
    options = [joinedload(Task.organisation), joinedload(Task.person)]
    if sees_dossiers(user):
        options.append(joinedload(Task.dossier))
    return stmt.options(*options)


def task_list(user, today: date) -> TaskList:
    """The user's task list: pending tasks overdue first, then by due date; tasks closed lately;
    for a coordinator the declined tasks of their dossiers; the organisation's invitations."""
    overdue_first = case((Task.due_on < today, 0), else_=1)
    pending = db.session.scalars(_with_details(
        visible_tasks(user).where(Task.state.in_(OPEN_STATES))
        .order_by(overdue_first, Task.due_on, Task.id), user)).all()
    cutoff = utcnow() - timedelta(days=RECENT_DAYS)
    declined_first = case((Task.state == "declined", 0), else_=1)
    recent = db.session.scalars(_with_details(
        visible_tasks(user).where(or_(Task.state == "declined",
                                      and_(Task.state.in_(CLOSED_STATES), Task.closed_at >= cutoff)))
        .order_by(declined_first, Task.closed_at.desc(), Task.id.desc()), user)).all()
    result = TaskList(list(pending), list(recent))
    if not sees_dossiers(user):
        return result
    if user.role == "coordinator":
        coordinated = select(Dossier.id).where(Dossier.coordinator_id == user.id)
        result.to_reassign = list(db.session.scalars(_with_details(
            visible_tasks(user).where(Task.state == "declined", Task.dossier_id.in_(coordinated))
            .order_by(Task.due_on, Task.id), user)))
    if may_answer_invitations(user):
        result.invitations = pending_invitations(user)
    shown = {task.dossier_id for task in (*result.pending, *result.recent, *result.to_reassign)}
    result.linkable = set(db.session.scalars(
        visible_dossiers(user).where(Dossier.id.in_(shown)).with_only_columns(Dossier.id)))
    return result


def may_answer_invitations(user) -> bool:
    """Whether the policy lets ``user`` answer an invitation addressed to their organisation."""
    return can(user, Action.MEMBERSHIP_RESPOND, TeamMembership(organisation_id=user.organisation_id))


def pending_invitations(user) -> list[TeamMembership]:
    """Invitations to a team that the user's organisation has not answered yet."""
    stmt = (select(TeamMembership)
            .where(TeamMembership.organisation_id == user.organisation_id,
                   TeamMembership.status == "invited")
            .options(joinedload(TeamMembership.dossier).joinedload(Dossier.coordinator)
                     .joinedload(User.organisation))
            .order_by(TeamMembership.created_at, TeamMembership.id))
    return list(db.session.scalars(stmt))


def load_task(user, task_id: int) -> Task | None:
    """One task the user may see, with what its page shows."""
    return db.session.scalar(_with_details(visible_tasks(user).where(Task.id == task_id), user))


def may_open_dossier(user, dossier_id: int) -> bool:
    stmt = visible_dossiers(user).where(Dossier.id == dossier_id).with_only_columns(Dossier.id)
    return db.session.execute(stmt).first() is not None


def load_invitation(user, membership_id: int) -> TeamMembership | None:
    """An invitation addressed to the user's organisation (any status), else None."""
    stmt = (select(TeamMembership)
            .where(TeamMembership.id == membership_id,
                   TeamMembership.organisation_id == user.organisation_id)
            .options(joinedload(TeamMembership.dossier)))
    return db.session.scalar(stmt)


def team_organisations(task: Task) -> list[Organisation]:
    """The organisations active on the dossier's team, but the one that holds the task now."""
    stmt = (select(Organisation)
            .join(TeamMembership, TeamMembership.organisation_id == Organisation.id)
            .where(TeamMembership.dossier_id == task.dossier_id, TeamMembership.status == "active",
                   Organisation.active.is_(True), Organisation.id != task.organisation_id)
            .order_by(Organisation.name))
    return list(db.session.scalars(stmt))


def reassign_candidates(task: Task) -> list[Organisation]:
    """The organisations active on the dossier's team that do this kind of work (and the
    coordinator's own, standing in), but the one that holds the task now; for a school's signal the
    region's other schools (a school is never on the team)."""
    dossier = db.session.get(Dossier, task.dossier_id)
    if task.kind == "school_signal":
        return school_candidates(dossier.region_id, but=task.organisation_id)
    coordinators = dossier.coordinator.organisation_id
    return [org for org in team_organisations(task)
            if may_hold(task.kind, org.kind, coordinators_organisation=org.id == coordinators)
            and may_take_over(org, task, dossier)]
