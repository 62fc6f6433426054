"""Region and organisation."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.extensions import db
from mda.types import one_of, utcnow
from workflows import (APPLICATION_RETENTION_YEARS, CLOSING_REVIEW_GAP, CLOSING_THRESHOLD, DEFAULT_LADDER,
                       PARTNER_SCORES_NEEDED, RETENTION_YEARS, REVIEW_CADENCE, SAFETY_THRESHOLD, STALL_DEFAULTS, Rung,
                       StallThresholds, ladder_text, parse_ladder, vocabulary)
from workflows.notifications import DEFAULT_DIGEST_TIME

ORGANISATION_KINDS = tuple(vocabulary.ORG_KINDS)
# Organisations whose staff may open a dossier in an emergency unless a region chooses otherwise.
BREAK_GLASS_KINDS = ("vt", "police")
# Organisations that never join a dossier's team: schools only receive Handle-with-Care signals,
# the steering group only sees escalated cases.
NON_TEAM_KINDS = tuple(kind for kind in ORGANISATION_KINDS if kind in vocabulary.NON_PLAN_ORG_KINDS)


class Region(db.Model):
    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    retention_years: Mapped[int] = mapped_column(default=RETENTION_YEARS)
    # Emergency access (break the glass): which kinds of organisation may use it (space-separated),
    # how long a grant lasts, and how long after a grant its user waits before asking again.
    break_glass_kinds: Mapped[str] = mapped_column(String(200), default=" ".join(BREAK_GLASS_KINDS))
    break_glass_hours: Mapped[int] = mapped_column(default=4)
    break_glass_cooldown_hours: Mapped[int] = mapped_column(default=24)
    # Drafts (after their last change) and declined applications (after the decision).
    application_retention_years: Mapped[int] = mapped_column(default=APPLICATION_RETENTION_YEARS)
    # When the daily e-mail digest goes out, Dutch time.
    digest_time: Mapped[time] = mapped_column(default=time(*DEFAULT_DIGEST_TIME), server_default="07:30:00")
    # Safety-score reviews: a team score needs the scores of this many partner organisations besides
    # the coordinator's; closing needs counted reviews at or above the threshold this many days apart.
    review_partner_minimum: Mapped[int] = mapped_column(default=PARTNER_SCORES_NEEDED,
                                                        server_default=str(PARTNER_SCORES_NEEDED))
    closing_review_gap_days: Mapped[int] = mapped_column(default=CLOSING_REVIEW_GAP.days,
                                                         server_default=str(CLOSING_REVIEW_GAP.days))
    # The score thresholds a new dossier gets, and the days between safety-score reviews per phase;
    # None: the default of workflows/ (SAFETY_THRESHOLD, CLOSING_THRESHOLD, REVIEW_CADENCE).
    safety_threshold: Mapped[int | None]
    closing_threshold: Mapped[int | None]
    review_days_safety: Mapped[int | None]
    review_days_risk_care: Mapped[int | None]
    review_days_recovery: Mapped[int | None]
    review_days_monitoring: Mapped[int | None]
    # Handle with Care: the school has the signal of a police call-out when school starts on the
    # next school day (see SchoolHoliday for the days that are not).
    school_starts_at: Mapped[time] = mapped_column(default=time(8, 30), server_default="08:30:00")
    # Escalation (workflows.escalation): the ladder with its time limits, and when a case counts as
    # stalled (each threshold None: the region does not use that signal).
    escalation_ladder: Mapped[str] = mapped_column(String(200), default=ladder_text(DEFAULT_LADDER),
                                                   server_default=ladder_text(DEFAULT_LADDER))
    stall_no_progress_days: Mapped[int | None] = mapped_column(
        default=STALL_DEFAULTS.no_progress_days, server_default=str(STALL_DEFAULTS.no_progress_days))
    stall_overdue_working_days: Mapped[int | None] = mapped_column(
        default=STALL_DEFAULTS.overdue_working_days, server_default=str(STALL_DEFAULTS.overdue_working_days))
    stall_declined_working_days: Mapped[int | None] = mapped_column(
        default=STALL_DEFAULTS.declined_working_days, server_default=str(STALL_DEFAULTS.declined_working_days))
    stall_score_reviews: Mapped[int | None] = mapped_column(
        default=STALL_DEFAULTS.score_reviews, server_default=str(STALL_DEFAULTS.score_reviews))
    stall_review_overdue_working_days: Mapped[int | None] = mapped_column(
        default=STALL_DEFAULTS.review_overdue_working_days,
        server_default=str(STALL_DEFAULTS.review_overdue_working_days))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisations: Mapped[list["Organisation"]] = relationship(
        back_populates="region", order_by="Organisation.name")

    @property
    def ladder(self) -> tuple[Rung, ...]:
        try:
            return parse_ladder(self.escalation_ladder)
        except ValueError:  # the admin form stores only valid ladders
            return DEFAULT_LADDER

    @property
    def stall_thresholds(self) -> StallThresholds:
        return StallThresholds(**{name: getattr(self, f"stall_{name}") for name in StallThresholds.names()})

    @property
    def thresholds(self) -> tuple[int, int]:
        """The safety and closing thresholds a dossier opened now gets."""
        return (SAFETY_THRESHOLD if self.safety_threshold is None else self.safety_threshold,
                CLOSING_THRESHOLD if self.closing_threshold is None else self.closing_threshold)

    @property
    def review_cadence(self) -> dict[str, timedelta]:
        """The region's own days between reviews, for the phases where it set them."""
        return {phase: timedelta(days=days) for phase in REVIEW_CADENCE
                if (days := getattr(self, f"review_days_{phase}")) is not None}

    @property
    def break_glass_kind_list(self) -> tuple[str, ...]:
        return tuple(kind for kind in self.break_glass_kinds.split() if kind in ORGANISATION_KINDS)

    def __repr__(self) -> str:
        return f"<Region {self.name}>"


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (one_of("kind", ORGANISATION_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    # The organisation's functional mailbox: where a user's mail goes when they have no address.
    email: Mapped[str | None] = mapped_column(String(254))
    # A school's contact for Handle with Care signals (the person who receives them).
    contact_name: Mapped[str | None] = mapped_column(String(160))
    contact_phone: Mapped[str | None] = mapped_column(String(40))

    region: Mapped[Region] = relationship(back_populates="organisations")

    @property
    def can_join_team(self) -> bool:
        return self.kind not in NON_TEAM_KINDS

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class ClosedDay(db.Model):
    """A day the region's partners are closed; it does not count as a working day."""
    __tablename__ = "closed_day"
    __table_args__ = (UniqueConstraint("region_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    description: Mapped[str] = mapped_column(String(200))


class SchoolHoliday(db.Model):
    """A school holiday of the region (its first and last day included): no school days, so a
    Handle with Care signal is due when school starts again."""
    __tablename__ = "school_holiday"
    __table_args__ = (UniqueConstraint("region_id", "first_day"),
                      CheckConstraint("first_day <= last_day", name="in_order"))

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    name: Mapped[str] = mapped_column(String(120))
