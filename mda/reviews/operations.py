"""Safety-score reviews (*veiligheidsscore*) and risk assessments: open a review (at most one per
family per day; every partner on the team gets a task to score and a message), score (which
completes that task), close it with the team score once enough partners besides the coordinator's
organisation scored (which completes the review task, so the engine plans the next review), and
record a risk assessment."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from mda.access import Action, can
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import check_version, flush
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.casework.facts import case_facts
from mda.orgs.calendar import task_context
from mda.errors import RuleError
from mda.extensions import db
from mda.inbox import events
from mda.reviews.models import PartnerScore, RiskAssessment, SafetyReview
from mda.reviews.orders import deciding_police
from mda.reviews.queries import open_review_of, pending_review_task, review_held_on, scoring_organisations
from mda.tasks.models import OPEN_STATES, Task
from mda.tasks.operations import add_risk_assessment, complete_risk_assessment
from mda.types import utcnow
from workflows import (ACTIVE_PHASES, CLOSING_REVIEW_GAP, PARTNER_SCORES_NEEDED, REVIEW_CADENCE, RISK_INSTRUMENTS,
                       RISK_LEVELS, next_review_task, score_request_task)

SAME_DAY = _l("A safety-score review was already held for this family today. A family has at most one "
              "review a day: the next one can be opened tomorrow.")
TOO_FEW_PARTNER_SCORES = _l(
    "A team score needs the scores of at least %(needed)d partner organisations besides your own; "
    "%(given)d gave one so far. Still to score: %(missing)s.")
TEAM_TOO_SMALL = _l(
    "A team score needs the scores of at least %(needed)d partner organisations besides your own, but only "
    "%(count)d on the team can score. Invite more partners to the team first.")
SCORE_NO_LONGER_NEEDED = "De review is afgesloten met de teamscore; deze score is niet meer nodig."
SCORE_GIVEN = "Veiligheidsscore gegeven in de review."
NOT_IN_PHASE = _l("A safety-score review is held in phases 1 to 3 and during monitoring only.")
NOT_A_SCORER = _l("Your organisation does not score at this review.")
REVIEW_CLOSED = _l("This review has been closed; scores can no longer be given or changed.")
SCORE_RANGE = _l("Enter a whole number from 0 to 10.")
CHOOSE_INSTRUMENT = _l("Choose the instrument.")
CHOOSE_LEVEL = _l("Choose the resulting risk level.")
SUMMARY_REQUIRED = _l("Describe the outcome of the risk assessment.")
NOT_IN_FUTURE = _l("This date cannot be in the future.")
CASE_ENDED = _l("This case has ended; no risk assessment can be added.")
# Stored in the family's record, which is kept in Dutch.
RIHG_RECORDED = "Risicotaxatie (RiHG) vastgelegd in het dossier."


class InvalidAnswers(Exception):
    """The answers to an instrument's items cannot be recorded: every ``workflows`` Problem."""

    def __init__(self, problems):
        super().__init__("; ".join(problem.message.en for problem in problems))
        self.problems = problems


class ReviewAlreadyOpen(Exception):
    def __init__(self, review: SafetyReview):
        super().__init__(f"review {review.id} is open")
        self.review = review


class ReviewClosed(RuleError):
    def __init__(self):
        super().__init__(REVIEW_CLOSED)


def _scores_changed(review: SafetyReview) -> None:
    """A partner's score changes what the team score is based on: the review's version goes up,
    so a close form loaded before it is refused."""
    flag_modified(review, "status")


def _current_scores(review: SafetyReview) -> list[PartnerScore]:
    stmt = (select(PartnerScore).where(PartnerScore.review_id == review.id)
            .execution_options(populate_existing=True))
    return list(db.session.scalars(stmt))


def _lock(review: SafetyReview) -> None:
    """Holds the review while scoring or closing, so a late score cannot slip past the close."""
    db.session.refresh(review, with_for_update=True)
    if review.status != "open":
        raise ReviewClosed()


def _check_score(value, field: str) -> None:
    if value is None or not 0 <= value <= 10:
        raise RuleError(SCORE_RANGE, field)


def open_review(user, dossier: Dossier, today: date | None = None) -> SafetyReview:
    """Opens a review in the case's current phase, linked to the review task the engine planned;
    every partner that scores gets a task to give its score, and a message."""
    today = today or clock.today()
    ensure_open(dossier, "safety_review.open")
    if dossier.state not in ACTIVE_PHASES:
        raise RuleError(NOT_IN_PHASE)
    db.session.execute(select(Dossier.id).where(Dossier.id == dossier.id).with_for_update())
    existing = open_review_of(dossier.id)
    if existing is not None:
        raise ReviewAlreadyOpen(existing)
    if review_held_on(dossier.id, today) is not None:
        record("create", user=user, dossier_id=dossier.id, outcome="denied", object="safety_review",
               detail="a review was already held today")
        raise RuleError(SAME_DAY)
    task = pending_review_task(dossier.id)
    review = SafetyReview(dossier_id=dossier.id, phase=dossier.state, status="open", held_on=today,
                          team_score=None, rationale="", task_id=task.id if task else None,
                          author_id=user.id)
    db.session.add(review)
    flush()  # a review opened by someone else a moment ago makes this a conflict
    record("create", user=user, dossier_id=dossier.id, object=f"safety_review:{review.id}",
           detail=f"opened in {dossier.state}")
    partners = [org.id for org in scoring_organisations(dossier) if org.id != dossier.coordinator.organisation_id]
    ask_to_score(user, dossier, review, partners, today)
    return review


