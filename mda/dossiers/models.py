"""The family dossier and what it holds."""
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from mda.auth.models import User
from mda.dossiers.identity import name_key
from mda.extensions import db
from mda.orgs.models import Organisation, Region
from mda.types import one_of, utcnow
from workflows import CASE_WORKFLOW, TEAM_WORKFLOW, vocabulary

CASE_STATES = CASE_WORKFLOW.state_names
PERSON_ROLES = tuple(vocabulary.PERSON_ROLES)
REPORTER_KINDS = tuple(vocabulary.REPORTER_KINDS)
VIOLENCE_TYPES = tuple(vocabulary.VIOLENCE_TYPES)
TEAM_ROLES = tuple(vocabulary.TEAM_ROLES)
LEGAL_BASES = tuple(vocabulary.LEGAL_BASES)
MEMBERSHIP_STATUSES = TEAM_WORKFLOW.state_names
# A partner on the team, or invited to it and not yet answered.
CURRENT_MEMBERSHIP_STATUSES = TEAM_WORKFLOW.unfinished_states
NOTE_KINDS = ("fact", "opinion", "family_view")
# The coordinator's judgement of an emergency access.
REVIEW_OUTCOMES = ("justified", "not_justified")


class Dossier(db.Model):
    __tablename__ = "dossier"
    __workflow__ = "case"

    @property
    def access_subject(self):
        """What the access policy's action of a step is asked on: the row itself."""
        return self

    __table_args__ = (
        Index("ix_dossier_region_reference", "region_id", "reference"),  # not unique: see create_dossier
        Index("ix_dossier_region_progress", "region_id", "last_progress_at"),  # stall detection (mda.escalation)
        # the dossier list, latest activity first, within the user's region (visible_dossiers)
        Index("ix_dossier_region_updated", "region_id", "updated_at", "id"),
        one_of("state", CASE_STATES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    reference: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(30), default="registered")
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    legal_hold_until: Mapped[date | None]
    legal_hold_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    safety_threshold: Mapped[int] = mapped_column(default=6, server_default="6")
    closing_threshold: Mapped[int] = mapped_column(default=8, server_default="8")
    # The last phase change or completed task (set by mda.escalation.progress, not by a form, so it
    # never makes someone's open form stale).
    last_progress_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    region: Mapped[Region] = relationship()
    coordinator: Mapped[User] = relationship()
    persons: Mapped[list["Person"]] = relationship(
        back_populates="dossier", order_by="Person.id", cascade="all, delete-orphan")
    signals: Mapped[list["Signal"]] = relationship(
        back_populates="dossier", order_by="(Signal.reported_on, Signal.id)", cascade="all, delete-orphan")
    memberships: Mapped[list["TeamMembership"]] = relationship(
        back_populates="dossier", order_by="TeamMembership.id", cascade="all, delete-orphan")
    notes: Mapped[list["Note"]] = relationship(
        back_populates="dossier", order_by="(Note.created_at.desc(), Note.id.desc())", cascade="all, delete-orphan")
    statements: Mapped[list["PersonStatement"]] = relationship(
        order_by="(PersonStatement.recorded_at, PersonStatement.id)", cascade="all, delete-orphan", viewonly=True)

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def active_memberships(self) -> list["TeamMembership"]:
        return [m for m in self.memberships if m.status == "active"]

    def __repr__(self) -> str:
        return f"<Dossier {self.id} {self.reference}>"


# The radar (mda.radar) finds a person by name key and date of birth, or by BSN: both indexed.
BSN_NINE_DIGITS = "bsn IS NULL OR length(bsn) = 9"


class PersonKeys:
    """The columns the radar looks a person up by (``mda.dossiers.identity``): the name key kept
    with the name, and the BSN where known (its digits; checked with the eleven test before)."""

    match_name: Mapped[str] = mapped_column(String(160), default="", server_default="")
    bsn: Mapped[str | None] = mapped_column(String(9))

    @validates("name")
    def _keep_name_key(self, _key, value):
        self.match_name = name_key(value)
        return value


class Person(PersonKeys, db.Model):
    """A person involved (*betrokkene*); children are clients in their own right."""
    __tablename__ = "person"
    __table_args__ = (one_of("role", PERSON_ROLES),
                      Index("ix_person_match", "match_name", "date_of_birth"), Index("ix_person_bsn", "bsn"),
                      CheckConstraint(BSN_NINE_DIGITS, name="bsn_nine_digits"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[str] = mapped_column(String(20))
    date_of_birth: Mapped[date | None]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship(back_populates="persons")
    school: Mapped[Organisation | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Signal(db.Model):
    """A signal or report (*signaal, melding*); several link to one dossier over time."""
    __tablename__ = "signal"
    __table_args__ = (
        one_of("reporter_kind", REPORTER_KINDS),
        one_of("violence_type", VIOLENCE_TYPES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[date]
    reported_time: Mapped[time | None]  # the time of day, when known (a police call-out at 22:40)
    reporter_kind: Mapped[str] = mapped_column(String(20))
    reporter_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    violence_type: Mapped[str] = mapped_column(String(30))
    acute: Mapped[bool] = mapped_column(default=False)
    police_callout: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    # A re-report: the day the dossier had been closed on when this signal came in (the impact
    # monitor counts new reports within 12 months of closure); None on an open dossier.
    dossier_closed_on: Mapped[date | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Another report of the same incident (the police and Veilig Thuis on one call-out): the
    # incident's first report, which caused the relapse (``workflows.incidents``).
    same_incident_as_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="SET NULL"),
                                                            index=True)

    dossier: Mapped[Dossier] = relationship(back_populates="signals")
    reporter_organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    same_incident_as: Mapped["Signal | None"] = relationship(remote_side=[id])

    @property
    def incident_id(self) -> int:
        """The incident this report belongs to, named by its first report."""
        return self.same_incident_as_id or self.id


class TeamMembership(db.Model):
    """A partner organisation on a dossier's multidisciplinary team."""
    __tablename__ = "team_membership"
    __workflow__ = "team_membership"

    @property
    def access_subject(self):
        """What the access policy's action of a step is asked on: the row itself."""
        return self

    __table_args__ = (
        UniqueConstraint("dossier_id", "organisation_id"),
        # an organisation's teams and invitations, and the dossiers it is on
        Index("ix_team_membership_organisation_status", "organisation_id", "status", "dossier_id"),
        one_of("team_role", TEAM_ROLES),
        one_of("legal_basis", LEGAL_BASES),
        one_of("status", MEMBERSHIP_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_role: Mapped[str] = mapped_column(String(20))
    legal_basis: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="active")
    joined_on: Mapped[date | None]
    left_on: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    dossier: Mapped[Dossier] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def current(self) -> bool:
        """On the team, or invited and not yet answered."""
        return self.status in CURRENT_MEMBERSHIP_STATUSES


class Note(db.Model):
    """A note that says whether it is a fact, an opinion or the family's own view, and whether
    it holds health information."""
    __tablename__ = "note"
    __table_args__ = (one_of("kind", NOTE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    # Health information (an addiction treatment, a diagnosis): for health viewers only.
    health_information: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="notes")
    person: Mapped[Person | None] = relationship()
    author: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()


class PersonStatement(db.Model):
    """A person's own statement (*eigen verklaring*), recorded in their words next to the
    professionals' record; professionals cannot edit it."""
    __tablename__ = "person_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()
    note: Mapped[Note | None] = relationship()
    recorded_by: Mapped[User] = relationship()


class BreakGlassGrant(db.Model):
    """Emergency access (*break the glass*) to a dossier not shared with the user's organisation:
    given for a stated reason, for a limited time, read-only, and reviewed by the coordinator
    afterwards. A review that finds it not justified ends it at once (``expires_at`` moves to then)."""
    __tablename__ = "break_glass_grant"
    __table_args__ = (one_of("review_outcome", REVIEW_OUTCOMES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    review_note: Mapped[str] = mapped_column(Text, default="")
    review_outcome: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    dossier: Mapped["Dossier"] = relationship()
