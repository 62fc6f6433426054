"""Reviews follow the case: each phase has its own cadence (``workflows.REVIEW_CADENCE``), a review
left over from an earlier phase lapses, and completing a review plans the next one. A partner that
joins the team while a review is open is asked to score in it too; one that leaves no longer is.

A temporary restraining order is driven by the engine (``workflows.RESTRAINING_ORDER_WORKFLOW``):
an extension needs its new end date, and extending or withdrawing it settles the open task to
decide on its extension."""
from sqlalchemy import select

from mda.casework.facts import case_facts
from mda.dossiers.models import Dossier
from mda.engine.core import Lifecycle, Step, effect, fire, register
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.reviews.operations import ask_to_score, score_tasks
from mda.reviews.orders import EXTENDED_RESULT, LIFTED_REASON, extension_task
from mda.reviews.queries import open_review_of
from mda.tasks.creation import create_tasks
from mda.tasks.models import OPEN_STATES, Task
from workflows import ACTIVE_PHASES, Reason, next_review_task
from workflows.text import format_date
from workflows.vocabulary import NON_PLAN_ORG_KINDS

LEFT_THE_TEAM = "De organisatie is uit het team; haar score is niet meer nodig."
PHASE_CHANGED = "De casus is naar een andere fase gegaan; de review volgt het ritme van de nieuwe fase."


@effect("case", order=20)
def cancel_reviews_of_other_phases(step: Step) -> None:
    """A review is planned on its phase's cadence; one left over from an earlier phase lapses."""
    dossier: Dossier = step.row
    current = f"safety_review:{dossier.state}"
    for task in list(db.session.scalars(select(Task).where(
            Task.dossier_id == dossier.id, Task.kind == "safety_review",
            Task.state.in_(OPEN_STATES), Task.dedupe_key != current))):
        fire(task, "cancel", step.user, reason=PHASE_CHANGED, today=step.today)


@effect("task", "complete", order=40)
def plan_the_next_review(step: Step) -> None:
    task: Task = step.row
    if task.kind != "safety_review":
        return
    dossier = db.session.get(Dossier, task.dossier_id)
    if dossier.state in ACTIVE_PHASES:
        facts = case_facts(dossier, step.today)
        create_tasks(dossier, [next_review_task(dossier.state, facts, task_context(dossier.region_id),
                                                after=step.today)], step.user, step.today)


@effect("team_membership", "accept", order=20)
def a_new_partner_scores_in_the_open_review(step: Step) -> None:
    membership = step.row
    if membership.organisation.kind in NON_PLAN_ORG_KINDS:
        return
    dossier = membership.dossier or db.session.get(Dossier, membership.dossier_id)
    review = open_review_of(dossier.id)
    if review is not None and membership.organisation_id != dossier.coordinator.organisation_id:
        ask_to_score(step.user, dossier, review, [membership.organisation_id], step.today)


@effect("team_membership", "leave", order=5)
def a_leaving_partner_no_longer_scores(step: Step) -> None:
    """Before the leaving partner's other tasks go back to the coordinator's organisation."""
    membership = step.row
    review = open_review_of(membership.dossier_id)
    if review is None:
        return
    for task in score_tasks(review, membership.organisation_id):
        fire(task, "cancel", step.user, reason=LEFT_THE_TEAM, today=step.today)


NEW_END_REQUIRED = Reason("new_end_required", "Vul de dag in tot wanneer het huisverbod is verlengd.",
                          "Enter the day until which the restraining order has been extended.")
DECIDED_IN_FUTURE = Reason("decided_in_future", "De dag van het besluit kan niet in de toekomst liggen.",
                           "The day of the decision cannot be in the future.")


def _order_checks(step: Step) -> tuple[Reason, ...]:
    reasons = ()
    if step.event == "extend" and step.data.get("ends_on") is None and not step.offering:
        reasons += (NEW_END_REQUIRED,)
    decided_on = step.data.get("decided_on")
    if decided_on is not None and decided_on > step.today:
        reasons += (DECIDED_IN_FUTURE,)
    return reasons


def _order_apply(step: Step) -> None:
    order = step.row
    decided_on = step.data.get("decided_on") or step.today
    if step.event == "extend":
        order.ends_on, order.extended_on = step.data["ends_on"], decided_on
    elif step.event == "lift":
        order.lifted_on, order.lift_reason = decided_on, step.reason


register(Lifecycle(
    "restraining_order",
    facts=lambda order, today, data: order.workflow_facts(today, data.get("ends_on")),
    dossier_state=lambda order: order.dossier.state,
    checks=_order_checks,
    apply=_order_apply,
    person=lambda order: order.person_id,
))


@effect("restraining_order", order=30)
def the_extension_is_decided(step: Step) -> None:
    """An extension recorded, or a withdrawal, settles the open task to decide on the extension."""
    task = extension_task(step.row)
    if task is None:
        return
    if step.event == "lift":
        fire(task, "cancel", step.user, reason=LIFTED_REASON, today=step.today)
        return
    if task.state == "open":
        fire(task, "accept", step.user, today=step.today)
    fire(task, "complete", step.user, today=step.today,
         result=step.data.get("result") or EXTENDED_RESULT.format(day=format_date(step.row.ends_on, "nl")))
