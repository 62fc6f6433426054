"""How the engine drives a task (``workflows.TASK_WORKFLOW``), and how tasks follow the team.

The organisation holding a task accepts, declines and completes it (``task.work``); the case
coordinator reassigns or cancels it (``task.manage``). Reassigning closes the task and gives its
work, with its key, to another active partner on the team of a kind that does that work
(``workflows.TASK_HOLDERS``; the coordinator's organisation may always stand in). When a partner
joins the team it takes over the work the coordinator's organisation held in its place (Veilig
Thuis the safety assessment, the police the risk assessment, a care partner the trauma
screenings); a partner that leaves hands its pending tasks back to the coordinator's organisation.
"""
from datetime import date

from sqlalchemy import select

from mda.access.policy import may_take_over
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, flush
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.core import Lifecycle, Step, effect, fire, register
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks import handle_with_care as hwc
from mda.tasks.models import CLOSED_STATES, OPEN_STATES, PENDING_STATES, Task
from workflows import (ENDED_DOSSIER_TASK_KINDS, FOLLOW_UP_ROUTES, Reason, TaskFacts, holder_reasons,
                       kinds_taken_over_by, step_refusal, task_steps)

RESULT_REQUIRED = Reason("result_required", "Beschrijf kort het resultaat van de taak.",
                         "Describe the result of the task in a few words.")
NOT_ON_TEAM = Reason("not_on_team", "Een taak kan alleen naar een actieve partner in het team.",
                     "A task can only go to an active partner on the team.")
HEALTH_TASK = Reason("health_task", "Deze taak bevat gezondheidsgegevens en kan alleen naar een zorgpartner.",
                     "This task holds health data and can only go to a care partner.")
NOT_A_SCHOOL = Reason("not_a_school", "Een Handle with Care-signaal gaat alleen naar een school of kinderopvang in "
                      "de regio.", "A Handle with Care signal only goes to a school or childcare of the region.")
UNKNOWN_FOLLOW_UP = Reason("unknown_follow_up", "Kies wat er na het onderzoek volgt uit de lijst.",
                           "Choose from the list what follows the investigation.")
DUE_BEFORE_TODAY = Reason("due_before_today", "De uiterste datum kan niet vóór vandaag liggen.",
                          "The due date cannot be before today.")


def _dossier(task: Task) -> Dossier:
    return task.dossier or db.session.get(Dossier, task.dossier_id)


def _checks(step: Step) -> tuple[Reason, ...]:
    """The input a step needs: a step its kind of task has; a completed task's result; for a
    reassigned one, an active partner on the team of a kind that does this work (or the
    coordinator's organisation, standing in) that may hold it (for a school's signal: a school of
    the region), and a due date not in the past (a task handed on with its own due date keeps it)."""
    task: Task = step.row
    if step.offering:
        return ()
    refusal = step_refusal(task.kind, step.event)
    if refusal is not None:
        return (refusal,)
    if step.event == "complete" and not (step.data.get("result") or "").strip():
        return (RESULT_REQUIRED,)
    if step.event == "complete" and step.data.get("follow_up") not in (None, "", *FOLLOW_UP_ROUTES):
        return (UNKNOWN_FOLLOW_UP,)
    if step.event != "reassign":
        return ()
    organisation_id = step.data.get("organisation_id")
    due_on = step.data.get("due_on", task.due_on)
    reasons = ()
    if due_on is None or (due_on < step.today and due_on != task.due_on):
        reasons += (DUE_BEFORE_TODAY,)
    if task.kind == "school_signal":  # it goes to the child's school, which is never on the team
        if organisation_id not in {org.id for org in school_candidates(task)}:
            reasons = (NOT_A_SCHOOL,) + reasons
        return reasons
    on_team = organisation_id is not None and db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.dossier_id == task.dossier_id, TeamMembership.organisation_id == organisation_id,
        TeamMembership.status == "active")) is not None
    if not on_team:
        return (NOT_ON_TEAM,) + reasons
    organisation, dossier = db.session.get(Organisation, organisation_id), _dossier(task)
    reasons += holder_reasons(task.kind, organisation.kind, organisation.name,
                              coordinators_organisation=organisation.id == dossier.coordinator.organisation_id)
    if not may_take_over(organisation, task, dossier):
        reasons += (HEALTH_TASK,)
    return reasons