def ask_to_score(user, dossier: Dossier, review: SafetyReview, organisation_ids, today: date) -> list[Task]:
    """Gives each of ``organisation_ids`` the task to score in ``review``, and tells its staff."""
    context = task_context(dossier.region_id)
    created = create_tasks(dossier, [score_request_task(review.id, org_id, review.held_on, today, context)
                                     for org_id in organisation_ids], user, today)
    flush()
    for task in created:
        record("create", user=user, dossier_id=dossier.id, object=f"task:{task.id}",
               detail=f"safety_score for safety_review:{review.id}")
    if created:
        events.score_requested(review, [task.organisation_id for task in created], user, today)
    return created


def score_tasks(review: SafetyReview, organisation_id: int | None = None, states=OPEN_STATES) -> list[Task]:
    """The tasks to score in ``review`` (held by one organisation, when given) in ``states``."""
    stmt = select(Task).where(Task.dossier_id == review.dossier_id, Task.kind == "safety_score",
                              Task.dedupe_key.startswith(f"safety_score:{review.id}:"), Task.state.in_(states))
    if organisation_id is not None:
        stmt = stmt.where(Task.organisation_id == organisation_id)
    return list(db.session.scalars(stmt.order_by(Task.id)))


def give_score(user, dossier: Dossier, review: SafetyReview, *, score: int, rationale: str,
               version: str, today: date | None = None) -> PartnerScore:
    """Records or changes the user's organisation's score while the review is open; the
    organisation's task to score is done."""
    today = today or clock.today()
    ensure_open(dossier, f"safety_review:{review.id}", field="score")
    _lock(review)
    if user.organisation_id not in {org.id for org in scoring_organisations(dossier)}:
        raise RuleError(NOT_A_SCORER)
    _check_score(score, "score")
    own = next((s for s in _current_scores(review) if s.organisation_id == user.organisation_id), None)
    check_version(own, version)
    if own is None:
        own = PartnerScore(review_id=review.id, organisation_id=user.organisation_id)
        db.session.add(own)
    own.score, own.rationale, own.user_id, own.given_at = score, rationale.strip(), user.id, utcnow()
    _scores_changed(review)
    flush()  # a colleague who scored for the organisation at the same moment makes this a conflict
    record("update", user=user, dossier_id=dossier.id, object=f"safety_review:{review.id}",
           detail=f"partner score {score}")
    for task in score_tasks(review, user.organisation_id):
        if can(user, Action.TASK_WORK, task):
            if task.state == "open":
                fire(task, "accept", user, today=today)
            fire(task, "complete", user, result=SCORE_GIVEN, today=today, through_record=True)
    return own


def check_partner_scores(dossier: Dossier, review: SafetyReview) -> None:
    """A team score is multidisciplinary: the region's number of partner organisations besides
    the coordinator's own must have scored."""
    needed = dossier.region.review_partner_minimum
    coordinators = dossier.coordinator.organisation_id
    given = {s.organisation_id for s in _current_scores(review) if s.organisation_id != coordinators}
    if len(given) >= needed:
        return
    partners = [org for org in scoring_organisations(dossier) if org.id != coordinators]
    if len(partners) < needed:
        raise RuleError(TEAM_TOO_SMALL % {"needed": needed, "count": len(partners)}, "team_score")
    missing = ", ".join(org.name for org in partners if org.id not in given)
    raise RuleError(TOO_FEW_PARTNER_SCORES % {"needed": needed, "given": len(given), "missing": missing},
                    "team_score")


