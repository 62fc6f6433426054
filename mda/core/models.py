"""Rows the core keeps for every concern: the one-time tokens of the forms that create things."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mda.extensions import db
from mda.types import utcnow


class FormSubmission(db.Model):
    """A create-form's one-time token, claimed by the request that first sent it; a replay of
    the token (a double click, a resent request) is shown ``result_url`` and creates nothing."""
    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    result_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
