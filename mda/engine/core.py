"""``fire``: the only way a row of any workflow changes state (``fire_case``, ``fire_task`` and
``fire_membership`` are its rules for the case, a task and a team membership).

Every call checks permission, then the guards of ``workflows/`` (collecting every reason), moves
the row with the workflow's machine, writes a transition-log row, creates the tasks of a phase
that is entered, and flushes, all inside the request's transaction. A stale version becomes a
``ConflictError``; a refusal a ``Refused`` with its reasons; nothing is changed in either case.
"""
from datetime import date

from flask_babel import get_locale
from sqlalchemy import select

from mda.access import Action as Right
from mda.access import can
from mda.access.policy import may_take_over
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version, flush
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.facts import case_facts, task_context
from mda.engine.machines import SPECS, STATE_ATTRIBUTE, trigger
from mda.engine.models import TransitionLog
from mda.engine.protection import engine_moves_state
from mda.errors import Refused
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.models import OPEN_STATES, PENDING_STATES, Task
from mda.types import utcnow
from workflows import (ACTIVE_PHASES, CASE_WORKFLOW, ENDED_STATES, Action, Reason, TaskFacts, TaskTemplate,
                       available_actions, evaluate, next_review_task, permission_reasons, tasks_on_entering)

NOT_YOUR_CASE = Reason("not_case_coordinator",
                       "Alleen de casusregisseur van dit dossier mag deze stap zetten.",
                       "Only the case coordinator of this dossier may take this step.")
REASON_REQUIRED = Reason("reason_required", "Geef een reden op voor deze stap.",
                         "Give a reason for this step.")
RESULT_REQUIRED = Reason("result_required", "Beschrijf kort het resultaat van de taak.",
                         "Describe the result of the task in a few words.")
NOT_ON_TEAM = Reason("not_on_team", "Een taak kan alleen naar een actieve partner in het team.",
                     "A task can only go to an active partner on the team.")
HEALTH_TASK = Reason("health_task", "Deze taak bevat gezondheidsgegevens en kan alleen naar een zorgpartner.",
                     "This task holds health data and can only go to a care partner.")
NO_RIGHT = Reason("no_right", "U heeft geen recht om deze stap te zetten.",
                  "You have no right to take this step.")
DOSSIER_ENDED = Reason("dossier_ended",
                       "Dit dossier is afgesloten of overgedragen; er kan niets meer in worden gewijzigd.",
                       "This dossier has been closed or handed over; it can no longer be changed.")
# What may still happen to the tasks and invitations of a closed or handed-over dossier: work left
# over is withdrawn or turned down, so nothing is left waiting; nothing else changes.
ON_ENDED_DOSSIER = {"task": frozenset({"cancel"}), "team_membership": frozenset({"decline", "withdraw"})}


def _ended(workflow: str, dossier: Dossier, event: str) -> tuple[Reason, ...]:
    ended = dossier.state in ENDED_STATES and event not in ON_ENDED_DOSSIER[workflow]
    return (DOSSIER_ENDED,) if ended else ()


def language() -> str:
    locale = get_locale()
    return locale.language if locale else "nl"




def _log(workflow: str, dossier_id: int, row, event: str, from_state: str, to_state: str, user,
         reason: str = "") -> None:
    db.session.add(TransitionLog(
        dossier_id=dossier_id, workflow=workflow, object_id=row.id, event=event,
        from_state=from_state, to_state=to_state, user_id=user.id if user else None,
        username=user.username if user else "system",
        organisation_name=user.organisation.name if user else "", reason=reason or ""))


NOT_POSSIBLE = Reason("not_possible", "Deze stap is nu niet mogelijk.", "This step is not possible now.")
DUE_BEFORE_TODAY = Reason("due_before_today", "De uiterste datum kan niet vóór vandaag liggen.",
                          "The due date cannot be before today.")
COORDINATOR_ORG_STAYS = Reason("coordinator_org_stays",
                               "De organisatie van de casusregisseur blijft in het team.",
                               "The case coordinator's organisation stays on the team.")


