"""The one place that decides access.

``visible_dossiers(user)`` and ``visible_tasks(user)`` are the SQL scopes of every query;
``health_dossiers(user)`` says where a user may see health data (health tasks and the outcome of
screening tasks, flagged notes, screenings); ``can(user, action, obj)`` answers a single question
about one of the named ``Action``s. All deny by default: an unknown role or object is refused; an
action that is not an ``Action`` raises, so that a misspelling cannot pass for a refusal. An emergency grant (break the
glass) only lets its user read a dossier, without its health data: every other action asks for a
share that is not a grant.
"""
from enum import StrEnum

from sqlalchemy import Select, String, and_, cast, exists, false, literal, or_, select

from mda.core.database import among
from mda.conferences.models import Conference, ConferenceDecision, ConferenceInvitee
from mda.auth.models import User
from mda.dossiers.models import CURRENT_MEMBERSHIP_STATUSES, BreakGlassGrant, Dossier, TeamMembership
from mda.escalation.models import Escalation, EscalationLevel
from mda.extensions import db
from mda.intake.models import UNDECIDED_STAGES, WAITING_STAGES, Application
from mda.orgs.models import NON_TEAM_KINDS, Organisation, Region
from mda.careplan.models import CareGoal, CareIntervention
from mda.casework.models import ReporterFeedback
from mda.closing.models import Handover, ReopeningDecision
from mda.tasks.models import Task
from mda.types import utcnow


class Action(StrEnum):
    """Every question ``can`` answers, named once: a misspelt action fails loudly (``Action("x")``
    raises ValueError) instead of being silently denied."""
    DOSSIER_CREATE = "dossier.create"
    DOSSIER_VIEW = "dossier.view"
    DOSSIER_EDIT = "dossier.edit"
    PERSON_ADD = "person.add"
    PERSON_EDIT = "person.edit"
    TEAM_MANAGE = "team.manage"
    ACCESSLOG_VIEW = "accesslog.view"
    CASE_TRANSITION = "case.transition"
    TASK_CREATE = "task.create"
    TASK_WORK = "task.work"
    TASK_MANAGE = "task.manage"
    SAFETY_HOLDER_SET = "safety_holder.set"
    SAFETY_CONDITIONS_SET = "safety_conditions.set"
    REVIEW_MANAGE = "review.manage"
    REVIEW_SCORE = "review.score"
    STATEMENT_ADD = "statement.add"
    NOTE_ADD = "note.add"
    SIGNAL_ADD = "signal.add"
    PLAN_EDIT = "plan.edit"
    PLAN_CONFIRM = "plan.confirm"
    PLAN_EXPORT = "plan.export"
    PLAN_REOPEN = "plan.reopen"  # after a relapse, with the team
    RISK_RECORD = "risk.record"
    RESTRAINING_ORDER_RECORD = "restraining_order.record"
    ASSESSMENT_RECORD = "assessment.record"
    CONFERENCE_MANAGE = "conference.manage"
    CONFERENCE_VIEW = "conference.view"
    CONFERENCE_EXPORT = "conference.export"
    CONFERENCE_INVITATION = "conference.invitation"
    HEALTH_VIEW = "health.view"
    HEALTH_WORK_GIVE = "health_work.give"
    SCREENING_RECORD = "screening.record"
    CAREPLAN_EDIT = "careplan.edit"
    BREAK_GLASS = "break_glass"
    MEMBERSHIP_RESPOND = "membership.respond"
    MEMBERSHIP_END = "membership.end"
    MEMBERSHIP_LEAVE = "membership.leave"
    APPLICATION_CREATE = "application.create"
    APPLICATION_VIEW = "application.view"
    APPLICATION_EDIT = "application.edit"
    APPLICATION_WITHDRAW = "application.withdraw"
    APPLICATION_INFORM = "application.inform"
    TRIAGE_VIEW = "triage.view"
    TRIAGE_DECIDE = "triage.decide"
    REGION_ADMINISTER = "region.administer"
    ESCALATION_RAISE = "escalation.raise"
    ESCALATION_RISE = "escalation.rise"
    ESCALATION_ACT = "escalation.act"
    ESCALATION_WITHDRAW = "escalation.withdraw"
    ESCALATION_VIEW = "escalation.view"
    ESCALATION_QUEUE = "escalation.queue"
    STEERING_VIEW = "steering.view"
    MONITOR_VIEW = "monitor.view"
    FEEDBACK_VIEW = "feedback.view"
    HANDOVER_RESPOND = "handover.respond"
    REOPENING_DECIDE = "reopening.decide"


