"""How the engine drives an escalation (``workflows.ESCALATION_WORKFLOW``), what follows its steps,
and how every dossier's last progress is kept.

Raising and each rise put the escalation at a level of the region's ladder: the level is recorded
with its time limit, and those who act on it and the case coordinator get an inbox item (recorded
as notified). A level with nobody to act on it rises at the next run of the detection. Resolving
records the decision; its tasks are created for the partners it names, and the coordinator and the
team are told. A dossier that closes or is handed over withdraws its open escalation. A phase
change and a completed task are the dossier's progress.
"""
from datetime import date

from sqlalchemy import select

from mda.access.policy import rung_members
from mda.audit.log import record
from mda.core.persistence import flush
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.core import Lifecycle, Step, effect, fire, register
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice
from mda.escalation.progress import mark_progress
from mda.escalation.queries import open_escalation
from mda.extensions import db
from mda.inbox.operations import notify
from mda.orgs.calendar import task_context
from mda.tasks.creation import create_tasks
from mda.tasks.models import Task
from workflows import ENDED_STATES, RUNGS, EscalationFacts, Label, Reason, TaskTemplate, rises_on
from workflows.text import format_date

ALREADY_ESCALATED = Reason(
    "already_escalated",
    "Voor dit dossier loopt al een escalatie; leg die zo nodig een niveau hoger.",
    "This dossier already has an open escalation; move that one up a level if needed.")
DECISION_TASK_INCOMPLETE = Reason(
    "decision_task_incomplete",
    "Geef bij elke taak uit het besluit een partner uit het team, wat er moet gebeuren en een datum vanaf vandaag.",
    "For each task of the decision, give a partner on the team, what is to be done and a date from today on.")
DOSSIER_ENDED_REASON = "Het dossier is afgesloten of overgedragen; de escalatie vervalt."


def escalation_url(escalation_id: int) -> str:
    return f"/escalaties/{escalation_id}"


def dossier_url(dossier_id: int) -> str:
    return f"/dossiers/{dossier_id}#escalatie"


def _dossier(escalation: Escalation) -> Dossier:
    return escalation.dossier or db.session.get(Dossier, escalation.dossier_id)


def _level(escalation: Escalation, state: str | None) -> int:
    """The level the escalation is at in ``state`` (0 before it is raised)."""
    return 0 if state in (None, "new") else escalation.level


def _target(escalation: Escalation, data: dict, state: str | None) -> int:
    """The level a step from ``state`` puts the escalation at: the one chosen, else the next."""
    try:
        return int(data.get("level"))
    except (TypeError, ValueError):
        return _level(escalation, state) + 1


def _facts(escalation: Escalation, today: date, data: dict) -> EscalationFacts:
    state = escalation.state or "new"
    return EscalationFacts(state, _level(escalation, state), _target(escalation, data, state),
                           len(_dossier(escalation).region.ladder))


def decision_tasks(dossier_id: int, tasks, today: date) -> tuple[Reason, ...]:
    """A decision's tasks each name an active partner on the team, the work and a day from today."""
    team = set(db.session.scalars(select(TeamMembership.organisation_id).where(
        TeamMembership.dossier_id == dossier_id, TeamMembership.status == "active")))
    for task in tasks:
        if (task.get("organisation_id") not in team or not (task.get("text") or "").strip()
                or task.get("due_on") is None or task["due_on"] < today):
            return (DECISION_TASK_INCOMPLETE,)
    return ()


def _checks(step: Step) -> tuple[Reason, ...]:
    if step.offering:
        return ()
    escalation: Escalation = step.row
    if step.event == "raise" and open_escalation(escalation.dossier_id) is not None:
        return (ALREADY_ESCALATED,)
    if step.event == "resolve":
        return decision_tasks(escalation.dossier_id, step.data.get("tasks", ()), step.today)
    return ()