def _move(workflow: str, row, event: str) -> None:
    with engine_moves_state():
        moved = trigger(workflow, row, event)
    if not moved:
        raise Refused((NOT_POSSIBLE,))


# --- every lifecycle ----------------------------------------------------------------------------

def fire(row, event: str, user, **data):
    """The one door: moves ``row`` along ``event`` of its workflow (``row.__workflow__``).

    The case, a task and a team membership go through their own rules below; every other
    workflow is driven by its spec alone: the access policy's ``action`` of the transition asked
    on ``row.access_subject``, the roles, the guards on ``row.workflow_facts(today)`` and a reason
    where one is needed, then the move, the transition-log row and a flush."""
    workflow = row.__workflow__
    if workflow == "case":
        return fire_case(row, event, user, **data)
    if workflow == "task":
        return fire_task(row, event, user, **data)
    if workflow == "team_membership":
        return fire_membership(row, event, user, **data)
    return _fire_by_spec(row, event, user, **data)


def _fire_by_spec(row, event: str, user, *, reason: str = "", version=NO_FORM, today: date | None = None):
    today = today or clock.today()
    check_version(row, version)
    workflow = row.__workflow__
    spec = SPECS[workflow]
    if getattr(row, STATE_ATTRIBUTE[workflow]) is None:  # a row not stored yet: its column default
        setattr(row, STATE_ATTRIBUTE[workflow], spec.initial)
    from_state = getattr(row, STATE_ATTRIBUTE[workflow])
    transition = spec.transition(event, from_state)
    reasons = evaluate(spec, event, row.workflow_facts(today), state=from_state)
    if transition is not None:
        reasons = permission_reasons(transition, user.role, user.organisation.kind) + reasons
        if not can(user, Right(transition.action), row.access_subject):
            reasons = (NO_RIGHT,) + reasons
        if transition.needs_reason and not (reason or "").strip():
            reasons += (REASON_REQUIRED,)
    label = f"{workflow}.{event}:{row.id}" if row.id is not None else f"{workflow}.{event}"
    if reasons:
        record("update", user=user, dossier_id=row.dossier_id, outcome="denied", object=label,
               detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    _move(workflow, row, event)
    flush()  # a new row gets its id, an application its new dossier's id
    _log(workflow, row.dossier_id, row, event, from_state, getattr(row, STATE_ATTRIBUTE[workflow]), user, reason)
    flush()
    return row


# --- the case -----------------------------------------------------------------------------------

def case_actions(dossier: Dossier, user, today: date | None = None) -> list[Action]:
    """Every step out of the dossier's state, allowed or with all the reasons why not."""
    facts = case_facts(dossier, today)
    actions = available_actions(CASE_WORKFLOW, facts, user.role, user.organisation.kind)
    if can(user, Right.CASE_TRANSITION, dossier):
        return actions
    return [Action(a.event, a.label, a.dest, False, (NOT_YOUR_CASE,) + a.reasons, a.needs_reason)
            for a in actions]


def fire_case(dossier: Dossier, event: str, user, *, reason: str = "", version=NO_FORM,
              today: date | None = None) -> str:
    """Moves the case along ``event``; returns the new state."""
    today = today or clock.today()
    check_version(dossier, version)
    transition = CASE_WORKFLOW.transition(event, dossier.state)
    facts = case_facts(dossier, today)
    reasons = evaluate(CASE_WORKFLOW, event, facts)
    if transition is not None:
        reasons = permission_reasons(transition, user.role, user.organisation.kind) + reasons
        if not can(user, Right.CASE_TRANSITION, dossier):
            reasons = (NOT_YOUR_CASE,) + reasons
        if transition.needs_reason and not (reason or "").strip():
            reasons += (REASON_REQUIRED,)
    if reasons:
        record("update", user=user, dossier_id=dossier.id, outcome="denied", object=f"case.{event}",
               detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    return _enter(dossier, event, user, reason, today)


def relapse_after_signal(dossier: Dossier, user, *, reason: str, today: date | None = None) -> str:
    """The relapse a new signal causes in an active phase, also when a partner who may record
    signals (the police on the team) records it: the coordinator's right to step is not asked,
    the step is logged with the user who recorded the signal and the signal as its reason."""
    today = today or clock.today()
    if can(user, Right.CASE_TRANSITION, dossier):
        return fire_case(dossier, "relapse", user, reason=reason, today=today)
    if not can(user, Right.SIGNAL_ADD, dossier):
        record("update", user=user, dossier_id=dossier.id, outcome="denied", object="case.relapse",
               detail=NO_RIGHT.code)
        raise Refused((NO_RIGHT,))
    if CASE_WORKFLOW.transition("relapse", dossier.state) is None or not (reason or "").strip():
        raise Refused((REASON_REQUIRED,) if dossier.state in ACTIVE_PHASES else (NOT_POSSIBLE,))
    return _enter(dossier, "relapse", user, reason, today)


def _enter(dossier: Dossier, event: str, user, reason: str, today: date) -> str:
    from_state = dossier.state
    _move("case", dossier, event)
    _log("case", dossier.id, dossier, event, from_state, dossier.state, user, reason)
    if event == "relapse":
        from mda.plans.operations import reopen_safety_plan
        reopen_safety_plan(dossier, user, today)
    _cancel_reviews_of_other_phases(dossier, user, today)
    entered = case_facts(dossier, today)
    create_tasks(dossier, tasks_on_entering(dossier.state, entered, task_context(dossier.region_id)),
                 user, today)
    flush()
    record("update", user=user, dossier_id=dossier.id, object=f"case.{event}",
           detail=f"{from_state}->{dossier.state}")
    return dossier.state


PHASE_CHANGED = "De casus is naar een andere fase gegaan; de review volgt het ritme van de nieuwe fase."


def _cancel_reviews_of_other_phases(dossier: Dossier, user, today: date) -> None:
    """A review is planned on its phase's cadence; one left over from an earlier phase lapses."""
    current = f"safety_review:{dossier.state}"
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.kind == "safety_review",
            Task.state.in_(("open", "accepted")), Task.dedupe_key != current))):
        _apply_task_event(task, "cancel", user, reason=PHASE_CHANGED, today=today)


