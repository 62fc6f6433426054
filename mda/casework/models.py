"""Veilig Thuis's safety assessment of a dossier and the route it chose, and what the reporters
were told of it."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.dossiers.models import Dossier, Signal
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow
from workflows import FEEDBACK_OCCASIONS, vocabulary

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


class ReporterFeedback(db.Model):
    """What the organisation that reported ``signal`` was told (*terugkoppeling*) after Veilig
    Thuis's safety assessment or at the end of its investigation: in the words the law allows,
    whether a follow-up route started (``route``) and who took the case over; never what was
    found. Told once per signal and occasion."""
    __tablename__ = "reporter_feedback"
    __table_args__ = (UniqueConstraint("signal_id", "occasion"), one_of("occasion", FEEDBACK_OCCASIONS),
                      one_of("route", ASSESSMENT_ROUTES))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    occasion: Mapped[str] = mapped_column(String(20))
    route: Mapped[str | None] = mapped_column(String(30))
    taken_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_by_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    dossier: Mapped[Dossier] = relationship()
    signal: Mapped[Signal] = relationship()
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    taken_over_by: Mapped[Organisation | None] = relationship(foreign_keys=[taken_over_by_id])
    sent_by_organisation: Mapped[Organisation] = relationship(foreign_keys=[sent_by_organisation_id])

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_nl
