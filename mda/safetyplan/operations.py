"""Saving a new version of the safety plan, its agreements as tasks, and confirmations.

A version is never changed once saved: every save adds a row with the next number, so that number
is the plan's version. The form carries the one it is ``based_on``; ``check_version`` refuses a
stale one, and the unique number refuses the second of two saves at the same moment. A change to
any of the seven parts or the agreements is substantive and starts without confirmations; a
version that only changes the professionals' internal notes keeps the previous confirmations.

Each part and each agreement can be withheld from named persons of the dossier ("not for"): their
family version leaves it out. The marks belong to the version and are carried into the next one.
Withholding more from someone keeps the confirmations (it only makes a family version safer);
showing someone what was withheld from them is substantive. A new (or changed) agreement of a
victim is withheld from every perpetrator of the dossier, whether or not the author ticked them.
"""
import hashlib
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mda.access import Action, can
from mda.audit.log import record
from mda.core import clock
from mda.core.inputs import parse_id
from mda.core.persistence import check_version, flush
from mda.core.rules import ensure_open
from mda.engine.core import fire
from mda.tasks.creation import create_tasks
from mda.orgs.calendar import task_context
from mda.errors import ConflictError, RuleError
from mda.extensions import db
from mda.safetyplan.models import (PLAN_PARTS, SafetyAgreement, SafetyPlan, SafetyPlanConfirmation, WithheldAgreement,
                                   WithheldPart)
from mda.safetyplan.queries import load_version, plan_organisations
from mda.safetyplan.revision import complete_revision, pending_revision
from mda.safetyplan.versions import TEXT_PARTS, clean
from mda.tasks.models import OPEN_STATES, PENDING_STATES, Task
from workflows.tasks import TaskTemplate, plan_confirmation_task
from workflows.text import Label

AGREEMENT_KEY = "safety_agreement:"
REOPENED = "Heropend na de terugval: het plan wordt met het team herzien en door elke partner opnieuw bevestigd."
REOPENED_AS = "Veiligheidsplan heropend als versie {version}; elke partner is gevraagd het opnieuw te bevestigen."
ALREADY_OPEN = "Versie {version} van het veiligheidsplan is sinds de terugval al opnieuw ter bevestiging voorgelegd."
REVISED_AS = "Versie {version} van het veiligheidsplan opgeslagen na de terugval."
NOTHING_TO_REVISE = _l("There is no relapse to revise the safety plan for: the plan is reopened after a relapse, "
                       "from the case coordinator's task.")
ONLY_THE_COORDINATOR = _l("Only the case coordinator reopens the safety plan after a relapse.")
AGREEMENT_GONE = "Veiligheidsafspraak gewijzigd of vervallen in versie {version} van het veiligheidsplan."


class OutdatedVersion(Exception):
    """A confirmation of a version that is no longer the current one."""

    def __init__(self, confirmed: int, current: int):
        super().__init__(f"version {confirmed} confirmed, version {current} is current")
        self.confirmed = confirmed
        self.current = current


def agreement_key(description: str, organisation_id, person_id, due_on) -> str:
    """The same agreement in a later version has the same key, so its task is not made twice."""
    identity = "\x1f".join((description, str(organisation_id or ""), str(person_id or ""),
                            due_on.isoformat() if due_on else ""))
    return AGREEMENT_KEY + hashlib.sha256(identity.encode()).hexdigest()[:40]


def _key_of(agreement: SafetyAgreement) -> str:
    return agreement_key(agreement.description, agreement.responsible_organisation_id,
                         agreement.responsible_person_id, agreement.due_on)


def _identity(rows) -> list[tuple]:
    return [(r["description"], r["organisation_id"], r["person_id"], r["due_on"]) for r in rows]


def _check_agreements(dossier, agreements: list[dict]) -> None:
    organisations = {org.id for org in plan_organisations(dossier)}
    persons = {person.id for person in dossier.persons}
    for row in agreements:
        if not row["description"] or row["due_on"] is None:
            raise RuleError(_l("Every agreement needs a description and a date."), "agreements")
        if not (row["organisation_id"] in organisations or row["person_id"] in persons):
            raise RuleError(_l("Choose a partner on the team or a person of the family."), "agreements")
        if not row["not_for"] <= persons:
            raise RuleError(_l("An agreement can only be withheld from persons of this family."), "agreements")