# Actions on a dossier that only its own coordinator may take.
COORDINATOR_ACTIONS = frozenset({
    Action.DOSSIER_EDIT, Action.PERSON_ADD, Action.PERSON_EDIT, Action.TEAM_MANAGE, Action.ACCESSLOG_VIEW,
    Action.CASE_TRANSITION, Action.TASK_CREATE, Action.SAFETY_HOLDER_SET, Action.REVIEW_MANAGE,
    Action.STATEMENT_ADD, Action.CONFERENCE_MANAGE, Action.PLAN_REOPEN,
})
# Actions on a dossier that every member of its team may take.
MEMBER_ACTIONS = frozenset({
    Action.DOSSIER_VIEW, Action.NOTE_ADD, Action.PLAN_EDIT, Action.PLAN_CONFIRM, Action.PLAN_EXPORT,
    Action.REVIEW_SCORE, Action.RISK_RECORD, Action.CONFERENCE_VIEW, Action.CONFERENCE_EXPORT,
})
# The only actions an emergency grant allows: reading the dossier and its conferences.
GRANT_ACTIONS = frozenset({Action.DOSSIER_VIEW, Action.CONFERENCE_VIEW})
# Health data (trauma screenings, treatment, health goals of the care plan): the coordinator and
# care partners only.
HEALTH_ACTIONS = frozenset({Action.HEALTH_VIEW, Action.SCREENING_RECORD, Action.CAREPLAN_EDIT})
# Tasks that are health data in themselves: a treatment task says that someone screened positive.
HEALTH_TASK_KINDS = frozenset({"treatment"})
# Tasks every team member may know of, but whose outcome (result, reasons) is health data.
HEALTH_OUTCOME_TASK_KINDS = frozenset({"trauma_screening"})
# Organisations on a family's team that record new signals on its dossier themselves: the police
# (call-outs) and Veilig Thuis (the reports that come in).
SIGNAL_RECORDING_KINDS = ("police", "vt")
# Organisations whose staff sit in the triage meeting that decides on applications for MDA++.
TRIAGE_KINDS = ("zvh", "vt")


def _is_staff(user) -> bool:
    return (user is not None and getattr(user, "is_authenticated", False) and user.active
            and user.role in ("coordinator", "professional"))


def _works_on_cases(user) -> bool:
    return _is_staff(user) and user.organisation.kind not in NON_TEAM_KINDS


def visible_dossiers(user, *, through_grant: bool = True, in_order: bool = False) -> Select:
    """SELECT of the dossiers ``user`` may open, scoped in SQL; without ``through_grant`` only
    those shared with them (team or coordinator), not those open to them through an emergency grant.
    Only dossiers of the user's own region: a team is made of the region's organisations, an
    emergency grant is asked by reference within the region, and a coordinator works in one. Saying
    so lets every list walk its region's dossiers alone, however many regions share the database.

    ``in_order`` is for a list that reads dossiers in an order until its page is full: the team is
    then asked of each dossier (a subquery with LIMIT, as ``visible_tasks`` does). Left to itself,
    PostgreSQL turns the team test into a join and judges its share by the whole country's dossiers
    (a few percent, where it is all the region's), and so reads and sorts every dossier of the
    organisation's teams instead of stopping at a page. Sets (``health_dossiers``) keep the join,
    which starts from the organisation's memberships."""
    stmt = select(Dossier)
    if not _works_on_cases(user):
        return stmt.where(false())
    stmt = stmt.where(Dossier.region_id == user.organisation.region_id)
    team = (TeamMembership.dossier_id == Dossier.id, TeamMembership.organisation_id == user.organisation_id,
            TeamMembership.status == "active")
    on_team = (select(literal(1)).where(*team).limit(1).scalar_subquery().is_not(None) if in_order
               else exists().where(*team))
    emergency = exists().where(
        BreakGlassGrant.dossier_id == Dossier.id, BreakGlassGrant.user_id == user.id,
        BreakGlassGrant.expires_at > utcnow(),
    ) if through_grant else false()
    if user.role == "coordinator":
        return stmt.where(or_(on_team, emergency, Dossier.coordinator_id == user.id))
    return stmt.where(or_(on_team, emergency))


