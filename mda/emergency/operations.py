"""Granting and reviewing emergency access. A grant lasts a few hours, is logged with its reason,
and gives the case coordinator a task to review it."""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mda.audit.log import record
from mda.dossiers.models import BreakGlassGrant, Dossier
from mda.engine.core import create_tasks
from mda.engine.facts import task_context
from mda.errors import RuleError
from mda.extensions import db
from mda.types import utcnow
from workflows import Label, TaskTemplate

GRANT_LIFETIME = timedelta(hours=4)
AMBIGUOUS = _l("More than one open dossier in your region has this reference. Ask the Zorg- en "
               "Veiligheidshuis for access.")


def grant(user, *, reference: str, reason: str) -> BreakGlassGrant:
    # References are not unique in a region: two open dossiers with this one are refused, not guessed.
    found = db.session.scalars(select(Dossier).where(
        Dossier.region_id == user.organisation.region_id, Dossier.reference == reference.strip(),
        Dossier.state.not_in(("closed", "handed_over"))).limit(2)).all()
    dossier = found[0] if len(found) == 1 else None
    if dossier is None:
        record("view", outcome="denied", purpose="break_glass", object="break_glass.request",
               detail=f"{'more than one' if found else 'no'} open dossier with reference {reference.strip()!r}")
        message = AMBIGUOUS if found else _l("There is no open dossier with this exact reference in your region.")
        raise RuleError(message, "reference")
    row = BreakGlassGrant(dossier_id=dossier.id, user_id=user.id, reason=reason.strip(),
                          expires_at=utcnow() + GRANT_LIFETIME)
    db.session.add(row)
    db.session.flush()
    today = date.today()
    calendar = task_context(dossier.region_id).calendar
    who = f"{user.full_name} ({user.organisation.name})"
    create_tasks(dossier, [TaskTemplate(
        "other", dossier.coordinator.organisation_id, None,
        Label(f"Noodtoegang door {who} beoordelen", f"Review the emergency access by {who}"),
        calendar.next_working_day(today), f"break_glass:{row.id}")], user, today)
    record("view", user=user, dossier_id=dossier.id, purpose="break_glass", object="break_glass.granted",
           detail=reason.strip())
    return row


def review(user, row: BreakGlassGrant, note: str) -> None:
    row.reviewed_at = utcnow()
    row.reviewed_by_id = user.id
    row.review_note = note.strip()
    db.session.flush()
    record("update", dossier_id=row.dossier_id, object=f"break_glass.reviewed:{row.id}", detail=note.strip())


def grants_for(dossier_id: int) -> list[BreakGlassGrant]:
    return list(db.session.scalars(select(BreakGlassGrant).where(BreakGlassGrant.dossier_id == dossier_id)
                                   .options(joinedload(BreakGlassGrant.user))
                                   .order_by(BreakGlassGrant.granted_at.desc())))