def _withheld_parts(dossier, parts_not_for: dict | None) -> dict[str, frozenset[int]]:
    persons = {person.id for person in dossier.persons}
    withheld = {part: frozenset((parts_not_for or {}).get(part) or ()) for part in PLAN_PARTS}
    for part, ids in withheld.items():
        if not ids <= persons:
            raise RuleError(_l("A part can only be withheld from persons of this family."), f"{part}_not_for")
    return withheld


def _victims_measures_withheld(dossier, agreements: list[dict], previous: SafetyPlan | None) -> None:
    """A new agreement of a victim (their safety measures: shelter, safe address, emergency plan)
    is not for the perpetrators. An agreement already in the plan keeps what the team decided."""
    victims = {p.id for p in dossier.persons if p.role == "victim"}
    perpetrators = frozenset(p.id for p in dossier.persons if p.role == "perpetrator")
    known = {_key_of(a) for a in previous.agreements} if previous else set()
    for row in agreements:
        key = agreement_key(row["description"], row["organisation_id"], row["person_id"], row["due_on"])
        if row["person_id"] in victims and key not in known:
            row["not_for"] = row["not_for"] | perpetrators


def _marks(parts: dict[str, frozenset[int]], agreements: list[dict]) -> set[tuple]:
    """Every (part or agreement position, person) that is withheld."""
    return ({(part, person) for part, ids in parts.items() for person in ids}
            | {(index, person) for index, row in enumerate(agreements) for person in row["not_for"]})


def _plan_marks(plan: SafetyPlan | None) -> tuple[dict[str, frozenset[int]], list[dict]]:
    if plan is None:
        return dict.fromkeys(PLAN_PARTS, frozenset()), []
    return ({part: frozenset(plan.part_not_for(part)) for part in PLAN_PARTS},
            [{"not_for": frozenset(a.not_for)} for a in plan.agreements])


def save_version(user, dossier, *, based_on, parts: dict, internal_notes: str, change_summary: str,
                 agreements: list[dict], parts_not_for: dict | None = None,
                 today: date | None = None) -> SafetyPlan | None:
    """Adds the next version; None when nothing differs from the current one. Each agreement row
    may name the persons it is ``not_for``; ``parts_not_for`` does the same per part."""
    today = today or clock.today()
    ensure_open(dossier, "safety_plan",
                _l("The safety plan of a closed or handed-over dossier can no longer be changed."),
                "danger_statement")
    current = load_version(dossier.id)
    check_version(current, based_on)
    texts = {name: clean(parts.get(name)) for name in TEXT_PARTS}
    agreements = [{**row, "description": clean(row["description"]), "not_for": frozenset(row.get("not_for") or ())}
                  for row in agreements]
    _check_agreements(dossier, agreements)
    withheld = _withheld_parts(dossier, parts_not_for)
    _victims_measures_withheld(dossier, agreements, current)
    before = {name: getattr(current, name) for name in TEXT_PARTS} if current else dict.fromkeys(TEXT_PARTS, "")
    conditions_changed = texts["safety_conditions"] != clean(before["safety_conditions"])
    if conditions_changed and not can(user, Action.SAFETY_CONDITIONS_SET, dossier):
        raise RuleError(_l("Only Veilig Thuis sets the safety conditions (or the case coordinator when "
                           "Veilig Thuis is not on the team)."), "safety_conditions")
    old_agreements = [{"description": a.description, "organisation_id": a.responsible_organisation_id,
                       "person_id": a.responsible_person_id, "due_on": a.due_on}
                      for a in current.agreements] if current else []
    old_marks, new_marks = _marks(*_plan_marks(current)), _marks(withheld, agreements)
    substantive = (current is None or texts != {k: clean(v) for k, v in before.items()}
                   or _identity(agreements) != _identity(old_agreements) or not old_marks <= new_marks)
    notes = clean(internal_notes)
    minor = [change for change, differs in (("internal notes", notes != clean(current.internal_notes)),
                                            ("withheld more", new_marks != old_marks))
             if differs] if current is not None else []
    if not substantive and not minor:
        return None
    plan = SafetyPlan(dossier_id=dossier.id, version=(current.version if current else 0) + 1,
                      internal_notes=notes, change_summary=clean(change_summary)[:500],
                      substantive=substantive, author_id=user.id, **texts)
    plan.withheld_parts = [WithheldPart(part=part, person_id=person)
                           for part, ids in withheld.items() for person in sorted(ids)]
    for position, row in enumerate(agreements):
        plan.agreements.append(SafetyAgreement(
            position=position, description=row["description"], responsible_organisation_id=row["organisation_id"],
            responsible_person_id=row["person_id"], due_on=row["due_on"],
            withheld=[WithheldAgreement(person_id=person) for person in sorted(row["not_for"])]))
    if current is not None and not substantive:
        for confirmation in current.confirmations:
            plan.confirmations.append(SafetyPlanConfirmation(
                organisation_id=confirmation.organisation_id, user_id=confirmation.user_id,
                confirmed_at=confirmation.confirmed_at))
    db.session.add(plan)
    flush()
    _agreement_tasks(user, dossier, plan, current, today)
    if substantive:
        _ask_to_confirm_again(user, dossier, plan, current, today)
    record("create" if current is None else "update", user=user, dossier_id=dossier.id, object="safety_plan",
           detail=f"version {plan.version}" + ("" if substantive else f"; {' and '.join(minor)} only"))
    revision = pending_revision(dossier.id) if substantive else None
    if revision is not None and can(user, Action.PLAN_REOPEN, dossier):  # the coordinator revised it
        complete_revision(user, dossier, revision, REVISED_AS.format(version=plan.version), today)
    return plan


