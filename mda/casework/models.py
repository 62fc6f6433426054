"""Veilig Thuis's safety assessment of a dossier and the route it chose."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow
from workflows import vocabulary

ASSESSMENT_OUTCOMES = tuple(vocabulary.ASSESSMENT_OUTCOMES)
ASSESSMENT_ROUTES = tuple(vocabulary.ASSESSMENT_ROUTES)


class SafetyAssessment(db.Model):
    """Veilig Thuis's safety assessment (*veiligheidsbeoordeling*) and the route it chose."""
    __tablename__ = "safety_assessment"
    __table_args__ = (one_of("outcome", ASSESSMENT_OUTCOMES), one_of("route", ASSESSMENT_ROUTES))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(30))
    assessed_on: Mapped[date]
    explanation: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