def _apply(step: Step) -> None:
    escalation: Escalation = step.row
    user_id = step.user.id if step.user else None
    if step.event in ("raise", "rise"):
        with db.session.no_autoflush:  # the row has moved: the engine's flush finds a stale one
            dossier = _dossier(escalation)
            level = _target(escalation, step.data, step.from_state)
            rung = dossier.region.ladder[level - 1]
            calendar = task_context(dossier.region_id).calendar
        escalation.level, escalation.rung, escalation.level_since = level, rung.who, step.today
        escalation.rises_on = rises_on(step.today, rung, calendar)
        question = (step.data.get("question") or "").strip()
        if question:
            escalation.question = question
        if step.event == "raise":
            escalation.reason, escalation.raised_by_id, escalation.raised_on = step.reason, user_id, step.today
            escalation.signals = " ".join(step.data.get("signals", ()))
            db.session.add(escalation)
        return
    escalation.outcome, escalation.ended_by_id, escalation.ended_on = step.reason, user_id, step.today
    escalation.rises_on = None


register(Lifecycle(
    "escalation",
    facts=_facts,
    dossier_state=lambda escalation: _dossier(escalation).state,
    on_ended=frozenset({"resolve", "withdraw"}),
    checks=_checks,
    apply=_apply,
    label=lambda escalation, event: f"escalation.{event}:{escalation.id}",
))


@effect("escalation", "raise", "rise", order=10)
def tell_the_new_level(step: Step) -> None:
    """The level is recorded; those who act on it and the coordinator are told (not whoever took
    the step). Nobody to act on it: it rises at the next run."""
    escalation: Escalation = step.row
    dossier = _dossier(escalation)
    level = EscalationLevel(level=escalation.level, rung=escalation.rung, reached_on=step.today,
                            rises_on=escalation.rises_on, by_id=step.user.id if step.user else None,
                            reason=step.reason)
    escalation.levels.append(level)
    flush()
    actors = [user.id for user in db.session.scalars(rung_members(escalation.rung, dossier))]
    everyone = set(actors) | {dossier.coordinator_id}
    actor = step.user.id if step.user else None
    key = f"escalation:{escalation.id}:level:{escalation.level}"
    notify("escalation", url=escalation_url(escalation.id), key=key, dossier_id=dossier.id,
           users=[user_id for user_id in actors if user_id != actor], today=step.today)
    if dossier.coordinator_id != actor and dossier.coordinator_id not in actors:
        notify("case_escalated", url=dossier_url(dossier.id), key=key, dossier_id=dossier.id,
               users=[dossier.coordinator_id], today=step.today)
    level.notices.extend(EscalationNotice(user_id=user_id) for user_id in sorted(everyone - {actor}))
    if not actors and escalation.rises_on is not None:
        escalation.rises_on = level.rises_on = step.today


@effect("escalation", "resolve", order=10)
def carry_out_the_decision(step: Step) -> None:
    """The decision's tasks go to the partners it names; the coordinator and the team are told."""
    escalation: Escalation = step.row
    dossier = _dossier(escalation)
    who, day = RUNGS[escalation.rung], format_date(step.today, "nl")
    templates = [TaskTemplate(
        kind="other", org_id=task["organisation_id"], person_id=None, due=task["due_on"],
        title=Label(f"Besluit {who.nl} {day}: {task['text'].strip()}",
                    f"Decision of the {who.en} {format_date(step.today, 'en')}: {task['text'].strip()}"),
        dedupe_key=f"escalation:{escalation.id}:task:{number}")
        for number, task in enumerate(step.data.get("tasks", ()), start=1)]
    for task in create_tasks(dossier, templates, step.user, step.today):
        flush()
        record("create", user=step.user, dossier_id=dossier.id, object=f"task:{task.id}",
               detail=f"escalation {escalation.id}")
    team = db.session.scalars(select(TeamMembership.organisation_id).where(
        TeamMembership.dossier_id == dossier.id, TeamMembership.status == "active"))
    notify("steering_decision" if escalation.rung == "steering" else "escalation_resolved",
           url=dossier_url(dossier.id), key=f"escalation:{escalation.id}:decision", dossier_id=dossier.id,
           users=[dossier.coordinator_id], organisation_ids=list(team), today=step.today)


@effect("case", order=90)
def the_case_moved(step: Step) -> None:
    """A phase change is progress; a case that ends withdraws its open escalation."""
    dossier: Dossier = step.row
    mark_progress(dossier.id)
    escalation = open_escalation(dossier.id) if dossier.state in ENDED_STATES else None
    if escalation is not None:
        fire(escalation, "withdraw", step.user, reason=DOSSIER_ENDED_REASON, today=step.today)


@effect("task", "complete", order=90)
def a_task_was_completed(step: Step) -> None:
    task: Task = step.row
    mark_progress(task.dossier_id)