def reopen_after_relapse(user, dossier, *, based_on, today: date | None = None) -> SafetyPlan | None:
    """The case coordinator reopens the plan after a relapse, in their own name, to revise it with
    the team; that completes their revision task. A version some partner confirmed is reopened
    (``reopen``); one that nobody has confirmed yet (saved since the relapse) is open already and
    gets no empty new version. Returns the new version, or None."""
    today = today or clock.today()
    ensure_open(dossier, "safety_plan.reopen",
                _l("The safety plan of a closed or handed-over dossier can no longer be changed."))
    if not can(user, Action.PLAN_REOPEN, dossier):
        record("update", user=user, dossier_id=dossier.id, outcome="denied", object="safety_plan.reopen")
        raise RuleError(ONLY_THE_COORDINATOR)
    task = pending_revision(dossier.id)
    if task is None:
        raise RuleError(NOTHING_TO_REVISE)
    current = load_version(dossier.id)
    check_version(current, based_on)
    plan = reopen(dossier, user, today) if current is not None and current.confirmations else None
    result = (REOPENED_AS if plan is not None else ALREADY_OPEN).format(version=(plan or current).version)
    complete_revision(user, dossier, task, result, today)
    return plan


def reopen(dossier, user, today: date | None = None) -> SafetyPlan | None:
    """The plan is reviewed again: the next version keeps every part, the internal notes, the
    agreements (with their tasks) and what is withheld from whom, but starts without
    confirmations. ``user`` reopens it (after a relapse: the case coordinator)."""
    current = load_version(dossier.id)
    if current is None:
        return None
    plan = SafetyPlan(dossier_id=dossier.id, version=current.version + 1, internal_notes=current.internal_notes,
                      change_summary=REOPENED, substantive=True, author_id=user.id,
                      **{name: getattr(current, name) for name in TEXT_PARTS})
    plan.withheld_parts = [WithheldPart(part=row.part, person_id=row.person_id) for row in current.withheld_parts]
    for agreement in current.agreements:
        plan.agreements.append(SafetyAgreement(
            position=agreement.position, description=agreement.description, due_on=agreement.due_on,
            responsible_organisation_id=agreement.responsible_organisation_id,
            responsible_person_id=agreement.responsible_person_id, task_id=agreement.task_id,
            withheld=[WithheldAgreement(person_id=row.person_id) for row in agreement.withheld]))
    db.session.add(plan)
    flush()
    _ask_to_confirm_again(user, dossier, plan, current, today or clock.today())
    record("update", user=user, dossier_id=dossier.id, object="safety_plan",
           detail=f"version {plan.version}; reopened")
    return plan