def create_tasks(dossier: Dossier, templates: list[TaskTemplate], user, today: date) -> list[Task]:
    """Creates the templates' tasks, skipping any whose key a pending task already has (or any
    task at all, for a template meant to be created only ``once``)."""
    keyed = db.session.execute(select(Task.dedupe_key, Task.state).where(
        Task.dossier_id == dossier.id, Task.dedupe_key.is_not(None))).all()
    pending = {key for key, state in keyed if state in PENDING_STATES}
    ever = {key for key, _ in keyed}
    created = []
    for template in templates:
        if template.dedupe_key in (ever if template.once else pending):
            continue
        pending.add(template.dedupe_key)
        ever.add(template.dedupe_key)
        task = Task(dossier_id=dossier.id, kind=template.kind, title_nl=template.title.nl[:300],
                    title_en=template.title.en[:300], organisation_id=template.org_id,
                    person_id=template.person_id, start_on=today, due_on=template.due,
                    not_before=template.not_before, dedupe_key=template.dedupe_key,
                    created_by_id=user.id if user else None)
        db.session.add(task)
        created.append(task)
    return created


# --- tasks --------------------------------------------------------------------------------------

def task_actions(task: Task, user, *, through_record: bool = False) -> list[Action]:
    """The steps ``user`` may take on ``task`` now (the reasons of the others included);
    ``through_record`` when the step comes from the operation that records the task's result."""
    spec = SPECS["task"]
    facts = TaskFacts(task.kind, through_record)
    dossier = task.dossier or db.session.get(Dossier, task.dossier_id)
    actions = []
    for transition in spec.transitions_from(task.state):
        right = Right.TASK_MANAGE if "professional" not in transition.roles else Right.TASK_WORK
        reasons = permission_reasons(transition, user.role, user.organisation.kind)
        if not can(user, right, task):
            reasons = (NO_RIGHT,) + reasons
        reasons += (_ended("task", dossier, transition.event)
                    + evaluate(spec, transition.event, facts, state=task.state))
        actions.append(Action(transition.event, transition.label, transition.dest, not reasons,
                              reasons, transition.needs_reason))
    return actions


