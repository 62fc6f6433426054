"""One timeline per dossier: signals, phase changes, tasks, escalations, notes and the feedback to
reporters in time order."""
from dataclasses import dataclass
from datetime import datetime, time, timezone

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, joinedload

from mda.access.policy import shows_note, shows_task_outcome, task_shown
from mda.auth.models import User
from mda.conferences.models import Conference, ConferenceDecision, ConferenceMinutes
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.casework.feedback import dossier_feedback
from mda.casework.models import SafetyAssessment
from mda.closing.models import Handover
from mda.core import clock
from mda.orgs.models import Organisation
from mda.safetyplan.models import SafetyPlan
from mda.tasks.models import Task
from workflows import (CASE_WORKFLOW, ESCALATION_WORKFLOW, HANDOVER_WORKFLOW, REOPENING_WORKFLOW, TASK_WORKFLOW,
                       TEAM_WORKFLOW)
from workflows.vocabulary import ASSESSMENT_OUTCOMES, ASSESSMENT_ROUTES


# The kinds a reader can filter the timeline on (the ``soort`` of its page), each with its entries' kinds.
FILTERS = {
    "signalen": ("signal", "incident"),
    "fasen": ("phase", "reopening"),
    "plannen": ("plan",),
    "besluiten": ("assessment", "decision", "escalation", "handover", "team", "feedback"),
    "taken": ("task_created", "task_step"),
}


@dataclass
class Entry:
    at: datetime
    kind: str          # signal, incident, phase, task_created, task_step, team, escalation, note, assessment,
                       # feedback, handover, reopening, plan, decision
    title: str
    detail: str = ""
    who: str = ""
    date_only: bool = False  # a signal or an assessment has a day, not a time of day
    rank: int = 0            # order of date-only entries within their day

    @property
    def sort_key(self):
        """Date-only entries open their day (a signal before what it caused), timed ones follow."""
        return (self.at, self.rank)


def _moment(value) -> datetime:
    """A stored moment (UTC), or the start of a day in the Netherlands for a date."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value, time(0, 0), tzinfo=clock.ZONE)


def _incidents(signals) -> list[tuple]:
    """Each incident's first report with all its reports (the police and Veilig Thuis on one call-out)."""
    firsts = [signal for signal in signals if signal.same_incident_as_id is None]
    return [(first, [first] + [s for s in signals if s.same_incident_as_id == first.id]) for first in firsts]


def _incident_entry(first, reports, labels) -> Entry:
    if first.reported_time is not None:  # a time of day in the Netherlands
        at = datetime.combine(first.reported_on, first.reported_time, tzinfo=clock.ZONE)
    else:
        at = _moment(first.reported_on)
    violence = str(labels.VIOLENCE_TYPE[first.violence_type])
    if len(reports) == 1:
        return Entry(at, "signal", violence, first.description, str(labels.REPORTER_KIND[first.reporter_kind]),
                     date_only=first.reported_time is None)

    def reporter(report) -> str:
        kind = str(labels.REPORTER_KIND[report.reporter_kind])
        return f"{kind} ({report.reporter_organisation.name})" if report.reporter_organisation else kind

    def line(report) -> str:
        when = report.reported_on.strftime("%d-%m-%Y") + (f" {report.reported_time:%H:%M}"
                                                          if report.reported_time else "")
        return f"{reporter(report)}, {when}: {report.description}".rstrip(": ")

    return Entry(at, "incident", str(labels.ONE_INCIDENT).format(violence=violence, count=len(reports)),
                 "\n".join(line(report) for report in reports), ", ".join(reporter(r) for r in reports),
                 date_only=first.reported_time is None)


def dossier_tasks(user, dossier_id: int) -> list[Task]:
    """The dossier's tasks that ``user`` may know of: none that are health data unless they may
    see the dossier's health data (the access policy says which)."""
    stmt = (select(Task).where(Task.dossier_id == dossier_id, task_shown(user))
            .options(joinedload(Task.person)).order_by(Task.due_on, Task.id))
    return list(db.session.scalars(stmt))


def _plan_entries(dossier_id: int, labels) -> list[Entry]:
    """Each version of the safety plan (one query)."""
    rows = db.session.execute(
        select(SafetyPlan.version, SafetyPlan.created_at, SafetyPlan.change_summary, User.full_name, Organisation.name)
        .join(User, User.id == SafetyPlan.author_id).join(Organisation, Organisation.id == User.organisation_id)
        .where(SafetyPlan.dossier_id == dossier_id).order_by(SafetyPlan.version))
    return [Entry(_moment(at), "plan", str(labels.PLAN_VERSION).format(version=version), summary,
                  f"{author}, {organisation}") for version, at, summary, author, organisation in rows]


