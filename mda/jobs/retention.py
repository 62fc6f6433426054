"""Retention: a dossier closed (or handed over) longer than its region's retention period is
purged, unless a legal hold keeps it. The purge is logged by rule and date, without the content."""
from datetime import date

from sqlalchemy import delete, func, select

from mda.audit.log import record
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.orgs.models import Region

ENDED_STATES = ("closed", "handed_over")


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def expired_dossiers(today: date) -> list[tuple[int, date, int, date | None]]:
    """(dossier id, end date, retention years, legal hold) of every dossier past its period."""
    ended_at = (select(func.max(TransitionLog.at))
                .where(TransitionLog.dossier_id == Dossier.id, TransitionLog.workflow == "case",
                       TransitionLog.to_state.in_(ENDED_STATES))
                .correlate(Dossier).scalar_subquery())
    rows = db.session.execute(
        select(Dossier.id, ended_at, Region.retention_years, Dossier.legal_hold_until)
        .join(Region, Region.id == Dossier.region_id).where(Dossier.state.in_(ENDED_STATES))).all()
    expired = []
    for dossier_id, ended, years, hold in rows:
        if ended is None:
            continue
        ended_on = ended.date() if hasattr(ended, "date") else ended
        if years_after(ended_on, years) <= today and not (hold and hold >= today):
            expired.append((dossier_id, ended_on, years, hold))
    return expired


def purge_expired(today: date | None = None) -> int:
    today = today or date.today()
    purged = 0
    for dossier_id, ended_on, years, hold in expired_dossiers(today):
        db.session.execute(delete(Dossier).where(Dossier.id == dossier_id))
        held = f"; legal hold ended {hold.isoformat()}" if hold else ""
        record("purge", dossier_id=dossier_id, purpose="retention", object="dossier",
               detail=f"rule: retention {years} years after the end on {ended_on.isoformat()}{held}")
        purged += 1
    db.session.flush()
    return purged