def visible_tasks(user, *, own: bool = False) -> Select:
    """SELECT of the tasks ``user`` may see: their organisation's on dossiers whose team it is
    on (an organisation that left a team no longer sees that dossier's tasks), and those on
    dossiers they coordinate. A school, which never joins a team, sees its own tasks and nothing
    of the dossier behind them. With ``own``, only those of the user's organisation: the same rule
    with the organisation named once (named twice, PostgreSQL takes its share of the tasks for the
    square of what it is, and joins and sorts all of them instead of reading a page in due order)."""
    stmt = select(Task)
    if not _is_staff(user):
        return stmt.where(false())
    mine = Task.organisation_id == user.organisation_id
    on_team = None  # a school never joins a team: all of its own tasks
    if user.organisation.kind not in NON_TEAM_KINDS:
        # Asked per task (a subquery with LIMIT, which PostgreSQL does not turn into a join): as a
        # join its planner judges the share of the organisation's tasks on its teams by the whole
        # country's dossiers (3% where it is all of them), and sorts every open task of the
        # organisation instead of reading them in due order until the page is full.
        on_team = (select(literal(1)).where(TeamMembership.dossier_id == Task.dossier_id,
                                            TeamMembership.organisation_id == user.organisation_id,
                                            TeamMembership.status == "active").limit(1).scalar_subquery()
                   .is_not(None))
    coordinated = (among(Task.dossier_id, select(Dossier.id).where(Dossier.coordinator_id == user.id))
                   if user.role == "coordinator" else None)
    # The rule: (mine AND on_team) OR coordinated. Its own-organisation form, ``mine AND (on_team OR
    # coordinated)``, is the same rule with ``mine`` taken out of both sides.
    if own:
        rule = mine if on_team is None else and_(mine, on_team if coordinated is None else or_(on_team, coordinated))
    else:
        rule = mine if on_team is None else and_(mine, on_team)
        if coordinated is not None:
            rule = or_(rule, coordinated)
    return stmt.where(rule, task_shown(user))


def health_dossiers(user) -> Select:
    """SELECT of the ids of the dossiers whose health data (screenings, treatment, health goals of
    the care plan, health tasks) ``user`` may see: those they coordinate, and for a care partner
    every dossier shared with it (never through an emergency grant). The one rule behind
    ``health.view`` and every task list."""
    ids = visible_dossiers(user, through_grant=False).with_only_columns(Dossier.id)
    if not _works_on_cases(user) or user.organisation.kind == "care":
        return ids
    return ids.where(Dossier.coordinator_id == user.id)


def sees_health_of(user, dossier_id: int) -> bool:
    """Whether ``user`` may see the health data of one dossier (``health_dossiers``)."""
    return db.session.execute(health_dossiers(user).where(Dossier.id == dossier_id)).first() is not None


def task_shown(user):
    """SQL condition true for a task ``user`` may know of as far as health data goes: one that is no
    health data (``health_task``), or one on a dossier whose health data they may see. Every
    query that lists or loads tasks for a user applies it."""
    return or_(~health_task(), Task.dossier_id.in_(health_dossiers(user)))


def health_task():
    """SQL condition true for a task that is health data: a treatment task, or an intervention
    towards a health-related goal of the care plan (also after it was given to another partner,
    which keeps the intervention's key), or the task of a health-related decision of a case
    conference."""
    intervention_key = literal("care_intervention:") + cast(CareIntervention.id, String)
    towards_health_goal = exists().where(
        CareIntervention.goal_id == CareGoal.id, CareGoal.health_related.is_(True),
        or_(CareIntervention.task_id == Task.id, intervention_key == Task.dedupe_key))
    from_health_decision = exists().where(ConferenceDecision.task_id == Task.id,
                                          ConferenceDecision.health_related.is_(True))
    return or_(Task.kind.in_(HEALTH_TASK_KINDS),
               and_(Task.kind == "care_intervention", towards_health_goal),
               from_health_decision)