def _decision_entries(dossier_id: int, labels, *, health: bool) -> list[Entry]:
    """The decisions of each case conference's approved minutes, of the latest approved version
    only (one query); a health-related one only for a reader of health data."""
    correction = aliased(ConferenceMinutes)
    corrected = exists().where(correction.corrects_id == ConferenceMinutes.id, correction.stage == "approved")
    stmt = (select(ConferenceDecision.text, ConferenceDecision.health_related, ConferenceMinutes.approved_at,
                   Conference.held_on)
            .join(ConferenceMinutes, ConferenceMinutes.id == ConferenceDecision.minutes_id)
            .join(Conference, Conference.id == ConferenceMinutes.conference_id)
            .where(Conference.dossier_id == dossier_id, ConferenceMinutes.stage == "approved", ~corrected)
            .order_by(ConferenceMinutes.approved_at, ConferenceDecision.id))
    return [Entry(_moment(approved_at), "decision",
                  str(labels.CONFERENCE_DECISION).format(day=held_on.strftime("%d-%m-%Y")), text)
            for text, health_related, approved_at, held_on in db.session.execute(stmt)
            if approved_at is not None and (health or not health_related)]


def timeline(dossier, tasks: list[Task], lang: str, labels, *, health: bool, conferences: bool = True,
             only: str | None = None) -> list[Entry]:
    """Newest first. ``labels`` gives the words for codes (mda.labels). ``tasks`` are the ones the
    reader may see; without the right to health data (``health``), a step on a task whose outcome
    is health data shows that it happened, not what was recorded, and notes marked as health
    information are left out; the case conferences' decisions only for who may see the
    conferences. ``only``, one of ``FILTERS``, keeps only the entries of that kind."""

    entries = [_incident_entry(first, reports, labels) for first, reports in _incidents(dossier.signals)]
    specs = {"case": CASE_WORKFLOW, "task": TASK_WORKFLOW, "team_membership": TEAM_WORKFLOW,
             "escalation": ESCALATION_WORKFLOW, "handover": HANDOVER_WORKFLOW, "reopening": REOPENING_WORKFLOW}
    holders = dict(db.session.execute(select(Handover.id, Organisation.name).join(
        Organisation, Organisation.id == Handover.organisation_id).where(Handover.dossier_id == dossier.id)).all())
    # A task is created before its first step, and steps follow each other in the order they were
    # recorded: within one moment (a frozen clock, or two steps in one request) that order decides.
    for task in sorted(tasks, key=lambda task: (task.created_at, task.id)):
        entries.append(Entry(_moment(task.created_at), "task_created", task.title(lang), "",
                             task.organisation.name))
    steps = db.session.scalars(select(TransitionLog).where(TransitionLog.dossier_id == dossier.id,
                                                           TransitionLog.workflow.in_(specs))
                               .order_by(TransitionLog.at, TransitionLog.id))
    task_titles = {task.id: task.title(lang) for task in tasks}
    outcome_shown = {task.id for task in tasks if shows_task_outcome(task, health)}
    for step in steps:
        if step.workflow == "task" and step.object_id not in task_titles:
            continue  # a task this reader may not see
        spec = specs[step.workflow]
        transition = spec.transition(step.event, step.from_state)
        label = transition.label.text(lang) if transition else step.event
        if step.workflow in ("case", "escalation"):
            title = f"{label}: {spec.state(step.to_state).label.text(lang)}"
            kind = "phase" if step.workflow == "case" else "escalation"
        elif step.workflow == "task":
            title = f"{label} — {task_titles.get(step.object_id, '')}"
            kind = "task_step"
        elif step.workflow == "handover":
            title, kind = f"{label}: {holders.get(step.object_id, '')}", "handover"
        elif step.workflow == "reopening":
            title, kind = label, "reopening"
        else:
            title = label
            kind = "team"
        detail = step.reason if kind != "task_step" or step.object_id in outcome_shown else ""
        entries.append(Entry(_moment(step.at), kind, title, detail,
                             f"{step.username}, {step.organisation_name}".strip(", ")))
    for note in sorted(dossier.notes, key=lambda note: (note.created_at, note.id)):
        if not shows_note(note, health):
            continue
        entries.append(Entry(_moment(note.created_at), "note", str(labels.NOTE_KIND[note.kind]), note.body,
                             f"{note.author.full_name}, {note.organisation.name}"))
    assessments = db.session.scalars(select(SafetyAssessment).options(joinedload(SafetyAssessment.organisation))
                                     .where(SafetyAssessment.dossier_id == dossier.id)
                                     .order_by(SafetyAssessment.assessed_on, SafetyAssessment.id))
    for assessment in assessments:
        entries.append(Entry(
            _moment(assessment.assessed_on), "assessment",
            f"{ASSESSMENT_OUTCOMES[assessment.outcome].text(lang)} — {ASSESSMENT_ROUTES[assessment.route].text(lang)}",
            assessment.explanation, assessment.organisation.name, date_only=True, rank=1))
    for feedback in dossier_feedback(dossier.id):
        entries.append(Entry(_moment(feedback.sent_at), "feedback",
                             str(labels.FEEDBACK_TO).format(name=feedback.organisation.name),
                             feedback.text(lang), feedback.sent_by_organisation.name))
    entries += _plan_entries(dossier.id, labels)
    if conferences:
        entries += _decision_entries(dossier.id, labels, health=health)
    if only in FILTERS:
        entries = [entry for entry in entries if entry.kind in FILTERS[only]]
    # Newest first; of entries of one moment, the one recorded last comes first.
    ordered = sorted(enumerate(entries), key=lambda pair: (*pair[1].sort_key, pair[0]), reverse=True)
    return [entry for _, entry in ordered]
