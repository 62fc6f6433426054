"""``notify``: the one way anything reaches a user's inbox (and, by their choice, their e-mail);
reading items, and each user's choice per kind."""
from collections.abc import Iterable
from datetime import date, datetime, time, timezone

from sqlalchemy import func, select, update

from mda.audit.log import record
from mda.auth.models import User
from mda.core import clock
from mda.extensions import db
from mda.inbox.mail import queue_at_once
from mda.inbox.models import InboxItem, NotificationPreference
from mda.orgs.models import Organisation
from workflows import DELIVERIES, NOTIFICATION_KINDS, default_delivery

# The roles whose staff receive what is sent to their organisation.
RECEIVING_ROLES = ("coordinator", "professional", "team_lead", "steering", "admin")
# The roles that work on cases: what happens in a case is for them, not for an administrator who
# happens to belong to a partner organisation.
CASE_ROLES = ("coordinator", "professional", "team_lead")


def notify(kind: str, *, url: str, key: str, users: Iterable = (), organisation_ids: Iterable[int] = (),
           dossier_id: int | None = None, today: date | None = None) -> list[InboxItem]:
    """Puts an item of ``kind`` in the inbox of each of ``users`` (User rows or ids) and of the active
    staff of ``organisation_ids``; ``key`` names the event, so calling again for the same event adds
    nothing. Each recipient hears of it as they chose for the kind: a mail at once goes into the
    outbox now (the scheduler sends it), a digest item waits for the region's digest time.
    ``today`` dates an event recorded on another day than today (the demo's history). Returns the
    new items."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    recipients = {user if isinstance(user, int) else user.id for user in users}
    recipients |= staff_of(organisation_ids)
    if not recipients:
        return []
    already = set(db.session.scalars(select(InboxItem.user_id).where(
        InboxItem.key == key, InboxItem.user_id.in_(recipients))))
    new = sorted(recipients - already)
    if not new:
        return []
    created_at = (clock.utcnow() if today is None or today == clock.today()
                  else datetime.combine(today, time(9), tzinfo=clock.ZONE).astimezone(timezone.utc))
    reach = deliveries(new, kind)
    items = [InboxItem(user_id=user_id, kind=kind, dossier_id=dossier_id, url=url[:300], key=key[:160],
                       created_at=created_at, delivery=reach[user_id][0])
             for user_id in new]
    db.session.add_all(items)
    db.session.flush()
    at_once = {}
    for item in items:
        if item.delivery == "now":
            at_once.setdefault(reach[item.user_id][1].lower(), []).append(item)
    for address, sharing in at_once.items():  # colleagues without an address of their own share one
        queue_at_once(sharing, address)
    return items


def staff_of(organisation_ids: Iterable[int], but=None, roles: tuple[str, ...] = RECEIVING_ROLES) -> set[int]:
    """The active staff in ``roles`` of these organisations, but ``but`` (whoever caused the event
    needs no word of it)."""
    organisation_ids = tuple(organisation_ids)
    if not organisation_ids:
        return set()
    found = set(db.session.scalars(select(User.id).where(
        User.organisation_id.in_(organisation_ids), User.active.is_(True), User.role.in_(roles))))
    return found - {getattr(but, "id", but)}


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, tuple[str, str | None]]:
    """Per user: how they hear of ``kind`` (their choice, else the kind's default) and where their
    mail goes (their own address, else their organisation's). Without an address, in the app only."""
    user_ids = tuple(user_ids)
    chosen = dict(db.session.execute(select(NotificationPreference.user_id, NotificationPreference.delivery).where(
        NotificationPreference.user_id.in_(user_ids), NotificationPreference.kind == kind)).all())
    addresses = dict(db.session.execute(
        select(User.id, func.coalesce(User.email, Organisation.email))
        .join(Organisation, Organisation.id == User.organisation_id).where(User.id.in_(user_ids))).all())
    result = {}
    for user_id in user_ids:
        address = (addresses.get(user_id) or "").strip() or None
        delivery = chosen.get(user_id, default_delivery(kind))
        result[user_id] = (delivery if address else "app", address)
    return result


# --- reading ------------------------------------------------------------------------------------

def open_item(user, item_id: int) -> InboxItem | None:
    """The user's own item, marked read now (None for anyone else's: the same as a missing one)."""
    item = db.session.scalar(select(InboxItem).where(InboxItem.id == item_id, InboxItem.user_id == user.id))
    if item is not None and item.read_at is None:
        item.read_at = clock.utcnow()
        db.session.flush()
    return item


def mark_all_read(user) -> int:
    """Marks every unread item of the user read; returns how many."""
    result = db.session.execute(update(InboxItem).where(InboxItem.user_id == user.id, InboxItem.read_at.is_(None))
                                .values(read_at=clock.utcnow()))
    return result.rowcount


# --- choices ------------------------------------------------------------------------------------

def preferences(user) -> dict[str, str]:
    """How the user hears of each kind: their choice, else the kind's default."""
    chosen = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.delivery)
                                     .where(NotificationPreference.user_id == user.id)).all())
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in NOTIFICATION_KINDS}


def save_preferences(user, choices: dict[str, str], email: str | None) -> None:
    """Stores the user's choice per kind (a choice equal to the default is stored too: a later
    change of the default does not overrule what the user chose) and their e-mail address."""
    rows = {row.kind: row for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind, delivery in choices.items():
        if kind not in NOTIFICATION_KINDS or delivery not in DELIVERIES:
            raise ValueError(f"no such choice: {kind}={delivery}")
        row = rows.get(kind)
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
    user.email = (email or "").strip() or None
    db.session.flush()
    record("update", object="notification_preferences",
           detail=" ".join(f"{kind}={delivery}" for kind, delivery in sorted(choices.items())))