def _ask_to_confirm_again(user, dossier, plan: SafetyPlan, previous: SafetyPlan | None, today: date) -> None:
    """Each team partner whose confirmation ``plan`` voided gets the contribution task again, to
    confirm the new version; confirming completes it. A partner with one still pending keeps it."""
    if previous is None:
        return
    partners = {org.id for org in plan_organisations(dossier)}
    context = task_context(dossier.region_id)
    templates = [plan_confirmation_task(confirmation.organisation_id, today, context)
                 for confirmation in previous.confirmations if confirmation.organisation_id in partners]
    created = create_tasks(dossier, templates, user, today)
    flush()
    if created:
        record("create", user=user, dossier_id=dossier.id, object="safety_plan.confirm_again",
               detail=f"version {plan.version}; " + ", ".join(f"task:{task.id}" for task in created))


def _task_title(dossier, agreement: SafetyAgreement) -> Label:
    if agreement.responsible_person_id is not None:
        name = next((p.name for p in dossier.persons if p.id == agreement.responsible_person_id), "")
        return Label(f"Veiligheidsafspraak van {name} bewaken: {agreement.description}",
                     f"Monitor the safety agreement of {name}: {agreement.description}")
    return Label(f"Veiligheidsafspraak: {agreement.description}",
                 f"Safety agreement: {agreement.description}")


def _agreement_tasks(user, dossier, plan: SafetyPlan, previous: SafetyPlan | None, today: date) -> None:
    """A task per new agreement for the responsible organisation (the coordinator's organisation
    watches over a family member's agreement); unchanged agreements keep their task. The open
    task of an agreement that changed or was dropped is withdrawn when the user may do that."""
    earlier = {_key_of(a): a.task_id for a in previous.agreements} if previous else {}
    coordinator_org = dossier.coordinator.organisation_id
    templates = [TaskTemplate("safety_agreement", a.responsible_organisation_id or coordinator_org,
                              a.responsible_person_id, _task_title(dossier, a), a.due_on, _key_of(a))
                 for a in plan.agreements if _key_of(a) not in earlier]
    create_tasks(dossier, templates, user, today)
    flush()
    keys = {_key_of(a) for a in plan.agreements}
    pending = dict(db.session.execute(select(Task.dedupe_key, Task.id).where(
        Task.dossier_id == dossier.id, Task.dedupe_key.in_(keys | set(earlier)),
        Task.state.in_(PENDING_STATES))).all())
    for agreement in plan.agreements:
        key = _key_of(agreement)
        agreement.task_id = pending.get(key) or earlier.get(key)
    gone = [task_id for key, task_id in pending.items() if key in earlier and key not in keys]
    for task in db.session.scalars(select(Task).where(Task.id.in_(gone), Task.state.in_(OPEN_STATES))):
        if can(user, Action.TASK_MANAGE, task):
            fire(task, "cancel", user, reason=AGREEMENT_GONE.format(version=plan.version), today=today)
    flush()


def confirm(user, dossier, *, version, today: date | None = None) -> tuple[SafetyPlanConfirmation, bool]:
    """Confirms the current version for the user's organisation; returns the confirmation and
    whether it is new. Confirming twice is harmless; an outdated version is refused."""
    today = today or clock.today()
    current = load_version(dossier.id)
    try:
        check_version(current, version if current is not None else None)
    except ConflictError as error:
        raise OutdatedVersion(parse_id(str(version)) or 0, current.version if current else 0) from error
    ensure_open(dossier, "safety_plan.confirm",
                _l("The safety plan of a closed or handed-over dossier can no longer be confirmed."))
    if user.organisation_id not in {org.id for org in plan_organisations(dossier)}:
        raise RuleError(_l("Only the partners on the team confirm the safety plan."))
    existing = next((c for c in current.confirmations if c.organisation_id == user.organisation_id), None)
    if existing is not None:
        return existing, False
    confirmation = SafetyPlanConfirmation(organisation_id=user.organisation_id, user_id=user.id)
    current.confirmations.append(confirmation)
    flush()
    contributions = db.session.scalars(select(Task).where(
        Task.dossier_id == dossier.id, Task.kind == "safety_plan_contribution",
        Task.organisation_id == user.organisation_id, Task.state.in_(OPEN_STATES)).order_by(Task.id)).all()
    for task in contributions:
        if task.state == "open":
            fire(task, "accept", user, today=today)
        fire(task, "complete", user, result=f"Veiligheidsplan versie {current.version} bevestigd",
                  today=today)
    record("update", user=user, dossier_id=dossier.id, object="safety_plan.confirm",
           detail=f"version {current.version}")
    return confirmation, True
