"""Retention: a dossier closed (or handed over) longer than its region's retention period is
purged, unless a legal hold keeps it; a draft application untouched, or a declined or withdrawn
one decided or withdrawn, longer than the region's application term is purged too. A purge is
logged by rule and date, without the content, and erases the free text of the access-log entries
on what was purged (the chain keeps their digests, so the log still verifies)."""
from datetime import date

from sqlalchemy import delete, func, or_, select

from mda.audit.chain import erase_detail
from mda.audit.log import record
from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.intake.models import Application
from mda.orgs.models import Region
from workflows import APPLICATION_RETENTION_YEARS, ENDED_STATES, RETENTION_YEARS

APPLICATION_TERM_FROM = {"draft": Application.updated_at, "not_accepted": Application.decided_at,
                         "withdrawn": Application.withdrawn_at}
# What the term of an application in each stage counts from, in the purge's log line.
TERM_EVENT = {"draft": "last change", "not_accepted": "decision", "withdrawn": "withdrawal"}


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _day(moment) -> date:
    return moment.date() if hasattr(moment, "date") else moment


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
        ended_on = _day(ended)
        if years_after(ended_on, years) <= today and not (hold and hold >= today):
            expired.append((dossier_id, ended_on, years, hold))
    return expired


def expired_applications(today: date) -> list[tuple[int, str, date, int]]:
    """(application id, stage, start of its term, years) of every draft, declined or withdrawn
    application past its region's application term."""
    expired = []
    for stage, since in APPLICATION_TERM_FROM.items():
        rows = db.session.execute(
            select(Application.id, since, Region.application_retention_years)
            .join(Region, Region.id == Application.region_id).where(Application.stage == stage)).all()
        expired += [(application_id, stage, _day(moment), years) for application_id, moment, years in rows
                    if moment is not None and years_after(_day(moment), years) <= today]
    return expired


def _application_entries(application_ids):
    return AccessLogEntry.object.in_([f"application:{application_id}" for application_id in application_ids])


def _application_steps(application_ids) -> None:
    """An application's steps in the transition log (kept by id, and before its dossier without one)."""
    db.session.execute(delete(TransitionLog).where(TransitionLog.workflow == "application",
                                                   TransitionLog.object_id.in_(list(application_ids))))


def purge_expired(today: date | None = None) -> int:
    today = today or clock.today()
    purged = 0
    for dossier_id, ended_on, years, hold in expired_dossiers(today):
        application_ids = db.session.scalars(select(Application.id).where(Application.dossier_id == dossier_id)).all()
        db.session.execute(delete(Dossier).where(Dossier.id == dossier_id))
        _application_steps(application_ids)
        erase_detail(db.session, or_(AccessLogEntry.dossier_id == dossier_id, _application_entries(application_ids)))
        held = f"; legal hold ended {hold.isoformat()}" if hold else ""
        record("purge", dossier_id=dossier_id, purpose="retention", object="dossier",
               detail=f"rule: retention {years} years after the end on {ended_on.isoformat()}{held}")
        purged += 1
    db.session.flush()
    return purged


def purge_expired_applications(today: date | None = None) -> int:
    today = today or clock.today()
    expired = expired_applications(today)
    for application_id, stage, since, years in expired:
        application = db.session.get(Application, application_id)
        dossier_id = application.dossier_id
        db.session.delete(application)
        _application_steps([application_id])
        erase_detail(db.session, _application_entries([application_id]))
        record("purge", dossier_id=dossier_id, purpose="retention", object=f"application:{application_id}",
               detail=f"rule: {stage} application, {years} years after the {TERM_EVENT[stage]} on "
                      f"{since.isoformat()}")
    db.session.flush()
    return len(expired)


def update_settings(region: Region, *, years: int, application_years: int) -> None:
    """How long the region keeps closed dossiers and applications that did not become one; the
    next purge uses it."""
    before = (region.retention_years, region.application_retention_years)
    region.retention_years, region.application_retention_years = years, application_years
    db.session.flush()
    record("update", object=f"region.retention:{region.id}",
           detail=f"retention_years {before[0]}->{years} application_retention_years {before[1]}->{application_years}")


def default_settings(region: Region) -> None:
    update_settings(region, years=RETENTION_YEARS, application_years=APPLICATION_RETENTION_YEARS)
