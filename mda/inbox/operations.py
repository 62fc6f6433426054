"""``notify``: the one way anything reaches a user's inbox (and, by their choice, their e-mail)."""
from collections.abc import Iterable

from sqlalchemy import select

from mda.auth.models import User
from mda.extensions import db
from mda.inbox.models import InboxItem
from workflows import NOTIFICATION_KINDS

# The roles whose staff receive what is sent to their organisation.
RECEIVING_ROLES = ("coordinator", "professional", "team_lead", "steering", "admin")


def notify(kind: str, *, url: str, key: str, users: Iterable = (), organisation_ids: Iterable[int] = (),
           dossier_id: int | None = None) -> list[InboxItem]:
    """Puts an item of ``kind`` in the inbox of each of ``users`` (User rows or ids) and of the active
    staff of ``organisation_ids``; ``key`` names the event, so calling again for the same event adds
    nothing. Returns the new items."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    recipients = {user if isinstance(user, int) else user.id for user in users}
    organisation_ids = tuple(organisation_ids)
    if organisation_ids:
        recipients |= set(db.session.scalars(select(User.id).where(
            User.organisation_id.in_(organisation_ids), User.active.is_(True), User.role.in_(RECEIVING_ROLES))))
    if not recipients:
        return []
    already = set(db.session.scalars(select(InboxItem.user_id).where(
        InboxItem.key == key, InboxItem.user_id.in_(recipients))))
    items = [InboxItem(user_id=user_id, kind=kind, dossier_id=dossier_id, url=url[:300], key=key[:160])
             for user_id in sorted(recipients - already)]
    db.session.add_all(items)
    db.session.flush()
    return items
