"""Granting and reviewing emergency access.

A grant is for staff of the kinds of organisation that the region allows (default Veilig Thuis
and the police), lasts the region's number of hours, only reads (``mda.access.policy``), is logged
with its reason, and gives the case coordinator a task to review it. A review that finds it not
justified ends it at once. After a grant ends (or is found not justified) its user waits the
region's cool-down before asking again for the same dossier.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from mda.access.policy import may_break_glass
from mda.audit.log import record
from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import BreakGlassGrant, Dossier
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.errors import RuleError
from mda.extensions import db
from mda.orgs.models import ORGANISATION_KINDS, Region
from mda.types import utcnow
from workflows import ENDED_STATES, Label, TaskTemplate

AMBIGUOUS = _l("More than one open dossier in your region has this reference. Ask the Zorg- en "
               "Veiligheidshuis for access.")
NOT_ALLOWED = _l("Emergency access is only for staff of the organisations your region allows it for "
                 "(by default Veilig Thuis and the police). Ask the case coordinator or one of those "
                 "organisations.")


def lifetime(region) -> timedelta:
    return timedelta(hours=region.break_glass_hours)


def cooling_down(user, dossier: Dossier) -> bool:
    """Whether ``user`` had emergency access to ``dossier`` that ended (or was found not justified)
    less than the region's cool-down ago, or still has it."""
    since = utcnow() - timedelta(hours=dossier.region.break_glass_cooldown_hours)
    return db.session.execute(select(BreakGlassGrant.id).where(
        BreakGlassGrant.dossier_id == dossier.id, BreakGlassGrant.user_id == user.id,
        or_(BreakGlassGrant.expires_at > since,
            and_(BreakGlassGrant.review_outcome == "not_justified", BreakGlassGrant.reviewed_at > since)),
    ).limit(1)).first() is not None


def grant(user, *, reference: str, reason: str) -> BreakGlassGrant:
    if not may_break_glass(user):
        record("view", outcome="denied", purpose="break_glass", object="break_glass.request",
               detail=f"organisation kind {user.organisation.kind} may not use emergency access")
        raise RuleError(NOT_ALLOWED, "reference")
    # References are not unique in a region: two open dossiers with this one are refused, not guessed.
    found = db.session.scalars(select(Dossier).where(
        Dossier.region_id == user.organisation.region_id, Dossier.reference == reference.strip(),
        Dossier.state.not_in(ENDED_STATES)).limit(2)).all()
    dossier = found[0] if len(found) == 1 else None
    if dossier is None:
        record("view", outcome="denied", purpose="break_glass", object="break_glass.request",
               detail=f"{'more than one' if found else 'no'} open dossier with reference {reference.strip()!r}")
        message = AMBIGUOUS if found else _l("There is no open dossier with this exact reference in your region.")
        raise RuleError(message, "reference")
    region = dossier.region
    if cooling_down(user, dossier):
        record("view", dossier_id=dossier.id, outcome="denied", purpose="break_glass",
               object="break_glass.request", detail="cool-down after an earlier emergency access")
        raise RuleError(_l("You had emergency access to this dossier a short while ago. You can ask again "
                           "%(hours)d hours after that access ended; until then, ask the case coordinator.",
                           hours=region.break_glass_cooldown_hours), "reference")
    now = utcnow()
    row = BreakGlassGrant(dossier_id=dossier.id, user_id=user.id, reason=reason.strip(),
                          granted_at=now, expires_at=now + lifetime(region))
    db.session.add(row)
    db.session.flush()
    today = clock.today()
    calendar = task_context(dossier.region_id).calendar
    who = f"{user.full_name} ({user.organisation.name})"
    create_tasks(dossier, [TaskTemplate(
        "other", dossier.coordinator.organisation_id, None,
        Label(f"Noodtoegang door {who} beoordelen", f"Review the emergency access by {who}"),
        calendar.next_working_day(today), f"break_glass:{row.id}")], user, today)
    record("view", user=user, dossier_id=dossier.id, purpose="break_glass", object="break_glass.granted",
           detail=reason.strip())
    return row


def review(user, row: BreakGlassGrant, outcome: str, note: str) -> None:
    """Records the coordinator's judgement; "not justified" ends the access at once."""
    now = utcnow()
    row.reviewed_at = now
    row.reviewed_by_id = user.id
    row.review_outcome = outcome
    row.review_note = note.strip()
    db.session.flush()
    record("update", dossier_id=row.dossier_id, object=f"break_glass.reviewed:{row.id}",
           detail=f"{outcome}: {note.strip()}")
    if outcome == "not_justified":
        ended = db.session.execute(
            update(BreakGlassGrant).where(BreakGlassGrant.id == row.id, BreakGlassGrant.expires_at > now)
            .values(expires_at=now).execution_options(synchronize_session="fetch")).rowcount
        if ended:
            record("update", dossier_id=row.dossier_id, object=f"break_glass.ended:{row.id}",
                   detail=f"access of {row.user.username} ended: review found it not justified")


def update_settings(region: Region, *, kinds, hours: int, cooldown_hours: int) -> None:
    """The region's rules for emergency access: who may use it, how long it lasts, the cool-down."""
    region.break_glass_kinds = " ".join(kind for kind in ORGANISATION_KINDS if kind in set(kinds))
    region.break_glass_hours = hours
    region.break_glass_cooldown_hours = cooldown_hours
    db.session.flush()
    record("update", object=f"region.break_glass:{region.id}",
           detail=f"kinds={region.break_glass_kinds!r} hours={hours} cooldown_hours={cooldown_hours}")


@dataclass
class GrantUse:
    """A grant with what its user looked at while it ran: the access-log entries marked
    ``break_glass`` for that user and dossier in the grant's time."""
    grant: BreakGlassGrant
    entries: list[AccessLogEntry] = field(default_factory=list)


def _with_uses(stmt) -> list[GrantUse]:
    grants = list(db.session.scalars(stmt.options(
        joinedload(BreakGlassGrant.user).joinedload(User.organisation))
        .order_by(BreakGlassGrant.granted_at.desc(), BreakGlassGrant.id.desc())).unique())
    uses = {row.id: GrantUse(row) for row in grants}
    if not uses:
        return []
    during = and_(AccessLogEntry.user_id == BreakGlassGrant.user_id,
                  AccessLogEntry.dossier_id == BreakGlassGrant.dossier_id,
                  AccessLogEntry.at >= BreakGlassGrant.granted_at,
                  AccessLogEntry.at <= BreakGlassGrant.expires_at)
    rows = db.session.execute(
        select(BreakGlassGrant.id, AccessLogEntry).join(BreakGlassGrant, during)
        .where(BreakGlassGrant.id.in_(uses), AccessLogEntry.purpose == "break_glass")
        .order_by(AccessLogEntry.at, AccessLogEntry.id))
    for grant_id, entry in rows:
        uses[grant_id].entries.append(entry)
    return list(uses.values())


def grants_for(dossier_id: int) -> list[GrantUse]:
    """Every emergency access to a dossier, newest first, with what was viewed (two queries)."""
    return _with_uses(select(BreakGlassGrant).where(BreakGlassGrant.dossier_id == dossier_id))


def region_grants(region_id: int) -> list[GrantUse]:
    """Every emergency access in a region, newest first, for its administrator."""
    return _with_uses(select(BreakGlassGrant).join(Dossier, Dossier.id == BreakGlassGrant.dossier_id)
                      .where(Dossier.region_id == region_id))
