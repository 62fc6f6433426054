"""User accounts: one organisation each, one role each."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow

USER_ROLES = ("coordinator", "professional", "steering", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (one_of("role", USER_ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(160))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    def __repr__(self) -> str:
        return f"<User {self.username}>"