def fire_task(task: Task, event: str, user, *, reason: str = "", result: str = "", version=NO_FORM,
              today: date | None = None, through_record: bool = False) -> Task:
    """Takes a step on a task; ``through_record`` when the operation that records the task's
    result (the screening, the closed review) completes it."""
    today = today or clock.today()
    check_version(task, version)
    action = next((a for a in task_actions(task, user, through_record=through_record)
                   if a.event == event), None)
    if action is None:
        raise Refused((Reason("not_possible_in_state", "Deze stap kan niet in de huidige status van de taak.",
                              "This step is not possible in the task's current state."),))
    reasons = action.reasons
    if action.needs_reason and not (reason or "").strip():
        reasons += (REASON_REQUIRED,)
    if event == "complete" and not (result or "").strip():
        reasons += (RESULT_REQUIRED,)
    if reasons:
        record("update", user=user, dossier_id=task.dossier_id, outcome="denied", object=f"task.{event}:{task.id}",
               detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    return _apply_task_event(task, event, user, reason=reason, result=result, today=today)


def _apply_task_event(task: Task, event: str, user, *, reason: str = "", result: str = "",
                      today: date) -> Task:
    """Moves, logs and records a task step whose permission has been settled."""
    from_state = task.state
    _move("task", task, event)
    if event == "decline":
        task.decline_reason = reason.strip()
    if event == "complete":
        task.result = result.strip()
    if task.state in ("done", "cancelled", "reassigned"):
        task.closed_at = utcnow()
    _log("task", task.dossier_id, task, event, from_state, task.state, user,
         reason if event != "complete" else result)
    if event == "complete" and task.kind == "safety_review":
        dossier = db.session.get(Dossier, task.dossier_id)
        if dossier.state in ACTIVE_PHASES:
            facts = case_facts(dossier, today)
            create_tasks(dossier, [next_review_task(dossier.state, facts, task_context(dossier.region_id),
                                                    after=today)], user, today)
    flush()
    record("update", user=user, dossier_id=task.dossier_id, person_id=task.person_id,
           object=f"task.{event}:{task.id}")
    return task


def reassign_task(task: Task, user, *, organisation_id: int, due_on: date, version=NO_FORM,
                  today: date | None = None) -> Task:
    """Closes a task as reassigned and gives its work to another organisation on the team."""
    today = today or clock.today()
    on_team = db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.dossier_id == task.dossier_id, TeamMembership.organisation_id == organisation_id,
        TeamMembership.status == "active"))
    reasons = ((NOT_ON_TEAM,) if on_team is None else ()) + (
        (DUE_BEFORE_TODAY,) if due_on is None or due_on < today else ())
    if on_team is not None and not may_take_over(db.session.get(Organisation, organisation_id), task,
                                                 db.session.get(Dossier, task.dossier_id)):
        reasons += (HEALTH_TASK,)
    if reasons:
        record("update", user=user, dossier_id=task.dossier_id, outcome="denied",
               object=f"task.reassign:{task.id}", detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    fire_task(task, "reassign", user, version=version, today=today)
    return _successor(task, user, organisation_id, due_on, today)


def hand_over_task(task: Task, user, *, organisation_id: int, reason: str,
                   today: date | None = None) -> Task:
    """The engine's own reassignment, as the consequence of a step ``user`` was allowed to take
    (Veilig Thuis joins the team, a partner leaves it, Veilig Thuis records its assessment): the
    task goes along the reassign path to ``organisation_id`` with its due date, logged with
    ``reason``."""
    today = today or clock.today()
    _apply_task_event(task, "reassign", user, reason=reason, today=today)
    return _successor(task, user, organisation_id, task.due_on, today)


def _successor(task: Task, user, organisation_id: int, due_on: date, today: date) -> Task:
    successor = Task(dossier_id=task.dossier_id, kind=task.kind, title_nl=task.title_nl,
                     title_en=task.title_en, organisation_id=organisation_id, person_id=task.person_id,
                     start_on=today, due_on=due_on, not_before=task.not_before,
                     dedupe_key=task.dedupe_key, replaces_id=task.id,
                     created_by_id=user.id if user else None)
    db.session.add(successor)
    flush()
    record("create", user=user, dossier_id=task.dossier_id, person_id=task.person_id,
           object=f"task:{successor.id}", detail=f"replaces task {task.id}")
    return successor


# --- team membership ----------------------------------------------------------------------------

ENDING_EVENTS = ("leave", "withdraw")


def fire_membership(membership: TeamMembership, event: str, user, *, reason: str = "",
                    today: date | None = None) -> TeamMembership:
    """Answers, ends or withdraws a team membership. The invited organisation answers its own
    invitation (and may leave); the coordinator ends another organisation's membership or withdraws
    its invitation. Tasks follow: Veilig Thuis joining takes over the safety assessment the
    coordinator's organisation held in its place; a leaving organisation's open tasks go back to
    the coordinator's organisation, to be given to another partner or cancelled."""
    today = today or clock.today()
    spec = SPECS["team_membership"]
    transition = spec.transition(event, membership.status)
    if transition is None:
        raise Refused((Reason("not_possible_in_state", "Deze stap kan niet meer.",
                              "This step is no longer possible."),))
    dossier = membership.dossier or db.session.get(Dossier, membership.dossier_id)
    ends = event in ENDING_EVENTS
    allowed = can(user, Right.MEMBERSHIP_RESPOND, membership) or (
        ends and can(user, Right.MEMBERSHIP_END, membership))
    reasons = permission_reasons(transition, user.role, user.organisation.kind)
    if not allowed:
        reasons = (NO_RIGHT,) + reasons
    reasons += _ended("team_membership", dossier, event)
    if ends and membership.organisation_id == dossier.coordinator.organisation_id:
        reasons += (COORDINATOR_ORG_STAYS,)
    if transition.needs_reason and not (reason or "").strip():
        reasons += (REASON_REQUIRED,)
    if reasons:
        record("update", user=user, dossier_id=membership.dossier_id, outcome="denied",
               object=f"team.{event}:{membership.organisation_id}",
               detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    from_state = membership.status
    _move("team_membership", membership, event)
    if event == "accept":
        membership.joined_on = today
    if ends:
        membership.left_on = today
    if reason:
        membership.reason = reason.strip()
    _log("team_membership", membership.dossier_id, membership, event, from_state, membership.status,
         user, reason)
    if event == "accept" and membership.organisation.kind == "vt":
        _take_over_safety_assessment(dossier, membership, user, today)
    if event == "leave":
        _hand_back_tasks(dossier, membership, user, reason, today)
    flush()
    record("update", user=user, dossier_id=membership.dossier_id,
           object=f"team.{event}:{membership.organisation_id}")
    return membership


def _take_over_safety_assessment(dossier: Dossier, membership: TeamMembership, user, today: date) -> None:
    """Without Veilig Thuis on the team the assessment task went to the coordinator's organisation;
    once Veilig Thuis joins, the task is theirs."""
    fallback = dossier.coordinator.organisation_id
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.kind == "safety_assessment",
            Task.organisation_id == fallback, Task.state.in_(OPEN_STATES)))):
        hand_over_task(task, user, organisation_id=membership.organisation_id, today=today,
                       reason=f"{membership.organisation.name} is in het team gekomen en neemt de "
                              "veiligheidsbeoordeling over.")


def _hand_back_tasks(dossier: Dossier, membership: TeamMembership, user, reason: str, today: date) -> None:
    """A leaving organisation's pending tasks go back to the coordinator's organisation."""
    coordinator_org = dossier.coordinator.organisation_id
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.organisation_id == membership.organisation_id,
            Task.state.in_(PENDING_STATES)).order_by(Task.id))):
        hand_over_task(task, user, organisation_id=coordinator_org, today=today,
                       reason=f"{membership.organisation.name} is uit het team: {reason.strip()}")