def shows_task_outcome(task: Task, health: bool) -> bool:
    """Whether a reader with (``health``) or without the right to health data of the task's
    dossier may read what a task's steps say (its result and reasons). Every page that shows a
    task's result, decline reason or step reasons asks this."""
    return health or task.kind not in HEALTH_OUTCOME_TASK_KINDS


def may_read_outcome(user, task: Task) -> bool:
    """``shows_task_outcome`` for one task on its own page; asks the database only when the
    task's outcome is health data."""
    return shows_task_outcome(task, False) or sees_health_of(user, task.dossier_id)


def shows_note(note, health: bool) -> bool:
    """A note its author marked as health information is for readers with the right to health
    data of its dossier only."""
    return health or not note.health_information


def is_health_task(task: Task) -> bool:
    return db.session.execute(select(Task.id).where(Task.id == task.id, health_task())).first() is not None


def may_take_over(organisation, task: Task, dossier: Dossier) -> bool:
    """A task that is health data goes only to a care partner or the coordinator's organisation."""
    return (_takes_health_work(organisation) or organisation.id == dossier.coordinator.organisation_id
            or not is_health_task(task))


def _takes_health_work(organisation) -> bool:
    """Health work (treatment, health-related interventions and decisions) is for care partners."""
    return organisation.kind == "care"


def _veilig_thuis_on_team(dossier: Dossier) -> bool:
    return any(m.status == "active" and m.organisation.kind == "vt" for m in dossier.memberships)


def is_visible(user, dossier_id: int, *, through_grant: bool = True) -> bool:
    stmt = (visible_dossiers(user, through_grant=through_grant).where(Dossier.id == dossier_id)
            .with_only_columns(Dossier.id))
    return db.session.execute(stmt).first() is not None


def _on_team(user, dossier_id: int) -> bool:
    return db.session.execute(select(TeamMembership.id).where(
        TeamMembership.dossier_id == dossier_id, TeamMembership.organisation_id == user.organisation_id,
        TeamMembership.status == "active")).first() is not None


def _coordinates(user, dossier_id: int) -> bool:
    stmt = select(Dossier.id).where(Dossier.id == dossier_id, Dossier.coordinator_id == user.id)
    return db.session.execute(stmt).first() is not None


