"""Read models of the inbox, each a fixed number of queries whatever the number of items: a page of
items found by its key (newest first), the family each item is about where the user may see
that family, and the unread count of the header."""
from dataclasses import dataclass

from sqlalchemy import func, select

from mda.access import visible_dossiers
from mda.core.keyset import Keyset
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.models import InboxItem

PAGE_SIZE = 50
INBOX_ORDER = Keyset(InboxItem.created_at.desc(), InboxItem.id.desc())  # newest first (mda.core.keyset)


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    references: dict[int, str]  # dossier id -> family reference, for the dossiers the user may see
    next_cursor: str | None
    unread_only: bool


def unread_count(user) -> int:
    return db.session.scalar(select(func.count(InboxItem.id)).where(
        InboxItem.user_id == user.id, InboxItem.read_at.is_(None))) or 0


def cursor_of(item: InboxItem) -> str:
    return INBOX_ORDER.key(item.created_at, item.id)


def inbox_page(user, cursor: str | None = None, unread_only: bool = False, size: int = PAGE_SIZE) -> InboxPage:
    """The user's items after ``cursor`` (from the previous page), newest first."""
    stmt = select(InboxItem).where(InboxItem.user_id == user.id)
    if unread_only:
        stmt = stmt.where(InboxItem.read_at.is_(None))
    page = INBOX_ORDER.page(stmt, cursor, size)
    items = page.rows
    dossier_ids = {item.dossier_id for item in items if item.dossier_id is not None}
    references = dict(db.session.execute(
        visible_dossiers(user, through_grant=False).where(Dossier.id.in_(dossier_ids))
        .with_only_columns(Dossier.id, Dossier.reference)).all()) if dossier_ids else {}
    return InboxPage(items, references, page.next_key, unread_only)
