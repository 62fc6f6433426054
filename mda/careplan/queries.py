"""Read models of the care plan and screenings: a fixed number of queries whatever the amount of
data. Health data is put in only for users who may see it; everyone else gets the fact that a
goal exists and the status of each screening, never their content."""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mda.careplan.instruments import instrument_name
from mda.careplan.operations import SETTLING_STATUSES, follow_up_advised, too_soon
from mda.extensions import db
from mda.careplan.models import CareGoal, CareIntervention, TraumaScreening
from mda.tasks.models import OPEN_STATES, Task
from workflows.guards import SCREENED_ROLES

PLAN_TASK_KINDS = ("trauma_screening", "treatment", "care_intervention")


@dataclass
class GoalView:
    goal: CareGoal | None            # None: a health-related goal the user may not read
    interventions: list = field(default_factory=list)   # (intervention, task or None)
    scope: str = "person"
    persons: tuple = ()              # the persons of a goal for a pair


@dataclass
class ScreeningView:
    status: str                       # open, done, refused, postponed
    screening: TraumaScreening | None = None   # health viewers only
    instrument: str = ""
    too_soon: bool = False
    follow_up: bool = False
    treatment: Task | None = None


@dataclass
class PersonPlan:
    person: object
    goals: list = field(default_factory=list)
    screened: bool = False
    screening: ScreeningView | None = None
    may_record: bool = False
    untreated: bool = False           # a positive screening without a treatment task (health viewers only)
    follow_up: bool = False           # a screening with follow-up advised and no treatment task (idem)
    covered: bool = False             # a goal for this person, for a pair with them, or for the family


@dataclass
class CarePlan:
    """The care plan as the dossier page shows it: the goals for the family system (the family as
    a whole first, then each pair) beside the goals and screening per person."""
    systemic: list = field(default_factory=list)   # GoalView
    persons: list = field(default_factory=list)    # PersonPlan


def care_plan(dossier, user, *, health: bool) -> CarePlan:
    """The goals for the family as a whole and for pairs, and per person in the dossier: goals and,
    for victims, perpetrators and children, screening."""
    goals = list(db.session.scalars(select(CareGoal).where(CareGoal.dossier_id == dossier.id)
                                    .order_by(CareGoal.id)))
    interventions = list(db.session.scalars(
        select(CareIntervention).join(CareGoal, CareIntervention.goal_id == CareGoal.id)
        .where(CareGoal.dossier_id == dossier.id).options(joinedload(CareIntervention.organisation))
        .order_by(CareIntervention.id)))
    screenings = list(db.session.scalars(select(TraumaScreening).where(TraumaScreening.dossier_id == dossier.id)
                                         .order_by(TraumaScreening.id)))
    tasks = {task.id: task for task in db.session.scalars(
        select(Task).where(Task.dossier_id == dossier.id, Task.kind.in_(PLAN_TASK_KINDS)))}
    plans = {person.id: PersonPlan(person, screened=person.role in SCREENED_ROLES) for person in dossier.persons}
    views, systemic = {}, []
    for goal in sorted(goals, key=lambda g: (g.scope != "family", g.id)):
        view = GoalView(goal if health or not goal.health_related else None, scope=goal.scope,
                        persons=tuple(plans[p].person for p in (goal.person_id, goal.partner_id) if p in plans))
        views[goal.id] = view
        if goal.scope == "person" and goal.person_id in plans:
            plans[goal.person_id].goals.append(view)
        elif goal.scope != "person":
            systemic.append(view)
        for person_id in goal.person_ids(plans):
            if person_id in plans:
                plans[person_id].covered = True
    for intervention in interventions:
        view = views.get(intervention.goal_id)
        if view is not None and view.goal is not None:
            view.interventions.append((intervention, tasks.get(intervention.task_id)))
    latest = {screening.person_id: screening for screening in screenings}
    own_tasks = {task.person_id for task in tasks.values() if task.kind == "trauma_screening"
                 and task.state in OPEN_STATES and task.organisation_id == user.organisation_id}
    for plan in plans.values():
        if not plan.screened:
            continue
        screening = latest.get(plan.person.id)
        plan.screening = ScreeningView("open") if health else ScreeningView(shared_status(screening))
        plan.may_record = plan.person.id in own_tasks
        if health and screening is not None:
            plan.screening = screening_view(dossier, screening, tasks.get(screening.treatment_task_id))
            plan.untreated = any(s.positive and s.treatment_task_id is None for s in screenings
                                 if s.person_id == plan.person.id)
            plan.follow_up = any(follow_up_advised(s) and s.treatment_task_id is None for s in screenings
                                 if s.person_id == plan.person.id)
    return CarePlan(systemic, list(plans.values()))


def shared_status(screening: TraumaScreening | None) -> str:
    """What everyone on the team may know of a screening: completed or not, exactly when its task
    is (a screening done or refused completes the task, a postponed one leaves it open). Whether
    it was done, refused or postponed is health data, like its result."""
    return "completed" if screening is not None and screening.status in SETTLING_STATUSES else "not_completed"


def screening_view(dossier, screening: TraumaScreening, treatment: Task | None = None) -> ScreeningView:
    """Everything about one screening: for health viewers only."""
    return ScreeningView(
        screening.status, screening, instrument_name(screening.instrument, screening.other_instrument),
        screening.status == "done" and too_soon(dossier, screening.screened_on),
        follow_up_advised(screening), treatment)


def person_screenings(dossier, person_id: int) -> list[ScreeningView]:
    """A person's screenings, newest first (health viewers only)."""
    rows = db.session.scalars(select(TraumaScreening).where(
        TraumaScreening.dossier_id == dossier.id, TraumaScreening.person_id == person_id)
        .order_by(TraumaScreening.id.desc()))
    return [screening_view(dossier, row) for row in rows]


def load_goal(dossier, goal_id: int) -> CareGoal | None:
    return db.session.scalar(select(CareGoal).where(CareGoal.id == goal_id, CareGoal.dossier_id == dossier.id))
