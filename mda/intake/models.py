"""An application for MDA++, its persons, criteria and organisations, and the triage meeting."""
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.auth.models import User
from mda.dossiers.models import BSN_NINE_DIGITS, PERSON_ROLES, VIOLENCE_TYPES, Dossier, PersonKeys
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, utcnow
from workflows import APPLICATION_WORKFLOW, ApplicationFacts

APPLICATION_STAGES = APPLICATION_WORKFLOW.state_names
# The triage meeting's decisions: the final stages but the applicant's own withdrawal.
DECIDED_STAGES = tuple(stage for stage in APPLICATION_WORKFLOW.final_states if stage != "withdrawn")
# Submitted and not yet decided: the triage meeting's work.
WAITING_STAGES = APPLICATION_WORKFLOW.active_states
# The report of an application for a family that turned out to be known went to its dossier as a
# signal: the triage meeting did not decide on MDA++ for it.
ADDED_TO_DOSSIER = "added_to_dossier"
# A draft, or waiting for triage: the applicant may still withdraw it.
UNDECIDED_STAGES = APPLICATION_WORKFLOW.unfinished_states
# The MDA++ criteria of the national approach, in the order the form shows them.
CRITERIA = ("structurally_unsafe", "regular_help_exhausted", "incidents_repeat", "long_history",
            "escalation_risk", "multiple_problems")
ORGANISATION_LINKS = ("involved", "proposed")


class TriageMeeting(db.Model):
    """A triage meeting (*triageoverleg*) of a region on one day."""
    __tablename__ = "triage_meeting"
    __table_args__ = (UniqueConstraint("region_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    held_on: Mapped[date]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Application(db.Model):
    """An application for MDA++ by a partner, for a new family or an existing dossier; once
    accepted it is the dossier's intake record."""
    __tablename__ = "mda_application"
    __workflow__ = "application"
    __table_args__ = (
        one_of("stage", APPLICATION_STAGES),
        one_of("signal_violence_type", ("",) + VIOLENCE_TYPES),
        CheckConstraint("stage NOT IN ('accepted', 'not_accepted', 'added_to_dossier') OR decision_reason <> ''",
                        name="decision_has_reason"),
        CheckConstraint("stage <> 'added_to_dossier' OR dossier_id IS NOT NULL", name="added_to_a_dossier"),
        CheckConstraint("stage <> 'withdrawn' OR withdrawn_at IS NOT NULL", name="withdrawal_recorded"),
        CheckConstraint("stage <> 'withdrawn' OR submitted_at IS NULL OR withdrawal_reason <> ''",
                        name="withdrawal_has_reason"),
        # the triage page's lists, an organisation's own and those a coordinator was given, each in
        # its order
        Index("ix_mda_application_region_stage_submitted", "region_id", "stage", "submitted_at", "id"),
        Index("ix_mda_application_region_decided", "region_id", "decided_at", "id"),
        Index("ix_mda_application_region_withdrawn", "region_id", "withdrawn_at", "id"),
        Index("ix_mda_application_organisation_created", "organisation_id", "created_at", "id"),
        Index("ix_mda_application_coordinator_created", "coordinator_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    for_existing_dossier: Mapped[bool] = mapped_column(default=False)
    stage: Mapped[str] = mapped_column(String(20), default="draft")
    family_reference: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    other_help: Mapped[str] = mapped_column(Text, default="")
    signal_reported_on: Mapped[date | None]
    signal_violence_type: Mapped[str] = mapped_column(String(30), default="")
    signal_acute: Mapped[bool] = mapped_column(default=False)
    signal_police_callout: Mapped[bool] = mapped_column(default=False)
    signal_reported_time: Mapped[time | None]
    signal_description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)  # a draft's retention counts from here
    submitted_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("triage_meeting.id"), index=True)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    family_informed_on: Mapped[date | None]
    family_not_informed_reason: Mapped[str] = mapped_column(Text, default="")
    family_recorded_at: Mapped[datetime | None]
    outcome_seen_at: Mapped[datetime | None]  # when the applicant's organisation first saw the decision
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    version_id: Mapped[int] = mapped_column(default=1)

    organisation: Mapped[Organisation] = relationship()
    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])
    dossier: Mapped[Dossier | None] = relationship()
    meeting: Mapped[TriageMeeting | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    coordinator: Mapped[User | None] = relationship(foreign_keys=[coordinator_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])
    persons: Mapped[list["ApplicationPerson"]] = relationship(
        order_by="ApplicationPerson.id", cascade="all, delete-orphan")
    criteria: Mapped[list["ApplicationCriterion"]] = relationship(
        order_by="ApplicationCriterion.id", cascade="all, delete-orphan")
    organisations: Mapped[list["ApplicationOrganisation"]] = relationship(
        order_by="ApplicationOrganisation.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self) -> "Application":
        """What the access policy's action of a step is asked on."""
        return self

    def workflow_facts(self, today: date) -> ApplicationFacts:
        return ApplicationFacts(
            self.stage, persons=len(self.persons), reason=bool(self.reason.strip()), goal=bool(self.goal.strip()),
            criteria=len(self.criteria), unexplained=sum(1 for c in self.criteria if not c.explanation.strip()),
            new_family=not self.for_existing_dossier, signal_date=self.signal_reported_on is not None,
            violence_type=bool(self.signal_violence_type))

    @property
    def is_decided(self) -> bool:
        return self.stage in DECIDED_STAGES

    @property
    def reached_triage(self) -> bool:
        """Submitted to the triage meeting at some time: a draft withdrawn before it was submitted
        never was."""
        if self.stage == "withdrawn":
            return self.submitted_at is not None
        return self.stage != "draft"

    @property
    def reference(self) -> str:
        return self.dossier.reference if self.for_existing_dossier and self.dossier else self.family_reference

    def organisation_ids(self, link: str) -> list[int]:
        return [row.organisation_id for row in self.organisations if row.link == link]

    def linked_organisations(self, link: str) -> list[Organisation]:
        return sorted((row.organisation for row in self.organisations if row.link == link),
                      key=lambda org: org.name)

    def explanation(self, criterion: str) -> str | None:
        return next((row.explanation for row in self.criteria if row.criterion == criterion), None)


class ApplicationPerson(PersonKeys, db.Model):
    __tablename__ = "application_person"
    __table_args__ = (one_of("role", PERSON_ROLES),
                      Index("ix_application_person_match", "match_name", "date_of_birth"),
                      Index("ix_application_person_bsn", "bsn"),
                      CheckConstraint(BSN_NINE_DIGITS, name="bsn_nine_digits"))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("mda_application.id", ondelete="CASCADE"),
                                                index=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[str] = mapped_column(String(20))
    date_of_birth: Mapped[date | None]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))

    school: Mapped[Organisation | None] = relationship()


class ApplicationCriterion(db.Model):
    """A criterion for MDA++ the applicant ticked, with a short explanation."""
    __tablename__ = "application_criterion"
    __table_args__ = (UniqueConstraint("application_id", "criterion"), one_of("criterion", CRITERIA))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("mda_application.id", ondelete="CASCADE"),
                                                index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    explanation: Mapped[str] = mapped_column(Text, default="")


class ApplicationOrganisation(db.Model):
    """A partner already involved (according to the applicant) or proposed for the team (by the
    triage meeting)."""
    __tablename__ = "application_organisation"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id", "link"),
                      one_of("link", ORGANISATION_LINKS))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("mda_application.id", ondelete="CASCADE"),
                                                index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    link: Mapped[str] = mapped_column(String(20))

    organisation: Mapped[Organisation] = relationship(lazy="joined")