def can(user, action: Action | str, obj=None) -> bool:
    """May ``user`` take ``action`` on ``obj``? ``action`` must name an ``Action`` (a string is
    converted, and an unknown one raises ValueError); unknown roles and objects are refused."""
    action = Action(action)
    if action == Action.DOSSIER_CREATE:
        return _works_on_cases(user) and user.role == "coordinator"
    if action == Action.BREAK_GLASS:
        return may_break_glass(user)
    if action == Action.REGION_ADMINISTER:  # the region's own administration pages
        return (user is not None and getattr(user, "is_authenticated", False) and user.active
                and user.role == "admin")
    if action == Action.HEALTH_WORK_GIVE:  # obj: the organisation that would carry the work out
        return _works_on_cases(user) and isinstance(obj, Organisation) and _takes_health_work(obj)
    if action == Action.ESCALATION_QUEUE:  # the team lead's and the procesregisseur's queue (no object)
        return obj is None and _is_active(user) and (user.role == "team_lead" or _is_process_director(user))
    if action == Action.MONITOR_VIEW:  # the impact monitor of a region (obj: the region, or None: one's own)
        return (_is_active(user) and user.role in ("steering", "admin")
                and (obj is None or isinstance(obj, Region) and obj.id == user.organisation.region_id))
    if action == Action.STEERING_VIEW:  # the steering group's page (no object)
        return obj is None and _is_active(user) and user.role == "steering"
    if isinstance(obj, Escalation):
        return _may_on_escalation(user, action, obj)
    if isinstance(obj, ReporterFeedback):  # the reporting organisation reads what it was told
        return action == Action.FEEDBACK_VIEW and _is_staff(user) and obj.organisation_id == user.organisation_id
    if action == Action.FEEDBACK_VIEW:  # no object: whether the user's organisation can receive feedback
        return obj is None and _is_staff(user)
    if isinstance(obj, Handover):
        return _may_on_handover(user, action, obj)
    if isinstance(obj, ReopeningDecision):
        return action == Action.REOPENING_DECIDE and _decides_on_reopening(user, obj)
    if isinstance(obj, Task):
        if action == Action.TASK_WORK:
            return _is_staff(user) and obj.organisation_id == user.organisation_id
        if action == Action.TASK_MANAGE:
            return _works_on_cases(user) and _coordinates(user, obj.dossier_id)
        return False
    if isinstance(obj, TeamMembership):
        if action == Action.MEMBERSHIP_RESPOND:
            return _works_on_cases(user) and obj.organisation_id == user.organisation_id
        if action == Action.MEMBERSHIP_END:
            return (_works_on_cases(user) and user.role == "coordinator"
                    and _coordinates(user, obj.dossier_id))
        if action == Action.MEMBERSHIP_LEAVE:  # the organisation leaves, or the coordinator ends it
            return can(user, Action.MEMBERSHIP_RESPOND, obj) or can(user, Action.MEMBERSHIP_END, obj)
        return False
    if action == Action.APPLICATION_CREATE:  # with a dossier: an application for that family
        return _works_on_cases(user) and (obj is None or (
            isinstance(obj, Dossier) and is_visible(user, obj.id, through_grant=False)))
    if action == Action.TRIAGE_VIEW:
        return is_triage_member(user)
    if isinstance(obj, Application):
        return _may_on_application(user, action, obj)
    if isinstance(obj, Conference):
        if action == Action.CONFERENCE_INVITATION:
            return _works_on_cases(user) and (is_visible(user, obj.dossier_id, through_grant=False)
                                              or _invited_to(user, obj))
        return False
    if not isinstance(obj, Dossier) or obj.id is None:
        return False
    if action in MEMBER_ACTIONS:
        return _works_on_cases(user) and is_visible(user, obj.id, through_grant=action in GRANT_ACTIONS)
    if action in COORDINATOR_ACTIONS:
        return _works_on_cases(user) and obj.coordinator_id == user.id
    if action in HEALTH_ACTIONS:
        return _works_on_cases(user) and sees_health_of(user, obj.id)
    if action == Action.SAFETY_CONDITIONS_SET:
        # Veilig Thuis sets the safety conditions; without Veilig Thuis on the team, the coordinator.
        if not _works_on_cases(user):
            return False
        if _veilig_thuis_on_team(obj):
            return user.organisation.kind == "vt" and is_visible(user, obj.id, through_grant=False)
        return obj.coordinator_id == user.id
    if action == Action.SIGNAL_ADD:
        # The coordinator, the police on the team (after a call-out they record it themselves so
        # that the school hears of it before the next school day: Handle with Care), Veilig Thuis
        # on the team (it records the reports that come in about a family it works on), and the
        # holder of zicht op veiligheid (it records a new report it learns of after closure).
        return _works_on_cases(user) and (obj.coordinator_id == user.id or (
            user.organisation.kind in SIGNAL_RECORDING_KINDS and _on_team(user, obj.id)) or _holds_watch(user, obj.id))
    if action == Action.RESTRAINING_ORDER_RECORD:
        # The mayor's decisions on a huisverbod are recorded by the police on the team, who prepare
        # them, or by the coordinator.
        return _works_on_cases(user) and (obj.coordinator_id == user.id or (
            user.organisation.kind == "police" and _on_team(user, obj.id)))
    if action == Action.ASSESSMENT_RECORD:
        return (_works_on_cases(user) and user.organisation.kind == "vt"
                and is_visible(user, obj.id, through_grant=False))
    if action == Action.ESCALATION_RAISE:  # any member of the team, at any time
        return _works_on_cases(user) and is_visible(user, obj.id, through_grant=False)
    return False


def _holds_watch(user, dossier_id: int) -> bool:
    """The user's organisation accepted zicht op veiligheid of the dossier and is on its team."""
    return _on_team(user, dossier_id) and db.session.execute(select(Handover.id).where(
        Handover.dossier_id == dossier_id, Handover.organisation_id == user.organisation_id,
        Handover.state == "accepted")).first() is not None


def _may_on_handover(user, action: Action, handover: Handover) -> bool:
    """The case coordinator proposes and withdraws a handover; the staff of the organisation it
    names accept or decline it."""
    if not _works_on_cases(user):
        return False
    if action == Action.SAFETY_HOLDER_SET:
        return _coordinates(user, handover.dossier_id)
    if action == Action.HANDOVER_RESPOND:
        return handover.organisation_id == user.organisation_id
    return False