def close_review(user, dossier: Dossier, review: SafetyReview, *, team_score: int, rationale: str,
                 version, today: date | None = None) -> Task | None:
    """Sets the multidisciplinary team score and closes the review; completing the linked review
    task makes the engine plan the next review from the phase's cadence, which is returned."""
    today = today or clock.today()
    ensure_open(dossier, f"safety_review:{review.id}", field="team_score")
    _lock(review)
    check_version(review, version)
    _check_score(team_score, "team_score")
    check_partner_scores(dossier, review)
    if review.held_on != today and review_held_on(dossier.id, today) is not None:
        raise RuleError(SAME_DAY, "team_score")
    review.status, review.team_score, review.rationale = "closed", team_score, rationale.strip()
    review.held_on, review.closed_at = today, utcnow()
    flush()
    for task in score_tasks(review):
        fire(task, "cancel", user, reason=SCORE_NO_LONGER_NEEDED, today=today)
    task = db.session.get(Task, review.task_id) if review.task_id else None
    if task is not None and task.state in OPEN_STATES and can(user, Action.TASK_WORK, task):
        if task.state == "open":
            fire(task, "accept", user, today=today)
        fire(task, "complete", user, result=f"Veiligheidsscore {team_score} vastgesteld", today=today,
                  through_record=True)
    planned = pending_review_task(dossier.id)
    if planned is None and dossier.state in ACTIVE_PHASES:  # the coordinator had cancelled it
        template = next_review_task(dossier.state, case_facts(dossier, today), task_context(dossier.region_id),
                                    after=today)
        planned = create_tasks(dossier, [template], user, today)[0]
        db.session.flush()
    record("update", user=user, dossier_id=dossier.id, object=f"safety_review:{review.id}",
           detail=f"closed with team score {team_score}")
    return planned


def update_settings(region, *, partner_minimum: int, closing_gap_days: int, safety_threshold: int | None = None,
                    closing_threshold: int | None = None, cadence: dict[str, int | None] | None = None) -> None:
    """The region's rules for safety-score reviews: how many partner organisations besides the
    coordinator's must score for a team score, how far apart the reviews that allow closing lie,
    the thresholds a dossier opened from now on gets, and the days between reviews per phase (a
    review planned from now on). None: the default of ``workflows``."""
    cadence = {phase: (cadence or {}).get(phase) for phase in REVIEW_CADENCE}
    names = ["review_partner_minimum", "closing_review_gap_days", "safety_threshold", "closing_threshold",
             *(f"review_days_{phase}" for phase in REVIEW_CADENCE)]
    values = [partner_minimum, closing_gap_days, safety_threshold, closing_threshold, *cadence.values()]
    changes = [f"{name} {getattr(region, name)}->{value}" for name, value in zip(names, values, strict=True)
               if getattr(region, name) != value]
    for name, value in zip(names, values, strict=True):
        setattr(region, name, value)
    db.session.flush()
    record("update", object=f"region.reviews:{region.id}", detail=" ".join(changes) or "unchanged")


def default_settings(region) -> None:
    """Every rule for safety-score reviews back to the default of ``workflows``."""
    update_settings(region, partner_minimum=PARTNER_SCORES_NEEDED, closing_gap_days=CLOSING_REVIEW_GAP.days)


def _own_rihg_task(dossier: Dossier, user) -> Task | None:
    task = db.session.scalar(select(Task).where(
        Task.dossier_id == dossier.id, Task.kind == "police_risk_assessment",
        Task.organisation_id == user.organisation_id, Task.state.in_(OPEN_STATES))
        .order_by(Task.due_on, Task.id).limit(1))
    return task if task is not None and can(user, Action.TASK_WORK, task) else None


def record_risk_assessment(user, dossier: Dossier, *, instrument: str, assessed_on: date, level: str | None,
                           outcome: str, answers: dict[str, str] | None = None,
                           today: date | None = None) -> RiskAssessment:
    """Records a risk assessment as its instrument is built: the answers to its items, the
    resulting risk level the assessor set and a summary. A RiHG of police with an open RiHG task
    completes that task; a RiHG with two red signals in one part gives the police the task to
    decide on a temporary restraining order. Raises ``InvalidAnswers`` naming every item that
    cannot be recorded."""
    today = today or clock.today()
    answers = answers or {}
    ensure_open(dossier, "risk_assessment", CASE_ENDED, "instrument")
    spec = RISK_INSTRUMENTS.get(instrument)
    if spec is None:
        raise RuleError(CHOOSE_INSTRUMENT, "instrument")
    if assessed_on > today:
        raise RuleError(NOT_IN_FUTURE, "assessed_on")
    if level not in RISK_LEVELS:
        raise RuleError(CHOOSE_LEVEL, "level")
    if not (outcome or "").strip():
        raise RuleError(SUMMARY_REQUIRED, "outcome")
    problems = spec.check(answers)
    if problems:
        raise InvalidAnswers(problems)
    task = _own_rihg_task(dossier, user) if instrument == "rihg" else None
    if task is not None:
        if task.state == "open":
            fire(task, "accept", user, today=today)
        return complete_risk_assessment(task, user, result=RIHG_RECORDED, outcome=outcome, level=level,
                                        answers=answers, today=today, assessed_on=assessed_on)
    return add_risk_assessment(dossier, user, instrument=instrument, assessed_on=assessed_on, outcome=outcome,
                               level=level, answers=answers, decided_by_org_id=deciding_police(dossier, user),
                               today=today)
