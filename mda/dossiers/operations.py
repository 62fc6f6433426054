"""Domain operations on dossiers. Each validates, changes, flushes and writes the access log;
the request boundary commits."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mda.access import Action as Right
from mda.audit.log import record
from mda.casework.facts import case_facts
from mda.core import clock
from mda.core.persistence import check_version, flush
from mda.core.rules import ensure_open
from mda.dossiers.identity import bsn_error, clean_bsn
from mda.dossiers.models import Dossier, Note, Person, PersonStatement, Signal, TeamMembership
from mda.engine.core import fire, following
from mda.errors import ConflictError, RuleError  # noqa: F401  (the views catch them as ops.*)
from mda.extensions import db
from mda.inbox import events
from mda.orgs.calendar import task_context
from mda.orgs.models import Organisation, Region
from mda.tasks.creation import create_tasks
from mda.tasks.handle_with_care import pending_signals_of
from mda.tasks.lifecycle import reassign
from workflows import ACTIVE_PHASES, CASE_WORKFLOW, DEFAULT_TEAM_ROLES, SignalFact, school_signal_tasks
from mda import labels


def create_dossier(coordinator, *, reference: str, summary: str, persons: list[dict],
                   signal: dict, user=None) -> Dossier:
    """A new family's dossier with ``coordinator``, persons and first signal. ``user`` creates it
    when that is someone else (the triage meeting's decision): the rows are the coordinator's,
    and the log names the user as acting on the coordinator's behalf."""
    region_id = coordinator.organisation.region_id
    persons = [person_values(values, field="persons") for values in persons]
    for values in persons:
        check_school(region_id, values.get("school_id"), field="persons")
    # References need not be unique: a clash would tell anyone whether a family is or was known.
    safety_threshold, closing_threshold = db.session.get(Region, region_id).thresholds  # kept from now on
    dossier = Dossier(region_id=region_id, reference=reference.strip(), summary=summary.strip(),
                      coordinator=coordinator, safety_threshold=safety_threshold, closing_threshold=closing_threshold)
    dossier.memberships.append(TeamMembership(
        organisation_id=coordinator.organisation_id, team_role="lead", legal_basis="meldcode",
        status="active", joined_on=clock.today(), created_by_id=coordinator.id))
    for values in persons:
        dossier.persons.append(Person(created_by_id=coordinator.id, **values))
    first = Signal(created_by_id=coordinator.id, **signal)
    dossier.signals.append(first)
    db.session.add(dossier)
    flush()
    on_behalf_of = "" if user is None or user.id == coordinator.id else on_behalf_label(coordinator)
    record("create", user=user, dossier_id=dossier.id, object="dossier", on_behalf_of=on_behalf_of)
    _handle_with_care(coordinator, dossier, first)
    return dossier


def on_behalf_label(user) -> str:
    return f"{user.full_name} ({user.username}), {user.organisation.name}"


def update_dossier(user, dossier: Dossier, *, version, reference: str, summary: str) -> None:
    check_version(dossier, version)
    ensure_open(dossier, "dossier", field="reference")
    dossier.reference = reference.strip()
    dossier.summary = summary.strip()
    flush()
    record("update", dossier_id=dossier.id, object="dossier")


NOT_A_SCHOOL = _l("Choose the child's school from the list: only a school or childcare of your region can be "
                  "recorded as a school. The school receives a Handle with Care signal after a police call-out.")


def check_school(region_id: int, school_id: int | None, field: str = "school_id") -> None:
    """Refuses as a child's school any organisation but an active school of the region."""
    if school_id is None:
        return
    school = db.session.get(Organisation, school_id)
    if school is None or school.kind != "school" or school.region_id != region_id or not school.active:
        raise RuleError(NOT_A_SCHOOL, field)


def person_values(values: dict, field: str = "bsn") -> dict:
    """A person's ``values`` with the BSN as stored (its digits, or None). A BSN that fails the
    eleven test is refused with a message on ``field``, before anything is changed."""
    message = bsn_error(values.get("bsn"))
    if message:
        raise RuleError(message, field)
    return {**values, "bsn": clean_bsn(values.get("bsn")) or None}


def add_person(user, dossier: Dossier, **values) -> Person:
    ensure_open(dossier, "person.add", field="name")
    values = person_values(values)
    check_school(dossier.region_id, values.get("school_id"))
    person = Person(dossier=dossier, created_by_id=user.id, **values)
    db.session.add(person)
    flush()
    record("update", dossier_id=dossier.id, person_id=person.id, object="person.add")
    return person


def update_person(user, person: Person, *, version, **values) -> None:
    """Changes a person's details. When a child's school is recorded or changed, the signals no
    school has confirmed yet go to that school."""
    check_version(person, version)
    ensure_open(person.dossier, "person.edit", field="name")
    values = person_values(values)
    check_school(person.dossier.region_id, values.get("school_id"))
    for name, value in values.items():
        setattr(person, name, value)
    flush()
    record("update", dossier_id=person.dossier_id, person_id=person.id, object="person.edit")
    if person.school_id is not None:
        _signals_to_school(user, person)


def _signals_to_school(user, person: Person) -> None:
    school = db.session.get(Organisation, person.school_id)
    for task in pending_signals_of(person):
        if task.organisation_id != school.id:
            with following(user, Right.PERSON_EDIT, person.dossier, "person.edit"):
                reassign(task, user, organisation_id=school.id,
                         reason=f"De school van {person.name} is vastgelegd: {school.name}.")


def add_signal(user, dossier: Dossier, today: date | None = None, *, authority=None, **values) -> Signal:
    """Records a signal. After a police call-out the school of every school-age child gets its
    Handle-with-Care task at once; in an active phase the case goes back to phase 1 (relapse).
    ``today`` is the day it is recorded (the demo's history records signals on their own day).
    ``authority`` is (right, subject, cause) when the user records it by another right than their
    own to record signals on the dossier (the triage meeting adding an application's report)."""
    right, subject, cause = authority or (Right.SIGNAL_ADD, dossier, "signal.add")
    signal = Signal(dossier=dossier, created_by_id=user.id, **values)
    db.session.add(signal)
    flush()
    record("update", dossier_id=dossier.id, object="signal.add", detail="" if authority is None else cause)
    _handle_with_care(user, dossier, signal, today)
    relapse = dossier.state in ACTIVE_PHASES
    if relapse:
        # A new incident is a relapse: the one who records the signal (the coordinator, Veilig
        # Thuis or the police on the team, the triage meeting) takes the case back to phase 1.
        with following(user, right, subject, cause):
            fire(dossier, "relapse", user, reason=relapse_reason(signal), today=today)
    team = [m.organisation_id for m in dossier.memberships if m.status == "active"]
    events.signal_recorded(signal, dossier, team, user, relapse, today)
    return signal


def _handle_with_care(user, dossier: Dossier, signal: Signal, today: date | None = None) -> None:
    """The school signal of a police call-out, in every state but a final one."""
    if not signal.police_callout or CASE_WORKFLOW.state(dossier.state).final:
        return
    today = today or clock.today()
    templates = school_signal_tasks(case_facts(dossier, today),
                                    SignalFact(signal.reported_on, signal.police_callout, signal.reported_time),
                                    task_context(dossier.region_id, today))
    for task in create_tasks(dossier, templates, user, today):
        flush()
        record("create", dossier_id=dossier.id, person_id=task.person_id, object=f"task:{task.id}",
               detail="school_signal")


def relapse_reason(signal: Signal) -> str:
    acute = ", acuut" if signal.acute else ""
    at = f" {signal.reported_time.strftime('%H:%M')}" if signal.reported_time else ""
    return (f"Nieuw signaal van {signal.reported_on.strftime('%d-%m-%Y')}{at}: "
            f"{labels.VIOLENCE_TYPE[signal.violence_type]}{acute}. {signal.description}").strip()


def candidate_partners(dossier: Dossier) -> list[Organisation]:
    """Organisations of the dossier's region that can join its team and are not on it yet."""
    on_team = select(TeamMembership.organisation_id).where(TeamMembership.dossier_id == dossier.id)
    stmt = (select(Organisation)
            .where(Organisation.region_id == dossier.region_id, Organisation.active.is_(True),
                   Organisation.kind.not_in(("school", "steering")), Organisation.id.not_in(on_team))
            .order_by(Organisation.name))
    return list(db.session.scalars(stmt))


def add_team_member(user, dossier: Dossier, *, organisation_id: int, legal_basis: str,
                    team_role: str | None = None) -> TeamMembership:
    """Invites a partner organisation; it joins the team when it accepts. Without a ``team_role``
    it gets the usual role of its kind (Veilig Thuis safety, a care provider care, ...)."""
    ensure_open(dossier, "team.invite", field="organisation_id")
    organisation = next((org for org in candidate_partners(dossier) if org.id == organisation_id), None)
    if organisation is None:
        raise RuleError(_l("This organisation cannot join this team."), "organisation_id")
    team_role = team_role or DEFAULT_TEAM_ROLES.get(organisation.kind, "support")
    membership = TeamMembership(dossier=dossier, organisation_id=organisation_id, team_role=team_role,
                                legal_basis=legal_basis, status="invited", created_by_id=user.id)
    db.session.add(membership)
    flush()
    record("update", dossier_id=dossier.id, object=f"team.invite:{organisation_id}")
    events.team_invitation(membership, user)
    return membership


def add_note(user, dossier: Dossier, *, kind: str, body: str, person_id: int | None,
             health_information: bool = False) -> Note:
    ensure_open(dossier, "note.add", field="body")
    if person_id is not None and person_id not in {p.id for p in dossier.persons}:
        raise RuleError(_l("Choose a person from this dossier."), "person_id")
    note = Note(dossier=dossier, kind=kind, body=body.strip(), person_id=person_id,
                health_information=bool(health_information),
                author_id=user.id, organisation_id=user.organisation_id)
    db.session.add(note)
    flush()
    record("update", dossier_id=dossier.id, person_id=person_id, object="note.add")
    return note


def add_statement(user, dossier: Dossier, *, person_id: int, note_id: int | None, body: str) -> PersonStatement:
    """Records a person's own statement; it is never edited afterwards."""
    if person_id not in {p.id for p in dossier.persons}:
        raise RuleError(_l("Choose a person from this dossier."), "person_id")
    if note_id is not None and note_id not in {n.id for n in dossier.notes}:
        raise RuleError(_l("Choose a note from this dossier."), "note_id")
    statement = PersonStatement(dossier_id=dossier.id, person_id=person_id, note_id=note_id,
                                body=body.strip(), recorded_by_id=user.id)
    db.session.add(statement)
    flush()
    record("update", dossier_id=dossier.id, person_id=person_id, object="statement.add")
    return statement
