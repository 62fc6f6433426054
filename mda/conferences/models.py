"""A case conference on a dossier, who is invited and attends, and its minutes with decisions."""
from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.auth.models import User
from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.reviews.models import SafetyReview
from mda.tasks.models import Task
from mda.types import one_of, utcnow
from workflows import CONFERENCE_WORKFLOW, MINUTES_WORKFLOW, ConferenceFacts

CONFERENCE_STAGES = CONFERENCE_WORKFLOW.state_names
MINUTES_STAGES = MINUTES_WORKFLOW.state_names
DECISION_KINDS = ("agreement", "task", "proposal")
PLAN_KINDS = ("safety_plan", "care_plan")


class Conference(db.Model):
    """A case conference (*casusoverleg*); date and times are local (Europe/Amsterdam)."""
    __tablename__ = "case_conference"
    __workflow__ = "conference"
    __table_args__ = (one_of("stage", CONFERENCE_STAGES),
                      CheckConstraint("ends_at > starts_at", name="ends_after_start"),
                      Index("ix_case_conference_agenda", "held_on", "starts_at", "id"))  # the agenda

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    starts_at: Mapped[time]
    ends_at: Mapped[time]
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), default="planned")
    review_id: Mapped[int | None] = mapped_column(ForeignKey("safety_review.id", ondelete="SET NULL"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship()
    review: Mapped[SafetyReview | None] = relationship()
    invitees: Mapped[list["ConferenceInvitee"]] = relationship(
        back_populates="conference", order_by="ConferenceInvitee.id", cascade="all, delete-orphan")
    minutes: Mapped[list["ConferenceMinutes"]] = relationship(
        back_populates="conference", order_by="ConferenceMinutes.version", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def access_subject(self) -> Dossier:
        """What the access policy's action of a step is asked on: the conference's dossier."""
        return self.dossier

    def workflow_facts(self, today: date) -> ConferenceFacts:
        return ConferenceFacts(self.stage, self.held_on, today)

    @property
    def partners(self) -> list["ConferenceInvitee"]:
        return [i for i in self.invitees if i.organisation_id is not None]

    @property
    def persons(self) -> list["ConferenceInvitee"]:
        return [i for i in self.invitees if i.person_id is not None]

    @property
    def current_minutes(self) -> "ConferenceMinutes | None":
        return self.minutes[-1] if self.minutes else None

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class ConferenceInvitee(db.Model):
    """A partner organisation or a person of the family or network: invited or, with a reason,
    not; and whether they attended."""
    __tablename__ = "conference_invitee"
    __table_args__ = (
        UniqueConstraint("organisation_id", "conference_id"),
        UniqueConstraint("person_id", "conference_id"),
        CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name="partner_or_person"),
        CheckConstraint("invited OR not_invited_reason <> ''", name="not_invited_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("case_conference.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    invited: Mapped[bool] = mapped_column(default=True)
    not_invited_reason: Mapped[str] = mapped_column(Text, default="")
    attended: Mapped[bool | None]

    conference: Mapped[Conference] = relationship(back_populates="invitees")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    person: Mapped[Person | None] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else self.person.name


class ConferenceMinutes(db.Model):
    """One version of the minutes. Approved minutes are never changed; a correction is a new
    version that names the version it corrects. ``health_body`` is the part on health matters,
    for the coordinator and care partners only; ``attendance`` is who was present as this version
    was approved (a list of ``{"invitee_id", "name", "person", "attended"}``), None while a draft."""
    __tablename__ = "conference_minutes"
    __workflow__ = "minutes"
    __table_args__ = (UniqueConstraint("conference_id", "version"), one_of("stage", MINUTES_STAGES))

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("case_conference.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("conference_minutes.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    health_body: Mapped[str] = mapped_column(Text, default="")
    attendance: Mapped[list | None] = mapped_column(JSON)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), default="draft")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    conference: Mapped[Conference] = relationship(back_populates="minutes")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    decisions: Mapped[list["ConferenceDecision"]] = relationship(
        back_populates="minutes", order_by="ConferenceDecision.position", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def dossier_id(self) -> int:
        return self.conference.dossier_id

    @property
    def access_subject(self) -> Dossier:
        """What the access policy's action of a step is asked on: the conference's dossier."""
        return self.conference.dossier

    def workflow_facts(self, today: date) -> ConferenceFacts:
        return ConferenceFacts(self.stage, self.conference.held_on, today)

    def attendance_rows(self) -> list[dict]:
        """Who was invited and present: as approved for an approved version, as recorded now for
        a draft (and for minutes approved before attendance was kept with them)."""
        if self.attendance is not None:
            return self.attendance
        return [{"invitee_id": i.id, "name": i.name, "person": i.person_id is not None, "invited": i.invited,
                 "attended": i.attended} for i in self.conference.partners + self.conference.persons]

    def presence(self) -> dict[int, bool | None]:
        return {row["invitee_id"]: row["attended"] for row in self.attendance_rows()}


class ConferenceDecision(db.Model):
    """A decision in the minutes: an agreement, a task for a partner, or a proposal to change the
    safety or care plan (a task for the coordinator). Its task is created when the minutes are
    approved; a correction keeps the task of the decision it copies until it is approved. A
    health-related decision is for the coordinator and care partners only."""
    __tablename__ = "conference_decision"
    __table_args__ = (
        one_of("kind", DECISION_KINDS),
        one_of("plan", ("",) + PLAN_KINDS),
        CheckConstraint("kind <> 'task' OR (organisation_id IS NOT NULL AND due_on IS NOT NULL)",
                        name="task_has_partner_and_date"),
        CheckConstraint("kind <> 'proposal' OR plan <> ''", name="proposal_names_plan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("conference_minutes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    due_on: Mapped[date | None]
    plan: Mapped[str] = mapped_column(String(20), default="")
    health_related: Mapped[bool] = mapped_column(default=False)
    # asked of every task a list shows: is it a health-related decision's? (mda.access.health_task)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"), index=True)

    minutes: Mapped[ConferenceMinutes] = relationship(back_populates="decisions")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    task: Mapped[Task | None] = relationship()
