"""Domain operations on the care plan and trauma screenings. Each validates, changes, flushes
and writes the access log; the request boundary commits. Tasks are created and completed only
through the engine (``create_tasks``, ``fire``)."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from mda.access import Action, can
from mda.audit.log import record
from mda.careplan.instruments import InvalidResult, Problem, judge
from mda.core import clock
from mda.core.persistence import check_version, flush
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier, Person
from mda.engine.core import fire, following
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.errors import RuleError
from mda.extensions import db
from mda.orgs.models import NON_TEAM_KINDS
from mda.careplan.models import CareGoal, CareIntervention, GOAL_KINDS, GOAL_SCOPES, RISK_FACTORS, TraumaScreening
from mda.tasks.models import OPEN_STATES, PENDING_STATES, Task
from workflows import ACTIVE_PHASES, Label, TaskTemplate
from workflows.guards import SCREENED_ROLES

SCREENING_AFTER_EVENT = timedelta(weeks=4)
TREATMENT_TERM = 10  # working days to start the treatment offer
DONE_RESULT = "Traumascreening uitgevoerd en vastgelegd in het zorgplan."
REFUSED_RESULT = "Traumascreening geweigerd; de reden is vastgelegd in het zorgplan."
REASON_REQUIRED = _l("Give the reason why the screening was refused or postponed.")
# A screening with one of these statuses completes the person's screening task; a postponed one
# leaves it open.
SETTLING_STATUSES = ("done", "refused")


class InvalidScreening(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p.message) for p in problems))
        self.problems = problems


@dataclass
class Recorded:
    screening: TraumaScreening
    warnings: list = field(default_factory=list)


def plan_open(dossier: Dossier) -> bool:
    """The care plan and screenings are worked on in the MDA++ phases only."""
    return dossier.state in ACTIVE_PHASES


# --- goals, interventions, evaluations ----------------------------------------------------------

def add_goal(user, dossier: Dossier, *, person_id: int | None, kind: str, risk_factor: str | None,
             description: str, health_related: bool, scope: str = "person", partner_id: int | None = None,
             evaluate_on: date | None = None, today: date | None = None) -> CareGoal:
    """Adds a goal for one person, for two persons of the dossier together (``person_id`` and
    ``partner_id``), or for the family as a whole, with the day it is to be evaluated."""
    ensure_open(dossier, "care_goal.add", field="person_id")
    today = today or clock.today()
    persons = {p.id: p for p in dossier.persons}
    if scope not in GOAL_SCOPES:
        raise RuleError(_l("Choose for whom the goal is: one person, two persons together or the family as a "
                           "whole."), "scope")
    if scope == "family":
        person_id = partner_id = None
    elif person_id not in persons:
        raise RuleError(_l("Choose a person from the dossier."), "person_id")
    if scope == "person":
        partner_id = None
    elif scope == "pair" and partner_id not in persons:
        raise RuleError(_l("Choose the second person of the pair from the dossier."), "partner_id")
    elif scope == "pair" and partner_id == person_id:
        raise RuleError(_l("A goal for two persons names two different persons."), "partner_id")
    if kind not in GOAL_KINDS:
        raise RuleError(_l("Choose whether the goal is risk-driven or recovery-oriented."), "kind")
    if kind == "risk" and risk_factor not in RISK_FACTORS:
        raise RuleError(_l("Name the risk factor that this risk-driven goal removes."), "risk_factor")
    if evaluate_on is not None and evaluate_on < today:
        raise RuleError(_l("The evaluation cannot be planned before today."), "evaluate_on")
    goal = CareGoal(dossier_id=dossier.id, scope=scope, person_id=person_id, partner_id=partner_id, kind=kind,
                    risk_factor=risk_factor if kind == "risk" else None, description=description.strip(),
                    health_related=bool(health_related), evaluate_on=evaluate_on, author_id=user.id)
    db.session.add(goal)
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, person_id=person_id, object=f"care_goal:{goal.id}",
           detail=scope if partner_id is None else f"pair with person:{partner_id}")
    return goal


def goal_for(goal: CareGoal, dossier: Dossier) -> Label:
    """For whom the goal is, in Dutch and English: a name, two names, or the family as a whole."""
    if goal.scope == "family":
        return Label("het gezin als geheel", "the family as a whole")
    names = {p.id: p.name for p in dossier.persons}
    if goal.scope == "pair":
        first, second = names.get(goal.person_id, ""), names.get(goal.partner_id, "")
        return Label(f"{first} en {second}", f"{first} and {second}")
    return Label(names.get(goal.person_id, ""), names.get(goal.person_id, ""))


def intervention_partners(user, dossier: Dossier, goal: CareGoal) -> list:
    """Active partners on the team that may carry out an intervention towards ``goal``; the
    content of a health-related goal is for care partners only (``health_work.give``)."""
    orgs = [m.organisation for m in dossier.active_memberships
            if m.organisation.kind not in NON_TEAM_KINDS]
    if goal.health_related:
        orgs = [org for org in orgs if can(user, Action.HEALTH_WORK_GIVE, org)]
    return sorted(orgs, key=lambda org: org.name)


def intervention_partner_rule(goal: CareGoal):
    """Why an organisation cannot carry out an intervention towards ``goal``."""
    return (_l("An intervention towards a health-related goal can only go to a care partner on the team.")
            if goal.health_related else _l("Choose one of the partners on the team."))


def add_intervention(user, dossier: Dossier, goal: CareGoal, *, description: str, organisation_id: int,
                     due_on: date, today: date | None = None) -> CareIntervention:
    """Adds an intervention and gives it to the partner as a task (kind ``care_intervention``)."""
    ensure_open(dossier, f"care_goal:{goal.id}", field="organisation_id")
    today = today or clock.today()
    if organisation_id not in {org.id for org in intervention_partners(user, dossier, goal)}:
        raise RuleError(intervention_partner_rule(goal), "organisation_id")
    if due_on < today:
        raise RuleError(_l("The due date cannot be before today."), "due_on")
    intervention = CareIntervention(goal_id=goal.id, description=description.strip(),
                                    organisation_id=organisation_id)
    db.session.add(intervention)
    db.session.flush()
    whom = goal_for(goal, dossier)
    if goal.health_related:
        title = Label(f"Interventie uit het zorgplan voor {whom.nl} (gezondheidsdoel; zie het zorgplan)",
                      f"Care plan intervention for {whom.en} (health-related goal; see the care plan)")
    else:
        text = " ".join(intervention.description.split())[:200]
        subject = Label("gezin als geheel", "family as a whole") if goal.scope == "family" else whom
        title = Label(f"Zorgplan {subject.nl}: {text}", f"Care plan {subject.en}: {text}")
    person_id = goal.person_id if goal.scope == "person" else None  # a task concerns one person, or the family
    template = TaskTemplate("care_intervention", organisation_id, person_id, title, due_on,
                            f"care_intervention:{intervention.id}")
    task = create_tasks(dossier, [template], user, today)[0]
    db.session.flush()
    intervention.task_id = task.id
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, person_id=goal.person_id,
           object=f"care_intervention:{intervention.id}", detail=f"task:{task.id}")
    return intervention


def evaluate_goal(user, dossier: Dossier, goal: CareGoal, *, evaluation: str, note: str, evaluated_on: date,
                  version) -> None:
    """Records the goal's evaluation; a form based on an earlier version of the goal is refused."""
    ensure_open(dossier, f"care_goal.evaluate:{goal.id}", field="evaluation")
    check_version(goal, version)
    before = goal.evaluation
    goal.evaluation, goal.evaluation_note, goal.evaluated_on = evaluation, note.strip(), evaluated_on
    flush()
    record("update", user=user, dossier_id=dossier.id, person_id=goal.person_id,
           object=f"care_goal.evaluate:{goal.id}", detail=f"{before or '-'}->{evaluation}")


