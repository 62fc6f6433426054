"""Reading escalations: a dossier's open one and its history, the queues of those who act on them
(oldest first, a page at a time by keyset), and a dossier's process as they may see it."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mda.access.policy import health_task
from mda.core.keyset import Keyset, Page
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice
from mda.escalation.stalls import dossier_stall, local_day
from mda.extensions import db
from mda.reviews.models import SafetyReview
from mda.tasks.models import PENDING_STATES, Task
from workflows import OPEN_ESCALATION_STATES

PAGE_SIZE = 25


def open_escalation(dossier_id: int) -> Escalation | None:
    return db.session.scalar(select(Escalation).where(Escalation.dossier_id == dossier_id,
                                                      Escalation.state.in_(OPEN_ESCALATION_STATES)))


def escalations_of(dossier_id: int, *, levels: bool = True) -> list[Escalation]:
    """Every escalation of a dossier, newest first, with who raised and ended it, and with
    ``levels`` its levels and whom they told."""
    stmt = (select(Escalation).where(Escalation.dossier_id == dossier_id, Escalation.state != "new")
            .options(joinedload(Escalation.raised_by), joinedload(Escalation.ended_by))
            .order_by(Escalation.id.desc()))
    if levels:
        stmt = stmt.options(selectinload(Escalation.levels).selectinload(EscalationLevel.notices)
                            .joinedload(EscalationNotice.user))
    return list(db.session.scalars(stmt).unique())


# Longest at their level first (mda.core.keyset).
QUEUE_ORDER = Keyset(Escalation.level_since, Escalation.id)


def queue(scope, after: str | None = None, size: int = PAGE_SIZE) -> Page:
    """The open escalations of ``scope`` (a SELECT of escalations, e.g. ``escalated_to(user)``
    narrowed to a level), longest at their level first: one page after the key ``after``."""
    stmt = scope.where(Escalation.state.in_(OPEN_ESCALATION_STATES)).options(joinedload(Escalation.dossier))
    return QUEUE_ORDER.page(stmt, after, size)


@dataclass(frozen=True)
class ProcessView:
    """A dossier's process as those who act on its escalation see it: phase and since when, the
    team, the work that is open (no health work), the team's scores, every escalation and the
    stall signals now; nothing of the persons, the signals or the notes."""
    dossier: Dossier
    phase_since: date
    team: list[TeamMembership]
    tasks: list[Task]
    scores: list[tuple[date, int]]
    escalations: list[Escalation]
    signals: list[tuple[str, date]]

    def overdue(self, today: date) -> list[Task]:
        return [task for task in self.tasks if task.is_overdue(today)]


def phase_since(dossier: Dossier) -> date:
    """The day the case entered its current phase (its opening when it never moved)."""
    moment = db.session.scalar(select(func.max(TransitionLog.at)).where(
        TransitionLog.dossier_id == dossier.id, TransitionLog.workflow == "case",
        TransitionLog.to_state == dossier.state))
    return local_day(moment or dossier.created_at)


def team_scores(dossier_id: int, last: int = 8) -> list[tuple[date, int]]:
    rows = db.session.execute(
        select(SafetyReview.held_on, SafetyReview.team_score).where(
            SafetyReview.dossier_id == dossier_id, SafetyReview.status == "closed",
            SafetyReview.team_score.is_not(None))
        .order_by(SafetyReview.held_on.desc(), SafetyReview.id.desc()).limit(last)).all()
    return [(held_on, score) for held_on, score in reversed(rows)]


def process_view(escalation: Escalation, today: date) -> ProcessView:
    dossier = escalation.dossier
    tasks = list(db.session.scalars(
        select(Task).where(Task.dossier_id == dossier.id, Task.state.in_(PENDING_STATES), ~health_task())
        .order_by(Task.due_on, Task.id)))
    team = [membership for membership in dossier.memberships if membership.status == "active"]
    return ProcessView(dossier, phase_since(dossier), team, tasks, team_scores(dossier.id),
                       escalations_of(dossier.id), dossier_stall(dossier, today))
