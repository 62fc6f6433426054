"""Domain operations on case conferences: plan (never in the past, only the team's partners),
record attendance, write minutes, approve them (their decisions become tasks) and correct
approved minutes with a new, linked version. Each validates, changes, flushes and logs."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mda.access import Action, can
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version, flush
from mda.conferences.models import Conference, ConferenceDecision, ConferenceInvitee, ConferenceMinutes
from mda.conferences.queries import active_team_ids, team_organisations
from mda.conferences.vocabulary import PLAN_EN, PLAN_NL
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.errors import Invalid
from mda.extensions import db
from mda.inbox import events
from mda.orgs.models import Organisation
from mda.reviews.queries import open_review_of
from mda.tasks.models import OPEN_STATES, PENDING_STATES, Task
from mda.types import utcnow
from workflows import Label, TaskTemplate

PROPOSAL_TERM = 10  # working days for the coordinator to work a proposal into the plan

IN_THE_PAST = _l("A case conference cannot be planned in the past.")
NO_PLACE = _l("Enter a place or a video link.")
BAD_LINK = _l("Enter a video link that starts with https://.")
NOT_ON_TEAM = _l("%(name)s is not on this family's team and cannot be invited.")
UNKNOWN_ORGANISATION = _l("Only partners on this family's team can be invited.")
NO_PARTNER = _l("Invite at least one partner.")
NO_AGENDA = _l("Set the agenda of the case conference.")
NOT_INVITED_REASON = _l("Give the reason why %(name)s is not invited.")
UNKNOWN_PERSON = _l("Only persons of this dossier can be invited.")
CASE_ENDED = _l("This case has ended; no case conference can be planned.")
ALREADY_HELD = _l("This case conference has been held; its plan can no longer be changed.")
NOT_YET = _l("This can be recorded from the day of the case conference.")
MINUTES_APPROVED = _l("These minutes have been approved and can no longer be changed. Write a correction: "
                      "a new version linked to the approved one.")
NOTHING_TO_APPROVE = _l("There are no draft minutes to approve.")
NOTHING_TO_CORRECT = _l("Only approved minutes are corrected; change the draft instead.")
TASK_NOT_ON_TEAM = _l("A task can only go to an active partner on the team.")
DUE_IN_PAST = _l("The date of a task cannot be in the past.")
NO_DUE_DATE = _l("Enter the date by which the task is done.")
UNKNOWN_DECISION = _l("This decision is not part of these minutes.")
ATTENDANCE_APPROVED = _l("The minutes with this attendance have been approved; the attendance can no longer be "
                         "changed. Start a correction of the minutes to correct it.")
HEALTH_TASK_NOT_CARE = _l("A health-related task can only go to a care partner on the team.")
CORRECTED = _l("Changed or removed in the correction of the minutes (version %(version)d): %(reason)s")


def local_now() -> datetime:
    return clock.now().replace(tzinfo=None)


def standard_agenda(items) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def _log(action: str, conference: Conference, detail: str = "") -> None:
    record(action, dossier_id=conference.dossier_id, object=f"conference:{conference.id}", detail=detail)


def _link_open_review(conference: Conference) -> None:
    """A conference without a review holds the one open for the dossier, however it was opened."""
    if conference.review_id is None:
        review = open_review_of(conference.dossier_id)
        conference.review_id = review.id if review else None


# --- planning -----------------------------------------------------------------------------------

def _plan_problems(dossier: Dossier, values: dict, now: datetime) -> list[tuple[str, object]]:
    problems = []
    if datetime.combine(values["held_on"], values["starts_at"]) <= now:
        problems.append(("held_on", IN_THE_PAST))
    if not values["place"] and not values["video_link"]:
        problems.append(("place", NO_PLACE))
    if values["video_link"] and not values["video_link"].startswith("https://"):
        problems.append(("video_link", BAD_LINK))
    team = {org.id for org in team_organisations(dossier)}
    outside = [org_id for org_id in values["partner_ids"] if org_id not in team]
    if outside:
        org = db.session.get(Organisation, outside[0])
        problems.append(("partner_ids", NOT_ON_TEAM % {"name": org.name} if org else UNKNOWN_ORGANISATION))
    elif not values["partner_ids"]:
        problems.append(("partner_ids", NO_PARTNER))
    persons = {p.id: p for p in dossier.persons}
    for row in values["persons"]:
        person = persons.get(row["person_id"])
        if person is None:
            problems.append(("persons", UNKNOWN_PERSON))
        elif not row["invited"] and not row["reason"]:
            problems.append(("persons", NOT_INVITED_REASON % {"name": person.name}))
    if not values["agenda"]:
        problems.append(("agenda", NO_AGENDA))
    return problems


def _apply_plan(conference: Conference, values: dict) -> None:
    for name in ("held_on", "starts_at", "ends_at", "place", "video_link", "agenda"):
        setattr(conference, name, values[name])
    by_org = {i.organisation_id: i for i in conference.invitees if i.organisation_id is not None}
    by_person = {i.person_id: i for i in conference.invitees if i.person_id is not None}
    invitees = [by_org.get(org_id) or ConferenceInvitee(organisation_id=org_id)
                for org_id in dict.fromkeys(values["partner_ids"])]
    for row in values["persons"]:
        invitee = by_person.get(row["person_id"]) or ConferenceInvitee(person_id=row["person_id"])
        invitee.invited, invitee.not_invited_reason = row["invited"], "" if row["invited"] else row["reason"]
        invitees.append(invitee)
    conference.invitees = invitees


def plan_conference(user, dossier: Dossier, values: dict, *, now: datetime | None = None) -> Conference:
    """Plans a conference; an open safety-score review of the dossier is held in it."""
    ensure_open(dossier, "conference.plan", CASE_ENDED, "held_on")
    problems = _plan_problems(dossier, values, now or local_now())
    if problems:
        raise Invalid(problems)
    conference = Conference(dossier_id=dossier.id, created_by_id=user.id, stage="planned")
    db.session.add(conference)
    _apply_plan(conference, values)
    review = open_review_of(dossier.id)
    conference.review_id = review.id if review else None
    flush()
    _log("create", conference, f"planned on {values['held_on'].isoformat()}")
    _invite(conference, user)
    return conference


def update_conference(user, conference: Conference, values: dict, *, version=NO_FORM,
                      now: datetime | None = None) -> Conference:
    check_version(conference, version)
    ensure_open(conference.dossier, f"conference:{conference.id}", field="held_on")
    if conference.stage != "planned":
        raise Invalid([("held_on", ALREADY_HELD)])
    problems = _plan_problems(conference.dossier, values, now or local_now())
    if problems:
        raise Invalid(problems)
    _apply_plan(conference, values)
    _link_open_review(conference)
    flush()
    _log("update", conference, "plan changed")
    _invite(conference, user)
    return conference


def _invite(conference: Conference, user) -> None:
    """The partners invited hear of it in their inbox."""
    events.conference_invitation(conference, [invitee.organisation_id for invitee in conference.invitees
                                              if invitee.organisation_id is not None and invitee.invited], user)


# --- the meeting itself -------------------------------------------------------------------------

def record_attendance(user, conference: Conference, *, present: set[int], version=NO_FORM,
                      today: date | None = None) -> Conference:
    """Who of the invited came; the conference is then held. Approved minutes keep the attendance
    they were approved with: it changes again only in a correction."""
    today = today or clock.today()
    check_version(conference, version)
    ensure_open(conference.dossier, f"conference:{conference.id}", field="attended")
    current = conference.current_minutes
    if current is not None and current.stage == "approved":
        record("update", dossier_id=conference.dossier_id, outcome="denied",
               object=f"conference:{conference.id}", detail="attendance of approved minutes")
        raise Invalid([("attended", ATTENDANCE_APPROVED)])
    if conference.held_on > today:
        raise Invalid([("attended", NOT_YET)])
    for invitee in conference.invitees:
        invitee.attended = invitee.id in present if invitee.invited else None
    if conference.stage == "planned":
        fire(conference, "hold", user, today=today)
    _link_open_review(conference)
    flush()
    _log("update", conference, f"attendance: {len(present)} present")
    return conference


def save_minutes(user, conference: Conference, *, body: str, decisions: list[dict], version=NO_FORM,
                 health_body: str = "", today: date | None = None) -> ConferenceMinutes:
    """Writes the draft minutes (the first version, or a correction being drafted); health matters
    go in ``health_body``, for the coordinator and care partners only."""
    today = today or clock.today()
    ensure_open(conference.dossier, f"conference:{conference.id}", field="body")
    current = conference.current_minutes
    if current is not None and current.stage == "approved":
        record("update", dossier_id=conference.dossier_id, outcome="denied",
               object=f"conference:{conference.id}", detail="minutes already approved")
        raise Invalid([("body", MINUTES_APPROVED)])
    if conference.held_on > today:
        raise Invalid([("body", NOT_YET)])
    check_version(current, version)  # minutes another tab wrote first are a conflict too
    problems = _decision_problems(user, conference, current, decisions, today)
    if problems:
        raise Invalid(problems)
    if current is None:
        current = ConferenceMinutes(conference=conference, version=1, author_id=user.id)
        db.session.add(current)
    current.body = body.strip()
    current.health_body = (health_body or "").strip()
    existing = {d.id: d for d in current.decisions}
    rows = []
    for position, values in enumerate(decisions):
        decision = existing.get(values["decision_id"]) or ConferenceDecision()
        decision.position, decision.kind, decision.text = position, values["kind"], values["text"]
        decision.organisation_id = values["organisation_id"] if values["kind"] == "task" else None
        decision.due_on = values["due_on"] if values["kind"] == "task" else None
        decision.plan = values["plan"] if values["kind"] == "proposal" else ""
        decision.health_related = bool(values.get("health_related"))
        rows.append(decision)
    current.decisions = rows
    if conference.stage == "planned":
        fire(conference, "hold", user, today=today)
    _link_open_review(conference)
    flush()
    _log("update", conference, f"minutes version {current.version} saved")
    return current


def _decision_problems(user, conference, current, decisions, today) -> list[tuple[str, object]]:
    problems = []
    team = active_team_ids(conference.dossier_id)
    care = {org.id for org in db.session.scalars(select(Organisation).where(Organisation.id.in_(team)))
            if can(user, Action.HEALTH_WORK_GIVE, org)}
    known = {d.id for d in current.decisions} if current is not None else set()
    for values in decisions:
        if values["decision_id"] is not None and values["decision_id"] not in known:
            problems.append(("decisions", UNKNOWN_DECISION))
        if values["kind"] == "task" and values["organisation_id"] not in team:
            problems.append(("decisions", TASK_NOT_ON_TEAM))
        elif values["kind"] == "task" and values.get("health_related") and values["organisation_id"] not in care:
            problems.append(("decisions", HEALTH_TASK_NOT_CARE))
        if values["kind"] == "task" and values["due_on"] is None:
            problems.append(("decisions", NO_DUE_DATE))
        elif values["kind"] == "task" and values["due_on"] < today:
            problems.append(("decisions", DUE_IN_PAST))
    return problems


def approve_minutes(user, conference: Conference, *, version=NO_FORM, today: date | None = None) -> list[Task]:
    """Approves the draft minutes with the attendance as it is now; each task or proposal without
    a task yet becomes one. Approving a correction cancels the tasks of decisions it changed or
    removed, and gives a changed decision a new task."""
    today = today or clock.today()
    ensure_open(conference.dossier, f"conference:{conference.id}", field="version")
    minutes = conference.current_minutes
    if minutes is None or minutes.stage != "draft":
        raise Invalid([("version", NOTHING_TO_APPROVE)])
    check_version(minutes, version)
    minutes.approved_at, minutes.approved_by_id = utcnow(), user.id
    minutes.attendance = minutes.attendance_rows()
    fire(minutes, "approve", user, today=today)
    cancelled = _cancel_corrected_tasks(user, minutes, today) if minutes.corrects_id else 0
    tasks = [_task_for(user, conference, decision, today) for decision in minutes.decisions
             if decision.kind in ("task", "proposal") and decision.task_id is None]
    flush()
    _log("update", conference, f"minutes version {minutes.version} approved; {len(tasks)} tasks"
         + (f"; {cancelled} cancelled" if cancelled else ""))
    return tasks


def _same_work(before: ConferenceDecision, after: ConferenceDecision) -> bool:
    fields = ("kind", "text", "organisation_id", "due_on", "plan", "health_related")
    return all(getattr(before, name) == getattr(after, name) for name in fields)


def _cancel_corrected_tasks(user, minutes: ConferenceMinutes, today: date) -> int:
    """The decisions of the corrected version are matched by their task: an unchanged decision
    keeps it, a changed or removed one has it cancelled (a changed one then gets a new task)."""
    corrected = db.session.get(ConferenceMinutes, minutes.corrects_id)
    before = {d.task_id: d for d in corrected.decisions if d.task_id is not None}
    kept = set()
    for decision in minutes.decisions:
        if decision.task_id is None:
            continue
        earlier = before.get(decision.task_id)
        if earlier is not None and decision.kind != "agreement" and _same_work(earlier, decision):
            kept.add(decision.task_id)
        else:
            decision.task_id = None
    reason = str(CORRECTED % {"version": minutes.version, "reason": minutes.correction_reason})
    cancelled = 0
    for task_id in before.keys() - kept:
        task = db.session.get(Task, task_id)
        if task is not None and task.state in OPEN_STATES:
            fire(task, "cancel", user, reason=reason, today=today)
            cancelled += 1
    return cancelled


def _task_for(user, conference: Conference, decision: ConferenceDecision, today: date) -> Task:
    dossier = conference.dossier
    day = conference.held_on.strftime("%d-%m-%Y")
    if decision.health_related and decision.kind == "task":
        title = Label(f"Uit casusoverleg {day}: afspraak over gezondheid (zie het verslag)",
                      f"From case conference {day}: a health matter (see the minutes)")
        org_id, due = decision.organisation_id, decision.due_on
    elif decision.kind == "task":
        title = Label(f"Uit casusoverleg {day}: {decision.text}", f"From case conference {day}: {decision.text}")
        org_id, due = decision.organisation_id, decision.due_on
    else:
        text = (("over gezondheid (zie het verslag)", "on a health matter (see the minutes)") if decision.health_related
                else (decision.text, decision.text))
        title = Label(f"Voorstel uit casusoverleg {day}: {PLAN_NL[decision.plan]} aanpassen: {text[0]}",
                      f"Proposal from case conference {day}: change the {PLAN_EN[decision.plan]}: {text[1]}")
        org_id = dossier.coordinator.organisation_id
        due = task_context(dossier.region_id).calendar.add_working_days(today, PROPOSAL_TERM)
    key = f"conference:{conference.id}:decision:{decision.id}"
    template = TaskTemplate(kind="other", org_id=org_id, person_id=None, title=title, due=due, dedupe_key=key)
    created = create_tasks(dossier, [template], user, today)
    db.session.flush()
    task = created[0] if created else db.session.scalar(select(Task).where(
        Task.dossier_id == dossier.id, Task.dedupe_key == key, Task.state.in_(PENDING_STATES)))
    decision.task_id = task.id
    return task


def correct_minutes(user, conference: Conference, *, reason: str) -> ConferenceMinutes:
    """Starts a correction of approved minutes: a new draft version that names the one it
    corrects and keeps its decisions (and their tasks)."""
    ensure_open(conference.dossier, f"conference:{conference.id}", field="reason")
    approved = conference.current_minutes
    if approved is None or approved.stage != "approved":
        raise Invalid([("reason", NOTHING_TO_CORRECT)])
    correction = ConferenceMinutes(conference=conference, version=approved.version + 1, corrects_id=approved.id,
                                   body=approved.body, health_body=approved.health_body,
                                   correction_reason=reason.strip(), author_id=user.id)
    correction.decisions = [ConferenceDecision(position=d.position, kind=d.kind, text=d.text,
                                               organisation_id=d.organisation_id, due_on=d.due_on, plan=d.plan,
                                               health_related=d.health_related, task_id=d.task_id)
                            for d in approved.decisions]
    db.session.add(correction)
    flush()
    _log("update", conference, f"correction of minutes version {approved.version} started")
    return correction