# --- trauma screenings --------------------------------------------------------------------------

def screened_person(dossier: Dossier, person_id: int) -> Person | None:
    return next((p for p in dossier.persons if p.id == person_id and p.role in SCREENED_ROLES), None)


def screening_task(dossier_id: int, person_id: int, states=PENDING_STATES) -> Task | None:
    return db.session.scalar(select(Task).where(
        Task.dossier_id == dossier_id, Task.kind == "trauma_screening", Task.person_id == person_id,
        Task.state.in_(states)).order_by(Task.id.desc()).limit(1))


def may_record(user, dossier: Dossier, person_id: int) -> bool:
    """The coordinator and care partners, and the organisation given the person's screening task."""
    if can(user, Action.SCREENING_RECORD, dossier):
        return True
    task = screening_task(dossier.id, person_id, OPEN_STATES)
    return task is not None and task.organisation_id == user.organisation_id


def latest_screening(dossier_id: int, person_id: int) -> TraumaScreening | None:
    return db.session.scalar(select(TraumaScreening).where(
        TraumaScreening.dossier_id == dossier_id, TraumaScreening.person_id == person_id)
        .order_by(TraumaScreening.id.desc()).limit(1))


def incident_before(dossier: Dossier, day: date) -> date | None:
    """The last incident (signal) on or before ``day``."""
    days = [s.reported_on for s in dossier.signals if s.reported_on <= day]
    return max(days) if days else None


def too_soon(dossier: Dossier, screened_on: date | None) -> bool:
    """Screening is advised at least 4 weeks after the event."""
    if screened_on is None:
        return False
    incident = incident_before(dossier, screened_on)
    return incident is not None and screened_on - incident < SCREENING_AFTER_EVENT