def _decides_on_reopening(user, decision: ReopeningDecision) -> bool:
    """The case coordinator, and the staff on the team of the holder of zicht op veiligheid and of
    the coordinator's organisation."""
    if not _works_on_cases(user):
        return False
    if _coordinates(user, decision.dossier_id):
        return True
    coordinators_organisation = db.session.scalar(
        select(User.organisation_id).join(Dossier, Dossier.coordinator_id == User.id)
        .where(Dossier.id == decision.dossier_id))
    return (user.organisation_id in (decision.holder_id, coordinators_organisation)
            and _on_team(user, decision.dossier_id))


def works_on_cases(user) -> bool:
    """Active staff of an organisation that joins teams (not a school or the steering group)."""
    return _works_on_cases(user)


def may_break_glass(user) -> bool:
    """Staff of the kinds of organisation that the region lets open a dossier in an emergency."""
    return _works_on_cases(user) and user.organisation.kind in user.organisation.region.break_glass_kind_list


def via_break_glass(user, dossier: Dossier) -> bool:
    """True when ``user`` sees ``dossier`` only through an emergency grant, not as a team member."""
    if dossier.coordinator_id == user.id or any(
            m.organisation_id == user.organisation_id and m.status == "active" for m in dossier.memberships):
        return False
    return db.session.execute(select(BreakGlassGrant.id).where(
        BreakGlassGrant.dossier_id == dossier.id, BreakGlassGrant.user_id == user.id,
        BreakGlassGrant.expires_at > utcnow())).first() is not None


def is_triage_member(user) -> bool:
    return _works_on_cases(user) and user.organisation.kind in TRIAGE_KINDS


def _may_on_application(user, action: Action, application: Application) -> bool:
    """The applicant's organisation sees and edits its own application, and withdraws it until
    the triage meeting decides; the region's triage members see and decide submitted ones (a
    draft withdrawn before it was submitted stays its organisation's); once decided, the
    appointed coordinator and whoever sees the family's dossier see it too."""
    if not _works_on_cases(user):
        return False
    own = application.organisation_id == user.organisation_id
    submitted = application.reached_triage
    triage = submitted and is_triage_member(user) and user.organisation.region_id == application.region_id
    coordinator = submitted and application.coordinator_id == user.id
    if action == Action.APPLICATION_VIEW:
        return own or triage or coordinator or (
            submitted and application.dossier_id is not None
            and is_visible(user, application.dossier_id, through_grant=False))
    if action == Action.APPLICATION_EDIT:
        return own and application.stage == "draft"
    if action == Action.APPLICATION_WITHDRAW:
        return own and application.stage in UNDECIDED_STAGES
    if action == Action.TRIAGE_DECIDE:
        return triage and application.stage in WAITING_STAGES
    if action == Action.APPLICATION_INFORM:
        return application.stage == "accepted" and (triage or coordinator or (
            application.dossier_id is not None and _coordinates(user, application.dossier_id)))
    return False


def invitations_seen(user) -> Select:
    """SELECT of the conferences whose invitation ``user`` may see, in SQL: the same rule as
    ``can(user, Action.CONFERENCE_INVITATION, conference)``, for a list of them in one query."""
    if not _works_on_cases(user):
        return select(Conference).where(false())
    shared = visible_dossiers(user, through_grant=False).where(Dossier.id == Conference.dossier_id).exists()
    invited = exists().where(ConferenceInvitee.conference_id == Conference.id,
                             ConferenceInvitee.organisation_id == user.organisation_id,
                             ConferenceInvitee.invited.is_(True))
    on_team = exists().where(TeamMembership.dossier_id == Conference.dossier_id,
                             TeamMembership.organisation_id == user.organisation_id,
                             TeamMembership.status.in_(CURRENT_MEMBERSHIP_STATUSES))
    return select(Conference).where(or_(shared, invited & on_team))


def _invited_to(user, conference: Conference) -> bool:
    """The user's organisation is invited to the conference and on (or invited to) the team."""
    if not any(i.organisation_id == user.organisation_id and i.invited for i in conference.invitees):
        return False
    return db.session.execute(select(TeamMembership.id).where(
        TeamMembership.dossier_id == conference.dossier_id,
        TeamMembership.organisation_id == user.organisation_id,
        TeamMembership.status.in_(CURRENT_MEMBERSHIP_STATUSES))).first() is not None


