"""The in-app inbox: one item per user per event, read or not."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import utcnow


class InboxItem(db.Model):
    """Something that needs ``user``: ``kind`` (one of ``workflows.NOTIFICATION_KINDS``) says what,
    ``url`` where the work is done. ``key`` names the event (e.g. ``task_assigned:task:42``): one
    event never gives a user two items."""
    __tablename__ = "inbox_item"
    __table_args__ = (UniqueConstraint("user_id", "key"),
                      Index("ix_inbox_item_user_unread", "user_id", "read_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
