"""Read models for the task pages, each a fixed number of queries whatever the number of tasks.

Every task is loaded through ``visible_tasks(user)``. A school sees its own Handle-with-Care tasks
but nothing of the dossier behind them, so for a school the dossier is not even loaded.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from mda.access import Action, can, visible_dossiers, visible_tasks
from mda.access.policy import may_take_over
from mda.auth.models import User
from mda.core.keyset import Keyset, Page
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.handle_with_care import school_candidates
from mda.tasks.models import CLOSED_STATES, Task
from mda.types import utcnow
from workflows import may_hold

RECENT_DAYS = 30


def sees_dossiers(user) -> bool:
    """False for a school (or any organisation that never joins a team): it may know *that*
    there is a task about a child, never which family or what happened."""
    return user.organisation.can_join_team


# Overdue tasks first (they are due before today), then by due date; declined tasks first, then the
# latest closed; each list a page at a time (mda.core.keyset).
PENDING_ORDER = Keyset(Task.due_on, Task.id)
_DECLINED = case((Task.state == "declined", 1), else_=0)
_NEVER = datetime(1970, 1, 1, tzinfo=timezone.utc)  # a declined task has not closed: it waits
RECENT_ORDER = Keyset(_DECLINED.desc(), func.coalesce(Task.closed_at, _NEVER).desc(), Task.id.desc())
TO_REASSIGN_ORDER = Keyset(Task.due_on, Task.id)
EMPTY = Page([], None, None)


@dataclass
class TaskList:
    pending: Page
    recent: Page
    to_reassign: Page = EMPTY
    invitations: list[TeamMembership] = field(default_factory=list)
    linkable: set[int] = field(default_factory=set)

    def shown(self) -> list[Task]:
        return [*self.pending.rows, *self.recent.rows, *self.to_reassign.rows]


def _with_details(stmt, user):
    options = [joinedload(Task.organisation), joinedload(Task.person)]
    if sees_dossiers(user):
        options.append(joinedload(Task.dossier))
    return stmt.options(*options)


def task_list(user, after: dict[str, str | None] | None = None) -> TaskList:
    """The user's task list, each part a page after its key in ``after`` (``pending``, ``recent``,
    ``to_reassign``): pending tasks overdue first, then by due date; tasks closed lately; for a
    coordinator the declined tasks of their dossiers; the organisation's invitations. A fixed
    number of queries whatever the number of tasks."""
    after = after or {}
    pending = PENDING_ORDER.page(_with_details(visible_tasks(user).where(Task.is_open_sql()), user),
                                 after.get("pending"))
    cutoff = utcnow() - timedelta(days=RECENT_DAYS)
    recent = RECENT_ORDER.page(_with_details(
        visible_tasks(user).where(or_(Task.state == "declined",
                                      and_(Task.state.in_(CLOSED_STATES), Task.closed_at >= cutoff))), user),
        after.get("recent"))
    result = TaskList(pending, recent)
    if not sees_dossiers(user):
        return result
    if user.role == "coordinator":
        coordinated = select(Dossier.id).where(Dossier.coordinator_id == user.id)
        result.to_reassign = TO_REASSIGN_ORDER.page(_with_details(
            visible_tasks(user).where(Task.state == "declined", Task.dossier_id.in_(coordinated)), user),
            after.get("to_reassign"))
    if may_answer_invitations(user):
        result.invitations = pending_invitations(user)
    shown = {task.dossier_id for task in result.shown()}
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
