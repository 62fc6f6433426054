"""Read models of the inbox, each a fixed number of queries whatever the number of items: a page of
items found by its key (newest first), the family each item is about where the user may see
that family, and the unread count of the header."""
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, func, or_, select

from mda.access import visible_dossiers
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.jobs.claims import moment_key

PAGE_SIZE = 50


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
    return f"{moment_key(item.created_at)}_{item.id}"


def _parse(cursor: str | None) -> tuple[datetime, int] | None:
    try:
        moment, item_id = (cursor or "").rsplit("_", 1)
        return datetime.fromisoformat(moment).replace(tzinfo=timezone.utc), int(item_id)
    except ValueError:
        return None


def inbox_page(user, cursor: str | None = None, unread_only: bool = False, size: int = PAGE_SIZE) -> InboxPage:
    """The user's items after ``cursor`` (from the previous page), newest first."""
    stmt = select(InboxItem).where(InboxItem.user_id == user.id)
    if unread_only:
        stmt = stmt.where(InboxItem.read_at.is_(None))
    after = _parse(cursor)
    if after is not None:
        moment, item_id = after
        stmt = stmt.where(or_(InboxItem.created_at < moment,
                              and_(InboxItem.created_at == moment, InboxItem.id < item_id)))
    rows = list(db.session.scalars(stmt.order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(size + 1)))
    items, more = rows[:size], len(rows) > size
    dossier_ids = {item.dossier_id for item in items if item.dossier_id is not None}
    references = dict(db.session.execute(
        visible_dossiers(user, through_grant=False).where(Dossier.id.in_(dossier_ids))
        .with_only_columns(Dossier.id, Dossier.reference)).all()) if dossier_ids else {}
    return InboxPage(items, references, cursor_of(items[-1]) if more else None, unread_only)