def record_screening(user, dossier: Dossier, person: Person, *, status: str, screened_on: date,
                     instrument: str | None = None, other_instrument: str = "", other_cutoff: int | None = None,
                     score: int | None = None, band: str | None = None, reason: str = "", version,
                     today: date | None = None) -> Recorded:
    """Records a screening (done, refused or postponed) and settles the person's screening task;
    a positive result gives a care partner a treatment task."""
    ensure_open(dossier, "trauma_screening", field="status")
    today = today or clock.today()
    check_version(latest_screening(dossier.id, person.id), version)
    if screened_on > today:
        raise InvalidScreening([Problem("screened_on", _l("The date of the screening cannot be in the future."))])
    screening = TraumaScreening(dossier_id=dossier.id, person_id=person.id, status=status,
                                screened_on=screened_on, author_id=user.id)
    result = None
    if status == "done":
        try:
            result = judge(instrument or "", age=person.age_on(screened_on), score=score, band=band,
                           cutoff=other_cutoff, other_name=other_instrument)
        except InvalidResult as invalid:
            raise InvalidScreening(invalid.problems) from invalid
        screening.instrument = instrument
        screening.other_instrument = other_instrument.strip() if instrument == "other" else ""
        screening.other_cutoff = other_cutoff if instrument == "other" else None
        screening.score = None if instrument == "kjts" else score
        screening.band = result.band
        screening.positive = result.positive
    elif status in ("refused", "postponed"):
        if not (reason or "").strip():
            raise InvalidScreening([Problem("reason", REASON_REQUIRED)])
        screening.reason = reason.strip()
    else:
        raise InvalidScreening([Problem("status", _l("Choose whether the screening was done, refused or postponed."))])
    task = screening_task(dossier.id, person.id)
    screening.task_id = task.id if task else None
    db.session.add(screening)
    db.session.flush()
    if result is not None and result.positive:
        screening.treatment_task_id = _treatment_task(user, dossier, person, today).id
    if task is not None and status in SETTLING_STATUSES:
        _settle(task, user, dossier, DONE_RESULT if status == "done" else REFUSED_RESULT, today)
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, person_id=person.id,
           object=f"trauma_screening:{screening.id}", detail=status)
    warnings = []
    if status == "done" and too_soon(dossier, screened_on):
        warnings.append(_l("Screening is advised at least 4 weeks after the event; the last incident was "
                           "less than 4 weeks before this screening."))
    return Recorded(screening, warnings)


def follow_up_advised(screening: TraumaScreening) -> bool:
    """A KJTS in the yellow band: not positive, but follow-up is advised; whether to offer
    treatment is the professional's judgement."""
    return screening.instrument == "kjts" and screening.band == "yellow"


def leads_to_treatment():
    """SQL condition for a screening that may get a treatment task: a positive one, or one with
    follow-up advised (``follow_up_advised``)."""
    return or_(TraumaScreening.positive.is_(True),
               and_(TraumaScreening.instrument == "kjts", TraumaScreening.band == "yellow"))


def treat(user, dossier: Dossier, person: Person, today: date | None = None) -> Task:
    """Gives every positive screening of ``person``, and every one with follow-up advised, that
    has none a treatment task."""
    ensure_open(dossier, "trauma_screening.treat")
    today = today or clock.today()
    untreated = list(db.session.scalars(select(TraumaScreening).where(
        TraumaScreening.dossier_id == dossier.id, TraumaScreening.person_id == person.id,
        leads_to_treatment(), TraumaScreening.treatment_task_id.is_(None))))
    if not untreated:
        raise RuleError(_l("Every positive screening of this person already has a treatment task."))
    task = _treatment_task(user, dossier, person, today)
    for screening in untreated:
        screening.treatment_task_id = task.id
    db.session.flush()
    record("update", user=user, dossier_id=dossier.id, person_id=person.id, object="trauma_screening.treat",
           detail=f"task:{task.id}")
    return task


def treatment_partner(user, dossier: Dossier) -> int:
    """The first active care partner on the team, else the coordinator's organisation."""
    care = next((m.organisation_id for m in dossier.active_memberships
                 if can(user, Action.HEALTH_WORK_GIVE, m.organisation)), None)
    return care if care is not None else dossier.coordinator.organisation_id


def _treatment_task(user, dossier: Dossier, person: Person, today: date) -> Task:
    key = f"treatment:{person.id}"
    due = task_context(dossier.region_id).calendar.add_working_days(today, TREATMENT_TERM)
    template = TaskTemplate(
        "treatment", treatment_partner(user, dossier), person.id,
        Label(f"Traumabehandeling aanbieden aan {person.name}", f"Offer trauma treatment to {person.name}"),
        due, key)
    created = create_tasks(dossier, [template], user, today)
    db.session.flush()
    if created:
        return created[0]
    return db.session.scalar(select(Task).where(Task.dossier_id == dossier.id, Task.dedupe_key == key,
                                                Task.state.in_(PENDING_STATES)))


def _settle(task: Task, user, dossier: Dossier, result: str, today: date) -> None:
    """Recording the screening completes the person's screening task, whoever held it: the
    organisation holding it by its own step, anyone else who may record screenings (the care
    partner, the coordinator) as a consequence of recording it."""
    if task.state not in OPEN_STATES:
        return
    if can(user, Action.TASK_WORK, task):
        _complete(task, user, result, today)
        return
    with following(user, Action.SCREENING_RECORD, dossier, "trauma_screening"):
        _complete(task, user, result, today)


def _complete(task: Task, user, result: str, today: date) -> None:
    if task.state == "open":
        fire(task, "accept", user, today=today)
    fire(task, "complete", user, result=result, today=today, through_record=True)