def _apply(step: Step) -> None:
    task: Task = step.row
    if step.event == "decline":
        task.decline_reason = step.reason
    if step.event == "complete":
        task.result = step.data["result"].strip()
    if task.state in CLOSED_STATES:
        task.closed_at = clock.utcnow()


def school_candidates(task: Task) -> list[Organisation]:
    return hwc.school_candidates(_dossier(task).region_id, but=task.organisation_id)


register(Lifecycle(
    "task",
    facts=lambda task, today, data: TaskFacts(task.kind, bool(data.get("through_record"))),
    # on an ended dossier a task can only be withdrawn, but the work a closed dossier still asks for
    dossier_state=lambda task: None if task.kind in ENDED_DOSSIER_TASK_KINDS else _dossier(task).state,
    on_ended=frozenset({"cancel"}),
    checks=_checks,
    apply=_apply,
    label=lambda task, event: f"task.{event}:{task.id}",
    log_reason=lambda step: (step.data.get("result") or "").strip() if step.event == "complete" else step.reason,
    person=lambda task: task.person_id,
    offers=lambda task, event: event in task_steps(task.kind),
))


@effect("task", "reassign", order=10)
def give_the_work_to_the_new_organisation(step: Step) -> None:
    task: Task = step.row
    successor = Task(dossier_id=task.dossier_id, kind=task.kind, title_nl=task.title_nl,
                     title_en=task.title_en, organisation_id=step.data["organisation_id"],
                     person_id=task.person_id, start_on=step.today,
                     due_on=step.data.get("due_on", task.due_on), due_time=task.due_time,
                     not_before=task.not_before,
                     dedupe_key=task.dedupe_key, replaces_id=task.id,
                     created_by_id=step.user.id if step.user else None)
    db.session.add(successor)
    flush()
    record("create", user=step.user, dossier_id=task.dossier_id, person_id=task.person_id,
           object=f"task:{successor.id}", detail=f"replaces task {task.id}")


def successor_of(task: Task) -> Task | None:
    """The task that took over ``task``'s work when it was reassigned."""
    return db.session.scalar(select(Task).where(Task.replaces_id == task.id).order_by(Task.id.desc()).limit(1))


def reassign(task: Task, user, *, organisation_id: int, due_on: date | None = None, reason: str = "",
             version=NO_FORM, today: date | None = None) -> Task:
    """Gives ``task``'s work to another organisation on the team (by ``due_on``, default its own
    due date); returns the new task."""
    fire(task, "reassign", user, organisation_id=organisation_id,
         due_on=task.due_on if due_on is None else due_on, reason=reason, version=version, today=today)
    return successor_of(task)


@effect("team_membership", "accept", order=10)
def the_partner_takes_over_its_work(step: Step) -> None:
    """Without a partner of the right kind on the team, its work went to the coordinator's
    organisation as a stand-in; once the partner joins, that work is its own: Veilig Thuis's
    safety assessment, the police's risk assessment, a care partner's trauma screenings."""
    membership: TeamMembership = step.row
    dossier = membership.dossier or db.session.get(Dossier, membership.dossier_id)
    fallback = dossier.coordinator.organisation
    kinds = kinds_taken_over_by(membership.organisation.kind, fallback.kind)
    if not kinds or membership.organisation_id == fallback.id:
        return
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.kind.in_(kinds),
            Task.organisation_id == fallback.id, Task.state.in_(OPEN_STATES)).order_by(Task.id))):
        reassign(task, step.user, organisation_id=membership.organisation_id, today=step.today,
                 reason=f"{membership.organisation.name} is in het team gekomen en neemt dit werk over.")


@effect("team_membership", "leave", order=10)
def hand_back_the_tasks_of_a_leaving_partner(step: Step) -> None:
    """A leaving organisation's pending tasks go back to the coordinator's organisation, to be
    given to another partner or cancelled."""
    membership: TeamMembership = step.row
    dossier = membership.dossier or db.session.get(Dossier, membership.dossier_id)
    coordinator_org = dossier.coordinator.organisation_id
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.organisation_id == membership.organisation_id,
            Task.state.in_(PENDING_STATES)).order_by(Task.id))):
        reassign(task, step.user, organisation_id=coordinator_org, today=step.today,
                 reason=f"{membership.organisation.name} is uit het team: {step.reason}")
