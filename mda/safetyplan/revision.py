"""After a relapse the case coordinator revises the safety plan with the team.

The relapse gives the coordinator's organisation a task (``workflows.plan_revision_task``); the
plan is not touched by the relapse itself. It is reopened when the coordinator acts, in their
name (``operations.reopen_after_relapse``), or revised when they save a new version: either
completes the task. Reopening voids the partners' confirmations and asks each to confirm again;
phase 2 waits for those (``workflows.guards.safety_plan_agreed``). The coordinator's task ends with
their own act, not with the partners' confirmations: those are the partners' tasks.
"""
from datetime import date

from sqlalchemy import select

from mda.access import Action
from mda.audit.log import record
from mda.casework.facts import case_facts
from mda.conferences.models import Conference
from mda.engine.core import fire, following
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.tasks.creation import create_tasks
from mda.tasks.lifecycle import reassign
from mda.tasks.models import PENDING_STATES, Task
from workflows import plan_revision_task

REVISION = "safety_plan_revision"
TAKEN_BACK = "De casusregisseur herziet het veiligheidsplan zelf met het team."


def pending_revision(dossier_id: int) -> Task | None:
    """The coordinator's pending task to revise the plan after a relapse, if any."""
    return db.session.scalar(select(Task).where(
        Task.dossier_id == dossier_id, Task.kind == REVISION, Task.state.in_(PENDING_STATES))
        .order_by(Task.id).limit(1))


def next_conference(dossier_id: int, today: date) -> Conference | None:
    """The dossier's next planned case conference, from ``today`` on."""
    return db.session.scalar(select(Conference).where(
        Conference.dossier_id == dossier_id, Conference.stage == "planned", Conference.held_on >= today)
        .order_by(Conference.held_on, Conference.starts_at, Conference.id).limit(1))


def ask_for_revision(dossier, user, today: date) -> list[Task]:
    """The relapse's work for the coordinator: revise the plan with the team (when there is one)."""
    templates = plan_revision_task(case_facts(dossier, today), today, task_context(dossier.region_id, today))
    created = create_tasks(dossier, templates, user, today)
    for task in created:
        record("create", user=user, dossier_id=dossier.id, object=f"task:{task.id}", detail=REVISION)
    return created


def complete_revision(user, dossier, task: Task, result: str, today: date) -> None:
    """The coordinator's act on the plan does the task, authorised by their right to reopen it."""
    with following(user, Action.PLAN_REOPEN, dossier, "safety_plan.reopen"):
        if task.state == "declined":
            task = reassign(task, user, organisation_id=dossier.coordinator.organisation_id, reason=TAKEN_BACK,
                            today=today)
        if task.state == "open":
            fire(task, "accept", user, today=today)
        fire(task, "complete", user, result=result, through_record=True, today=today)
