"""Stall detection: which dossiers of a region do not move, on which signals, since when.

Each signal is one set-based query over the region's open dossiers (``workflows.StallThresholds``
says when it fires; the region's own thresholds and working days apply), so a region of any size
is judged in five statements and only the stalled dossiers come back to Python.
"""
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, select

from mda.core import clock
from mda.dossiers.models import CASE_STATES, Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.orgs.models import Region
from mda.reviews.models import SafetyReview
from mda.tasks.models import OPEN_STATES, Task
from workflows import ACTIVE_PHASES, ENDED_STATES, NO_PROGRESS_STATES, STALL_SIGNALS, overdue_cutoff

# A dossier that has not ended can stall, from its registration on.
OPEN_CASE_STATES = tuple(state for state in CASE_STATES if state not in ENDED_STATES)
LONGEST = 50


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the Netherlands, as a moment."""
    return datetime.combine(day, time(0), tzinfo=clock.ZONE)


def local_day(moment) -> date:
    """The Dutch date of a stored moment (SQLite gives it back without its zone: UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(clock.ZONE).date()


def _open_dossiers(region_id: int, dossier_ids):
    condition = and_(Dossier.region_id == region_id, Dossier.state.in_(OPEN_CASE_STATES))
    return condition if dossier_ids is None else and_(condition, Dossier.id.in_(list(dossier_ids)))


def _queries(region: Region, today: date, dossier_ids=None) -> dict[str, object]:
    """One SELECT of (dossier id, since) per signal the region uses."""
    thresholds = region.stall_thresholds
    calendar = task_context(region.id).calendar
    in_scope = _open_dossiers(region.id, dossier_ids)
    existed = Task.created_at < start_of(today + timedelta(days=1))  # a job catching up judges that day
    queries = {}
    if thresholds.no_progress_days is not None:
        cutoff = start_of(today - timedelta(days=thresholds.no_progress_days - 1))
        queries["no_progress"] = select(Dossier.id, Dossier.last_progress_at).where(
            in_scope, Dossier.state.in_(NO_PROGRESS_STATES), Dossier.last_progress_at < cutoff)
    if thresholds.overdue_working_days is not None:
        cutoff = overdue_cutoff(today, thresholds.overdue_working_days, calendar)
        queries["task_overdue"] = (
            select(Task.dossier_id, func.min(Task.due_on)).join(Dossier, Dossier.id == Task.dossier_id)
            .where(in_scope, Task.state.in_(OPEN_STATES), Task.due_on <= cutoff, existed)
            .group_by(Task.dossier_id))
    if thresholds.declined_working_days is not None:
        cutoff = start_of(overdue_cutoff(today, thresholds.declined_working_days, calendar) + timedelta(days=1))
        declined = and_(TransitionLog.workflow == "task", TransitionLog.object_id == Task.id,
                        TransitionLog.event == "decline")
        queries["declined_task"] = (
            select(Task.dossier_id, func.min(TransitionLog.at)).join(Dossier, Dossier.id == Task.dossier_id)
            .join(TransitionLog, declined).where(in_scope, Task.state == "declined", TransitionLog.at < cutoff)
            .group_by(Task.dossier_id))
    if thresholds.score_reviews is not None:
        queries["score_not_improved"] = _flat_scores(in_scope, thresholds.score_reviews, today)
    if thresholds.review_overdue_working_days is not None:
        cutoff = overdue_cutoff(today, thresholds.review_overdue_working_days, calendar)
        queries["review_overdue"] = (
            select(Task.dossier_id, func.min(Task.due_on)).join(Dossier, Dossier.id == Task.dossier_id)
            .where(in_scope, Task.kind == "safety_review", Task.state.in_(OPEN_STATES), Task.due_on <= cutoff,
                   existed)
            .group_by(Task.dossier_id))
    return queries


def _flat_scores(in_scope, reviews: int, today: date):
    """Dossiers in an MDA++ phase whose team score at the last of ``reviews`` closed reviews is no
    higher than at the first of them, and below the dossier's closing threshold; since the first."""
    ranked = (select(SafetyReview.dossier_id, SafetyReview.team_score, SafetyReview.held_on,
                     Dossier.closing_threshold.label("threshold"),
                     func.row_number().over(partition_by=SafetyReview.dossier_id,
                                            order_by=(SafetyReview.held_on.desc(), SafetyReview.id.desc()))
                     .label("rank"))
              .join(Dossier, Dossier.id == SafetyReview.dossier_id)
              .where(in_scope, Dossier.state.in_(ACTIVE_PHASES), SafetyReview.status == "closed",
                     SafetyReview.team_score.is_not(None), SafetyReview.held_on <= today)
              .subquery())
    latest = func.max(case((ranked.c.rank == 1, ranked.c.team_score)))
    earliest = func.max(case((ranked.c.rank == reviews, ranked.c.team_score)))
    return (select(ranked.c.dossier_id, func.min(ranked.c.held_on)).where(ranked.c.rank <= reviews)
            .group_by(ranked.c.dossier_id)
            .having(func.count() == reviews, latest <= earliest, latest < func.max(ranked.c.threshold)))


def stall_signals(region: Region, today: date | None = None, dossier_ids=None) -> dict[int, list[tuple[str, date]]]:
    """The stalled dossiers of ``region`` (or of ``dossier_ids`` in it): for each, its signals in
    the order of ``STALL_SIGNALS``, each with the day it started."""
    today = today or clock.today()
    found: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for code, query in _queries(region, today, dossier_ids).items():
        for dossier_id, since in db.session.execute(query):
            found[dossier_id].append((code, since if type(since) is date else local_day(since)))
    order = list(STALL_SIGNALS)
    return {dossier_id: sorted(signals, key=lambda signal: order.index(signal[0]))
            for dossier_id, signals in found.items()}


def dossier_stall(dossier: Dossier, today: date | None = None) -> list[tuple[str, date]]:
    """The stall signals of one dossier (none when it moves)."""
    return stall_signals(dossier.region, today, dossier_ids=[dossier.id]).get(dossier.id, [])


def longest_stalled(region_id: int, limit: int = LONGEST) -> list[tuple[int, datetime]]:
    """The open dossiers of a region longest without progress: (id, last progress), oldest first."""
    return db.session.execute(
        select(Dossier.id, Dossier.last_progress_at)
        .where(_open_dossiers(region_id, None), Dossier.state.in_(NO_PROGRESS_STATES))
        .order_by(Dossier.last_progress_at, Dossier.id).limit(limit)).all()
