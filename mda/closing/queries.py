"""Who holds *zicht op veiligheid* on a dossier, the decision a new report after closure waits for,
and the re-reports the impact monitor counts."""
from datetime import date, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mda.core import clock
from mda.closing.models import Handover, ReopeningDecision
from mda.dossiers.models import Dossier, Signal, TeamMembership
from mda.engine.models import TransitionLog
from mda.extensions import db
from workflows import LIVE_HANDOVER_STATES, HandoverFact

# A handover that says who holds, or why nobody does yet: a declined one until the next is proposed.
STANDING_STATES = (*LIVE_HANDOVER_STATES, "declined")
MONITORED_MONTHS = 12  # the impact monitor counts new reports within a year of closure


def handovers_of(dossier_id: int) -> list[Handover]:
    """Every handover of the dossier, newest first."""
    return list(db.session.scalars(select(Handover).where(Handover.dossier_id == dossier_id, Handover.state != "new")
                                   .options(joinedload(Handover.proposed_by), joinedload(Handover.answered_by))
                                   .order_by(Handover.id.desc())))


def standing_handover(dossier_id: int) -> Handover | None:
    """The latest handover when it is proposed, accepted or declined; None without one, or when the
    latest was withdrawn or ended."""
    latest = db.session.scalar(select(Handover).where(Handover.dossier_id == dossier_id, Handover.state != "new")
                               .order_by(Handover.id.desc()).limit(1))
    return latest if latest is not None and latest.state in STANDING_STATES else None


def live_handover(dossier_id: int, but: int | None = None) -> Handover | None:
    """The handover that is proposed or accepted (one at most), other than ``but``."""
    stmt = select(Handover).where(Handover.dossier_id == dossier_id, Handover.state.in_(LIVE_HANDOVER_STATES))
    if but is not None:
        stmt = stmt.where(Handover.id != but)
    return db.session.scalar(stmt.limit(1))


def current_holder(dossier_id: int) -> Handover | None:
    """The accepted handover: who holds zicht op veiligheid now."""
    return db.session.scalar(select(Handover).where(Handover.dossier_id == dossier_id, Handover.state == "accepted"))


def handover_fact(dossier_id: int) -> HandoverFact | None:
    handover = standing_handover(dossier_id)
    if handover is None:
        return None
    return HandoverFact(handover.organisation.name, handover.state, handover.proposed_on, handover.until,
                        handover.answered_on, handover.answer_reason)


def on_team(dossier_id: int, organisation_id: int | None) -> bool:
    return organisation_id is not None and db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.dossier_id == dossier_id, TeamMembership.organisation_id == organisation_id,
        TeamMembership.status == "active")) is not None


def pending_decision(dossier_id: int) -> ReopeningDecision | None:
    """The decision on reopening that a new report after closure waits for."""
    return db.session.scalar(select(ReopeningDecision).where(ReopeningDecision.dossier_id == dossier_id,
                                                             ReopeningDecision.state == "pending"))


def decisions_of(dossier_id: int) -> list[ReopeningDecision]:
    """Every decision on reopening of the dossier, newest first, with its report."""
    return list(db.session.scalars(select(ReopeningDecision).where(ReopeningDecision.dossier_id == dossier_id)
                                   .options(joinedload(ReopeningDecision.signal),
                                            joinedload(ReopeningDecision.decided_by))
                                   .order_by(ReopeningDecision.id.desc())))


def closed_on(dossier_id: int) -> date | None:
    """The Dutch day the case was last closed."""
    at = db.session.scalar(select(func.max(TransitionLog.at)).where(
        TransitionLog.dossier_id == dossier_id, TransitionLog.workflow == "case", TransitionLog.to_state == "closed"))
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(clock.ZONE).date()


def re_reports(region_id: int, reported_from: date, reported_until: date,
               months: int = MONITORED_MONTHS) -> list[Signal]:
    """The new reports of the period on dossiers of the region that came in within ``months`` of
    their closure (for the impact monitor: new reports after closure)."""
    signals = db.session.scalars(select(Signal).join(Dossier, Dossier.id == Signal.dossier_id).where(
        Dossier.region_id == region_id, Signal.dossier_closed_on.is_not(None),
        Signal.reported_on >= reported_from, Signal.reported_on <= reported_until)
        .order_by(Signal.reported_on, Signal.id))
    return [signal for signal in signals if signal.reported_on <= _months_after(signal.dossier_closed_on, months)]


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
