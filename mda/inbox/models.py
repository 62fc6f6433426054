"""The in-app inbox (one item per user per event, read or not), each user's choice per kind of how
to hear of it, and the outbox every mail is written to before the scheduler sends it."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import one_of, utcnow
from workflows.notifications import DELIVERIES

# The digest picks up the items that wait for it: partial, so it stays as small as the backlog.
DIGEST_PENDING = "delivery = 'digest' AND mail_id IS NULL AND read_at IS NULL"
# The sender picks up the mails that wait for it.
MAIL_WAITING = "sent_at IS NULL AND failed_at IS NULL"


class InboxItem(db.Model):
    """Something that needs ``user``: ``kind`` (one of ``workflows.NOTIFICATION_KINDS``) says what,
    ``url`` where the work is done. ``key`` names the event (e.g. ``task_assigned:task:42``): one
    event never gives a user two items. ``delivery`` is how the user chose to hear of the kind when
    it came; ``mail_id`` the mail that told them (at once, or in a digest)."""
    __tablename__ = "inbox_item"
    __table_args__ = (UniqueConstraint("user_id", "key"),
                      Index("ix_inbox_item_user_unread", "user_id", "read_at", "id"),
                      Index("ix_inbox_item_user_created", "user_id", "created_at", "id"),
                      Index("ix_inbox_item_digest_pending", "user_id", "created_at",
                            sqlite_where=text(DIGEST_PENDING), postgresql_where=text(DIGEST_PENDING)),
                      one_of("delivery", DELIVERIES, name="inbox_item_delivery_valid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    delivery: Mapped[str] = mapped_column(String(10), default="app", server_default="app")
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id", ondelete="SET NULL"))


class NotificationPreference(db.Model):
    """A user's own choice for one kind; without a row the kind's default holds
    (``workflows.default_delivery``)."""
    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"), one_of("delivery", DELIVERIES,
                                                                  name="notification_preference_delivery_valid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[str] = mapped_column(String(10))


class OutboxMail(db.Model):
    """A mail waiting to be sent, or sent. The web app only writes here; the scheduler sends.
    ``key`` makes each mail once (``item:<id>`` for a mail at once, ``digest:<moment>:<address>``,
    the address hashed). Colleagues who share their organisation's address share its mails.
    A failed attempt leaves the mail here with its error, to be tried again at ``next_attempt_at``."""
    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_waiting", "next_attempt_at",
                            sqlite_where=text(MAIL_WAITING), postgresql_where=text(MAIL_WAITING)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