# --- escalation ---------------------------------------------------------------------------------


def _is_active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.active


def _is_process_director(user) -> bool:
    """Staff of a Zorg- en Veiligheidshuis: its procesregisseur acts at the ladder's ``zvh`` level."""
    return _is_staff(user) and user.organisation.kind == "zvh"


def acts_at(user, rung: str, dossier: Dossier) -> bool:
    """Whether ``user`` acts on ``dossier``'s escalation at a level of kind ``rung``: a team lead
    of the coordinator's organisation, the procesregisseur of the region's Zorg- en
    Veiligheidshuis, a member of the region's steering group."""
    if not _is_active(user):
        return False
    if rung == "team_lead":
        return user.role == "team_lead" and user.organisation_id == dossier.coordinator.organisation_id
    if rung == "zvh":
        return _is_process_director(user) and user.organisation.region_id == dossier.region_id
    if rung == "steering":
        return user.role == "steering" and user.organisation.region_id == dossier.region_id
    return False


def rung_members(rung: str, dossier: Dossier) -> Select:
    """SELECT of the users who act on ``dossier``'s escalation at a level of kind ``rung`` (the
    same people as ``acts_at``)."""
    stmt = select(User).join(User.organisation).where(User.active.is_(True)).order_by(User.id)
    if rung == "team_lead":
        return stmt.where(User.role == "team_lead", User.organisation_id == dossier.coordinator.organisation_id)
    if rung == "zvh":
        return stmt.where(User.role.in_(("coordinator", "professional")), Organisation.kind == "zvh",
                          Organisation.region_id == dossier.region_id)
    if rung == "steering":
        return stmt.where(User.role == "steering", Organisation.region_id == dossier.region_id)
    return stmt.where(false())


def _rung_scope(user):
    """SQL condition on Escalation (joined to its Dossier) true where the user acts at a level of
    the kind the condition's ``EscalationLevel.rung`` names; None when they act at no level."""
    if not _is_active(user):
        return None
    if user.role == "team_lead":
        coordinated = select(User.id).where(User.organisation_id == user.organisation_id)
        return and_(EscalationLevel.rung == "team_lead", Dossier.coordinator_id.in_(coordinated))
    if _is_process_director(user):
        return and_(EscalationLevel.rung == "zvh", Dossier.region_id == user.organisation.region_id)
    if user.role == "steering":
        return and_(EscalationLevel.rung == "steering", Dossier.region_id == user.organisation.region_id)
    return None


def escalated_to(user) -> Select:
    """SELECT of the escalations that reached a level at which ``user`` acts (open or not): the team
    lead's, the procesregisseur's and the steering group's only way into a dossier, without its
    health data. Every other escalation is for them as if it did not exist."""
    scope = _rung_scope(user)
    stmt = select(Escalation).join(Dossier, Dossier.id == Escalation.dossier_id)
    if scope is None:
        return stmt.where(false())
    return stmt.where(exists().where(EscalationLevel.escalation_id == Escalation.id, scope))


def _reached(user, escalation: Escalation) -> bool:
    return db.session.execute(escalated_to(user).where(Escalation.id == escalation.id)
                              .with_only_columns(Escalation.id)).first() is not None


def _may_on_escalation(user, action: Action, escalation: Escalation) -> bool:
    """Whoever acts at its level resolves it, moves it up or withdraws it; a member of the team may
    move it up by hand too, and withdraw one they raised themselves. It is seen by those it
    reached and by the team."""
    dossier = escalation.dossier
    on_team = _works_on_cases(user) and is_visible(user, escalation.dossier_id, through_grant=False)
    acting = escalation.is_open and acts_at(user, escalation.rung, dossier)
    if action == Action.ESCALATION_VIEW:
        return on_team or _reached(user, escalation)
    if action == Action.ESCALATION_ACT:
        return acting
    if action == Action.ESCALATION_RISE:
        return acting or (escalation.is_open and on_team)
    if action == Action.ESCALATION_WITHDRAW:
        return acting or (escalation.is_open and on_team and escalation.raised_by_id == user.id)
    return False
