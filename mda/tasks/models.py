"""A task assigned to an organisation (optionally a named professional) on a dossier."""
from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.types import one_of, sql_list, utcnow
from workflows import DECISION_TASK_KINDS, TASK_WORKFLOW, URGENT_TASK_KINDS, vocabulary

TASK_STATES = TASK_WORKFLOW.state_names
TASK_KINDS = tuple(vocabulary.TASK_KINDS)
# A task being worked on (open or accepted).
OPEN_STATES = TASK_WORKFLOW.active_states
# A task still to be acted on (open, accepted, or declined and waiting for the coordinator).
PENDING_STATES = TASK_WORKFLOW.unfinished_states
# A task that has ended: done, cancelled, or handed to another organisation.
CLOSED_STATES = TASK_WORKFLOW.final_states
_PENDING_WITH_KEY = f"dedupe_key IS NOT NULL AND state IN ({sql_list(PENDING_STATES)})"
# Open or accepted, written out: a query that says it in these words may use the partial index
# of an organisation's open tasks (SQLite and PostgreSQL match the words, not bound values).
OPEN_TASK = f"state IN ({sql_list(OPEN_STATES)})"
# What the work list shows above the rest, urgent work and decisions (workflows.URGENT_TASK_KINDS,
# DECISION_TASK_KINDS), written out for the partial index of such open tasks.
FIRST_TASK = f"kind IN ({sql_list(sorted(URGENT_TASK_KINDS | DECISION_TASK_KINDS))})"
_FIRST_OPEN = f"{OPEN_TASK} AND {FIRST_TASK}"


class Task(db.Model):
    __tablename__ = "task"
    __workflow__ = "task"

    @property
    def access_subject(self):
        """What the access policy's action of a step is asked on: the row itself."""
        return self

    __table_args__ = (
        one_of("state", TASK_STATES),
        one_of("kind", TASK_KINDS),
        # At most one pending task per automatic key: creating a phase's tasks twice is harmless.
        Index("uq_task_pending_dedupe", "dossier_id", "dedupe_key", unique=True,
              sqlite_where=text(_PENDING_WITH_KEY), postgresql_where=text(_PENDING_WITH_KEY)),
        Index("ix_task_state_due", "state", "due_on"),  # overdue tasks, for stall detection
        # an organisation's task list: the open ones by due day, the closed ones latest first
        Index("ix_task_open_due", "organisation_id", "due_on", "id",
              sqlite_where=text(OPEN_TASK), postgresql_where=text(OPEN_TASK)),
        # the work list's first rows, its urgent tasks and decisions: a few, found without the others
        Index("ix_task_open_first_due", "organisation_id", "due_on", "id",
              sqlite_where=text(_FIRST_OPEN), postgresql_where=text(_FIRST_OPEN)),
        Index("ix_task_organisation_closed", "organisation_id", "closed_at", "id"),
        Index("ix_task_organisation_state", "organisation_id", "state", "id"),  # e.g. its declined tasks, newest first
        # the tasks of given dossiers in a state by due day: what a coordinator asked of the
        # partners on the dossiers they lead, a dossier's open tasks
        Index("ix_task_dossier_state_due", "dossier_id", "state", "due_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title_nl: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="open")
    start_on: Mapped[date]
    due_on: Mapped[date]
    due_time: Mapped[time | None]  # due at this time of day on due_on (before school starts), else by its end
    not_before: Mapped[date | None]
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    result: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(default=1)

    dossier: Mapped[Dossier] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    person: Mapped[Person | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    @staticmethod
    def is_open_sql():
        """SQL condition: open or accepted, in the words of the partial index ``ix_task_open_due``."""
        return text(f"task.{OPEN_TASK}")

    @staticmethod
    def is_first_sql():
        """SQL condition: urgent work or a decision, in the words of the partial index
        ``ix_task_open_first_due`` (a query narrows it to one of the two)."""
        return text(f"task.{FIRST_TASK}")

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_nl

    def is_overdue(self, today: date) -> bool:
        """Past its due day; a task due at a time of day is overdue from that time on its day."""
        if self.state not in OPEN_STATES:
            return False
        if self.due_time is not None and self.due_on == today == clock.today():
            return clock.now().time() >= self.due_time
        return self.due_on < today
