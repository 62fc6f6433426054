"""Read models for the task pages, each a fixed number of queries whatever the number of tasks.

Every task is loaded through ``visible_tasks(user)``. A school sees its own Handle-with-Care tasks
but nothing of the dossier behind them, so for a school the dossier is not even loaded.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from mda.access import Action, can, visible_dossiers, visible_tasks
from mda.access.policy import may_take_over
from mda.auth.models import User
from mda.core.database import among
from mda.core.keyset import PAGE_SIZE, Keyset, Page
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.handle_with_care import school_candidates
from mda.tasks.models import CLOSED_STATES, Task
from mda.types import utcnow
from workflows import DECISION_TASK_KINDS, URGENT_TASK_KINDS, may_hold

RECENT_DAYS = 30
# The parts of the work list beside the open tasks are read a short page at a time: what was
# closed lately is looked back on, and declined tasks are handled a few at a time.
RECENT_PAGE_SIZE = 10
TO_REASSIGN_PAGE_SIZE = 20


def sees_dossiers(user) -> bool:
    """False for a school (or any organisation that never joins a team): it may know *that*
    there is a task about a child, never which family or what happened."""
    return user.organisation.can_join_team


# Overdue tasks first (they are due before today: the longest overdue first), then by due date;
# declined tasks first, then the latest closed; each list a page at a time (mda.core.keyset), each
# in the order of an index.
PENDING_ORDER = Keyset(Task.due_on, Task.id)
DECLINED_ORDER = Keyset(Task.id.desc())
CLOSED_ORDER = Keyset(Task.closed_at.desc(), Task.id.desc())
TO_REASSIGN_ORDER = Keyset(Task.due_on, Task.id)
EMPTY = Page([], None, None)


# The two views of the work list: the work of the user's organisation, and (for a case
# coordinator) the work asked of the partners on the dossiers they coordinate.
OWN, PARTNERS = "eigen", "partners"


@dataclass
class TaskList:
    pending: Page
    recent: Page
    to_reassign: Page = EMPTY
    decisions: Page = EMPTY
    invitations: list[TeamMembership] = field(default_factory=list)
    linkable: set[int] = field(default_factory=set)
    view: str = OWN

    def shown(self) -> list[Task]:
        return [*self.decisions.rows, *self.pending.rows, *self.recent.rows, *self.to_reassign.rows]

    def families(self) -> list[list[Task]]:
        """The page of open tasks grouped by family, each family where its most urgent task is."""
        groups: dict[int, list[Task]] = {}
        for task in self.pending.rows:
            groups.setdefault(task.dossier_id, []).append(task)
        return list(groups.values())


def _with_details(stmt, user):
    options = [joinedload(Task.organisation), joinedload(Task.person)]
    if sees_dossiers(user):
        options.append(joinedload(Task.dossier))
    return stmt.options(*options)


def task_list(user, after: dict[str, str | None] | None = None, view: str = OWN) -> TaskList:
    """The user's task list, each part a page after its key in ``after`` (``decisions``,
    ``pending``, ``recent``, ``to_reassign``): the decisions waiting for the organisation; its open
    tasks, urgent ones first, then the overdue ones (longest overdue first), then by due date
    (``urgent_first``); or, in the ``PARTNERS`` view of a coordinator, the open tasks the partners
    hold on the dossiers they coordinate; tasks closed lately; for a coordinator the declined
    tasks of their dossiers; the organisation's invitations. A fixed number of queries whatever
    the number of tasks."""
    after = after or {}
    visible = _with_details(visible_tasks(user), user)  # built once: the access rule is a large statement
    open_tasks = visible.where(Task.is_open_sql())
    if view == PARTNERS and user.role == "coordinator":
        result = TaskList(urgent_first(asked_of_partners(user, open_tasks), after.get("pending")), EMPTY,
                          view=PARTNERS)
    else:
        own = _with_details(visible_tasks(user, own=True), user).where(Task.is_open_sql())
        decisions = own.where(Task.is_first_sql(), Task.kind.in_(DECISION_TASK_KINDS))
        result = TaskList(urgent_first(own.where(Task.kind.not_in(DECISION_TASK_KINDS)), after.get("pending")),
                          recent_tasks(visible, after.get("recent")),
                          decisions=PENDING_ORDER.page(decisions, after.get("decisions")))
    if not sees_dossiers(user):
        return result
    if user.role == "coordinator":
        result.to_reassign = TO_REASSIGN_ORDER.page(
            visible.where(Task.state == "declined", among(Task.dossier_id, _coordinated(user))),
            after.get("to_reassign"), TO_REASSIGN_PAGE_SIZE)
    if result.view == OWN and may_answer_invitations(user):
        result.invitations = pending_invitations(user)
    shown = {task.dossier_id for task in result.shown()}
    result.linkable = set(db.session.scalars(
        visible_dossiers(user).where(Dossier.id.in_(shown)).with_only_columns(Dossier.id)))
    return result


def asked_of_partners(user, tasks):
    """Of ``tasks`` (the coordinator's visible ones), those other organisations hold on the dossiers
    the coordinator leads. Those are the only ones the access rule shows them of other
    organisations; naming the dossiers again lets the database start from them instead of from
    every task the rule might show (with ``ix_task_dossier_state_due``: 166 → 0.4 ms at region
    size)."""
    return tasks.where(Task.organisation_id != user.organisation_id, among(Task.dossier_id, _coordinated(user)))


def _coordinated(user) -> Select:
    """The ids of the dossiers ``user`` leads as their case coordinator."""
    return select(Dossier.id).where(Dossier.coordinator_id == user.id)


def urgent_first(stmt, after: str | None, size: int = PAGE_SIZE) -> Page:
    """A page of the open tasks of ``stmt``: the urgent ones (``URGENT_TASK_KINDS``: acute work and
    Handle with Care) first, then the others; each part by due day, so the longest overdue come
    first and then those due soonest. The two parts are read one after the other, at most two
    statements, each in the order of an index of open tasks by due day (the urgent ones have their
    own, ``ix_task_open_first_due``). The key says where the
    page ends: ``u<key>`` among the urgent tasks, ``o<key>`` among the others (``o`` alone: at
    their start)."""
    segment, key = (after[:1], after[1:]) if after and after[:1] in ("u", "o") else ("u", None)
    rows = []
    if segment == "u":
        urgent = PENDING_ORDER.page(stmt.where(Task.is_first_sql(), Task.kind.in_(URGENT_TASK_KINDS)), key, size)
        if urgent.next_key is not None:
            return Page(urgent.rows, "u" + urgent.next_key, after)
        rows, key = urgent.rows, None
    others = stmt.where(Task.kind.not_in(URGENT_TASK_KINDS))
    if len(rows) == size:  # a full page of urgent tasks: is there another task after them?
        more = db.session.execute(others.with_only_columns(Task.id).limit(1)).first() is not None
        return Page(rows, "o" if more else None, after)
    page = PENDING_ORDER.page(others, key, size - len(rows))
    return Page(rows + page.rows, "o" + page.next_key if page.next_key else None, after)


def recent_tasks(visible, after: str | None, size: int = RECENT_PAGE_SIZE) -> Page:
    """A page of the declined tasks of ``visible`` (the tasks the user may see, with what the list
    shows), newest first, followed by those closed in the last RECENT_DAYS (latest first): the two
    read one after the other, at most two statements, each in the order of an index. The key says
    where the page ends: ``d<key>`` among the declined, ``c<key>`` among the closed (``c`` alone: at
    their start)."""
    segment, key = (after[:1], after[1:]) if after and after[:1] in ("d", "c") else ("d", None)
    rows = []
    if segment == "d":
        declined = DECLINED_ORDER.page(visible.where(Task.state == "declined"), key, size)
        if declined.next_key is not None:
            return Page(declined.rows, "d" + declined.next_key, after)
        rows, key = declined.rows, None
    closed = visible.where(Task.state.in_(CLOSED_STATES), Task.closed_at >= utcnow() - timedelta(days=RECENT_DAYS))
    if len(rows) == size:  # a full page of declined tasks: is there a closed one after them?
        more = db.session.execute(closed.with_only_columns(Task.id).limit(1)).first() is not None
        return Page(rows, "c" if more else None, after)
    page = CLOSED_ORDER.page(closed, key, size - len(rows))
    return Page(rows + page.rows, "c" + page.next_key if page.next_key else None, after)


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
