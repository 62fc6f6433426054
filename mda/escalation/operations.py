"""Escalating: by hand by a member of the team, on their own by the stall detection (a scheduled
job), a level up after the time limit, and the decision that resolves it. Every step goes through
``mda.engine.core.fire``."""
import logging
from datetime import date, timedelta

from sqlalchemy import or_, select

from mda.access import Action as Right
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM
from mda.dossiers.models import Dossier
from mda.engine.core import by_the_system, fire, following
from mda.errors import ConflictError, Refused
from mda.escalation.models import Escalation
from mda.escalation.queries import open_escalation
from mda.escalation.stalls import stall_signals
from mda.extensions import db
from mda.orgs.models import Region
from workflows import (OPEN_ESCALATION_STATES, RUNGS, STALL_DEFAULTS, Rung, StallThresholds, ladder_text,
                       stall_reason)

log = logging.getLogger(__name__)
DETECTION = "escalation.detect"


def escalate(user, dossier: Dossier, *, level: int, reason: str, question: str = "",
             today: date | None = None) -> Escalation:
    """A member of the team escalates the case to ``level``; when it is escalated already, the
    open escalation moves up to that level (a higher one than it is at)."""
    current = open_escalation(dossier.id)
    if current is None:
        return fire(Escalation(dossier=dossier, dossier_id=dossier.id), "raise", user, level=level,
                    reason=reason, question=question, today=today)
    with following(user, Right.ESCALATION_RAISE, dossier, "escalation.raise"):
        return fire(current, "rise", user, level=level, reason=reason, question=question, today=today)


def move_up(user, escalation: Escalation, *, reason: str, question: str = "", version=NO_FORM) -> Escalation:
    """Whoever acts at its level hands it to the next level."""
    return fire(escalation, "rise", user, reason=reason, question=question, version=version)


def decide(user, escalation: Escalation, *, decision: str, tasks: list[dict] = (), version=NO_FORM,
           today: date | None = None) -> Escalation:
    """Resolves the escalation with the decision of those at its level, and the tasks it gives."""
    return fire(escalation, "resolve", user, reason=decision, tasks=list(tasks), version=version, today=today)


def withdraw(user, escalation: Escalation, *, reason: str, version=NO_FORM) -> Escalation:
    return fire(escalation, "withdraw", user, reason=reason, version=version)


def _system_step(work, what: str) -> bool:
    """One step of the job, committed on its own; a step another process took first, or one the
    engine refuses now, is left (and logged)."""
    try:
        with by_the_system(DETECTION):
            work()
        db.session.commit()
        return True
    except (ConflictError, Refused) as error:
        db.session.rollback()
        log.info("escalation: %s skipped (%s)", what, error.__class__.__name__)
        return False


def _raise(dossier_id: int, signals: list[tuple[str, date]], today: date) -> bool:
    def work():
        dossier = db.session.get(Dossier, dossier_id)
        fire(Escalation(dossier=dossier, dossier_id=dossier_id), "raise", None, level=1, today=today,
             reason=stall_reason(signals, "nl").capitalize() + ".", signals=[code for code, _ in signals])
    return _system_step(work, f"raising on dossier {dossier_id}")


def _rise(escalation_id: int, seen_at: int, today: date) -> bool:
    """Moves the escalation from the level the detection saw it at to the next: one that another
    scheduler moved meanwhile is refused (it is at that level already)."""
    def work():
        escalation = db.session.get(Escalation, escalation_id)
        here = f"op niveau {escalation.level} ({RUNGS[escalation.rung].nl})"
        if escalation.rises_on == escalation.level_since:
            reason = f"Niemand om {here} te handelen."
        else:
            days = escalation.dossier.region.ladder[escalation.level - 1].days
            reason = f"Niet opgelost binnen {days} werkdagen {here}."
        fire(escalation, "rise", None, today=today, reason=reason, level=seen_at + 1)
    return _system_step(work, f"raising escalation {escalation_id}")


def detect_stalls(today: date | None = None) -> str:
    """The scheduled job: per region, the open escalations whose level's time limit has passed rise
    a level, and every stalled dossier without an open escalation is escalated to level 1 on its
    signals, unless an escalation of it ended less than the region's no-progress days ago (the
    team gets that time to act on the decision; by hand one can escalate at any time). Idempotent
    by itself: one open escalation per dossier (a unique index), and a rise once per level (the
    version column and the level's unique row)."""
    today = today or clock.today()
    raised = moved = 0
    for region_id in db.session.scalars(select(Region.id).order_by(Region.id)).all():
        region = db.session.get(Region, region_id)
        top = len(region.ladder)
        due = db.session.execute(
            select(Escalation.id, Escalation.level).join(Dossier, Dossier.id == Escalation.dossier_id)
            .where(Dossier.region_id == region_id, Escalation.state.in_(OPEN_ESCALATION_STATES),
                   Escalation.rises_on <= today, Escalation.level < top)
            .order_by(Escalation.rises_on, Escalation.id)).all()
        moved += sum(_rise(escalation_id, level, today) for escalation_id, level in due)
        region = db.session.get(Region, region_id)
        stalled = stall_signals(region, today)
        quiet = today - timedelta(days=region.stall_no_progress_days or STALL_DEFAULTS.no_progress_days)
        escalated = set(db.session.scalars(
            select(Escalation.dossier_id).join(Dossier, Dossier.id == Escalation.dossier_id)
            .where(Dossier.region_id == region_id, or_(Escalation.state.in_(OPEN_ESCALATION_STATES),
                                                        Escalation.ended_on > quiet))))
        raised += sum(_raise(dossier_id, stalled[dossier_id], today)
                      for dossier_id in sorted(stalled.keys() - escalated))
    return f"{raised} escalated, {moved} moved up a level"


def update_settings(region: Region, *, thresholds: StallThresholds, ladder: tuple[Rung, ...]) -> None:
    """The region's stall thresholds and escalation ladder (``workflows.escalation``)."""
    for name in StallThresholds.names():
        setattr(region, f"stall_{name}", getattr(thresholds, name))
    region.escalation_ladder = ladder_text(ladder)
    db.session.flush()
    settings = " ".join(f"{name}={getattr(thresholds, name)}" for name in StallThresholds.names())
    record("update", object=f"region.escalation:{region.id}",
           detail=f"ladder={region.escalation_ladder!r} {settings}")
