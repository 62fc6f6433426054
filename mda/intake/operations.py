"""Domain operations on applications for MDA++: save and submit, withdraw, plan into a triage
meeting, decide (an accepted application opens or joins the family's dossier and invites the
proposed team), add the report of a family that turns out to be known to its dossier instead, and
record whether the family was told. Each validates, changes, flushes and logs."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from mda.access import Action as Right
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version, flush
from mda.core.rules import DOSSIER_ENDED, ensure_open, is_open
from mda.dossiers.identity import bsn_error, clean_bsn
from mda.dossiers.models import Dossier
from mda.dossiers.operations import NOT_A_SCHOOL, add_signal, add_team_member, candidate_partners, create_dossier
from mda.engine.core import fire
from mda.errors import Invalid
from mda.extensions import db
from mda.intake.models import (DECIDED_STAGES, ApplicationCriterion, ApplicationOrganisation, ApplicationPerson,
                               Application, TriageMeeting)
from mda.intake.queries import (APPLICABLE_STATES, blocking_application, coordinator_candidates,
                                partner_candidates)
from mda.radar.queries import in_dossiers, sought
from mda.tasks.handle_with_care import school_candidates
from mda.types import utcnow

NO_CRITERION = _l("Tick at least one MDA++ criterion: an application without a criterion cannot be submitted.")
NO_EXPLANATION = _l("Explain briefly why this criterion applies.")
NO_REASON = _l("Describe the reason for the application.")
NO_GOAL = _l("Describe the goal of the application.")
NO_PERSON = _l("Add at least one person.")
NO_REFERENCE = _l("Enter a family reference.")
NO_SIGNAL_DATE = _l("Enter the date of the latest incident or report.")
NO_VIOLENCE_TYPE = _l("Choose the type of violence.")
NOT_APPLICABLE = _l("This family cannot be applied for: its dossier is already in MDA++, has ended, or "
                    "already has an application that is waiting or was accepted.")
MEETING_IN_PAST = _l("A triage meeting cannot be planned in the past.")
NOT_PLANNED = _l("An application is decided in a triage meeting: plan it into a meeting first.")
DECISION_WITHOUT_REASON = _l("Give the reason for the decision: a decision without a reason is not recorded.")
NO_ADVICE = _l("Give advice on another route for this family.")
NO_COORDINATOR = _l("Appoint a case coordinator from a local team of your region.")
NO_PARTNER = _l("Propose at least one partner organisation for the team besides the coordinator's own team.")
UNKNOWN_PARTNER = _l("Choose partner organisations of your region that can join a team.")
INFORMED_DATE = _l("Enter the date on which the family was told.")
NOT_YET_REASON = _l("Give the reason why the family has not been told yet.")
INVOLVED_UNKNOWN = _l("Choose organisations of your region.")
NOT_KNOWN_THERE = _l("Choose a dossier in which this family is known: the report goes only to the family's own "
                     "dossier.")


def _log(action: str, application: Application, detail: str = "") -> None:
    record(action, dossier_id=application.dossier_id, object=f"application:{application.id}", detail=detail)


# --- applying -----------------------------------------------------------------------------------

def problems_of(values: dict, *, new_family: bool, submit: bool, region_id: int) -> list[tuple[str, object]]:
    """What keeps ``values`` from being saved (a draft) or submitted."""
    problems = []
    if new_family and not values["family_reference"]:
        problems.append(("family_reference", NO_REFERENCE))
    allowed = {org.id for org in partner_candidates(region_id)}
    if any(org_id not in allowed for org_id in values["involved"]):
        problems.append(("involved", INVOLVED_UNKNOWN))
    schools = {org.id for org in school_candidates(region_id)}
    if any(person.get("school_id") not in schools | {None} for person in values["persons"]):
        problems.append(("persons", NOT_A_SCHOOL))
    problems += [("persons", message) for message in dict.fromkeys(
        bsn_error(person.get("bsn")) for person in values["persons"]) if message]
    if not submit:
        return problems
    if not values["persons"]:
        problems.append(("persons", NO_PERSON))
    if not values["reason"]:
        problems.append(("reason", NO_REASON))
    if not values["goal"]:
        problems.append(("goal", NO_GOAL))
    if new_family and values["signal_reported_on"] is None:
        problems.append(("signal_reported_on", NO_SIGNAL_DATE))
    if new_family and not values["signal_violence_type"]:
        problems.append(("signal_violence_type", NO_VIOLENCE_TYPE))
    criteria = values["criteria"]
    if not criteria:
        problems.append(("criterion_structurally_unsafe", NO_CRITERION))
    problems += [(f"explanation_{code}", NO_EXPLANATION) for code, text in criteria.items() if not text]
    return problems


def may_apply_for(dossier: Dossier, exclude_id: int | None = None) -> bool:
    return dossier.state in APPLICABLE_STATES and blocking_application(dossier.id, exclude_id) is None


def save_application(user, application: Application | None, values: dict, *, dossier: Dossier | None = None,
                     submit: bool = False, version=NO_FORM) -> Application:
    """Creates or changes a draft; with ``submit`` it goes to the region's triage meeting."""
    if application is not None:
        check_version(application, version)
        dossier = application.dossier if application.for_existing_dossier else None
    region_id = user.organisation.region_id
    problems = problems_of(values, new_family=dossier is None, submit=submit, region_id=region_id)
    if dossier is not None and not may_apply_for(dossier, application.id if application else None):
        problems.insert(0, ("reason", NOT_APPLICABLE))
    if problems:
        raise Invalid(problems)
    created = application is None
    if created:
        application = Application(region_id=region_id, organisation_id=user.organisation_id, applicant_id=user.id,
                                  dossier=dossier, for_existing_dossier=dossier is not None)
        db.session.add(application)
    application.family_reference = dossier.reference if dossier is not None else values["family_reference"]
    for name in ("reason", "goal", "other_help", "signal_reported_on", "signal_violence_type", "signal_acute",
                 "signal_description"):
        setattr(application, name, values[name])
    application.signal_police_callout = bool(values.get("signal_police_callout"))
    application.signal_reported_time = values.get("signal_reported_time")
    application.persons = [ApplicationPerson(**{**person, "bsn": clean_bsn(person.get("bsn")) or None})
                           for person in values["persons"]]
    criteria = {row.criterion: row for row in application.criteria}
    for code, text in values["criteria"].items():
        criteria.setdefault(code, ApplicationCriterion(criterion=code)).explanation = text
    application.criteria = [criteria[code] for code in values["criteria"]]
    application.organisations = _linked(application, "involved", values["involved"])
    application.updated_at = utcnow()
    if submit:
        application.submitted_at = utcnow()
        fire(application, "submit", user)
    flush()
    _log("create" if created else "update", application, "submitted" if submit else "draft")
    return application


def _linked(application: Application, link: str, org_ids) -> list[ApplicationOrganisation]:
    """The application's organisation rows with those of ``link`` replaced by ``org_ids``; rows
    that stay are kept, so no row is deleted and inserted again."""
    kept = {row.organisation_id: row for row in application.organisations if row.link == link}
    others = [row for row in application.organisations if row.link != link]
    return others + [kept.get(org_id) or ApplicationOrganisation(organisation_id=org_id, link=link)
                     for org_id in dict.fromkeys(org_ids)]


def withdraw_application(user, application: Application, *, reason: str = "", version=NO_FORM) -> Application:
    """The applicant's organisation withdraws its application before the triage meeting decides:
    it leaves the triage list, and the family can be applied for again. A draft goes without a
    reason; a submitted or planned one says why, for the triage meeting."""
    check_version(application, version)
    reason = (reason or "").strip()
    application.withdrawn_at, application.withdrawn_by_id = utcnow(), user.id
    application.withdrawal_reason = reason
    fire(application, "withdraw", user, reason=reason)
    _log("update", application, "withdrawn")
    return application


# --- triage -------------------------------------------------------------------------------------

def plan_application(user, application: Application, *, held_on: date, version=NO_FORM,
                     today: date | None = None) -> TriageMeeting:
    """Puts the application on the agenda of the region's triage meeting of ``held_on``."""
    today = today or clock.today()
    check_version(application, version)
    if held_on < today:
        raise Invalid([("held_on", MEETING_IN_PAST)])
    meeting = db.session.scalar(select(TriageMeeting).where(TriageMeeting.region_id == application.region_id,
                                                            TriageMeeting.held_on == held_on))
    if meeting is None:
        meeting = TriageMeeting(region_id=application.region_id, held_on=held_on, created_by_id=user.id)
        db.session.add(meeting)
    application.meeting = meeting
    fire(application, "plan", user, today=today)
    _log("update", application, f"planned for triage on {held_on.isoformat()}")
    return meeting


def decide(user, application: Application, *, accepted: bool, reason: str, advice: str = "",
           coordinator_id: int | None = None, partner_ids=(), legal_basis: str = "meldcode",
           reference: str = "", version=NO_FORM) -> Application:
    """Records the triage meeting's decision. Accepted: a new family gets its dossier with the
    appointed coordinator, persons and first signal; an existing dossier is linked; the proposed
    partners are invited to the team. Not accepted: the advice on another route is recorded."""
    check_version(application, version)
    reason, advice, reference = reason.strip(), advice.strip(), reference.strip()
    new_family = not application.for_existing_dossier
    problems = []
    if application.stage != "planned":
        problems.append(("decision", NOT_PLANNED))
    if not reason:
        problems.append(("reason", DECISION_WITHOUT_REASON))
    coordinator = None
    if accepted:
        if new_family:
            coordinator = next((u for u in coordinator_candidates(application.region_id) if u.id == coordinator_id),
                               None)
            if coordinator is None:
                problems.append(("coordinator_id", NO_COORDINATOR))
            if not reference:
                problems.append(("reference", NO_REFERENCE))
        else:
            ensure_open(application.dossier, f"application:{application.id}", field="decision")
            coordinator = application.dossier.coordinator
        allowed = {org.id for org in partner_candidates(application.region_id)}
        partner_ids = list(dict.fromkeys(partner_ids))
        if any(org_id not in allowed for org_id in partner_ids):
            problems.append(("partner_ids", UNKNOWN_PARTNER))
        elif not [o for o in partner_ids if coordinator is None or o != coordinator.organisation_id]:
            problems.append(("partner_ids", NO_PARTNER))
    elif not advice:
        problems.append(("advice", NO_ADVICE))
    if problems:
        raise Invalid(problems)
    application.decision_reason = reason
    application.decided_by_id = user.id
    application.decided_at = utcnow()
    if not accepted:
        application.advice = advice
        fire(application, "decline", user, reason=reason)
        _log("update", application, "triage: not accepted")
        return application
    if new_family:
        dossier = create_dossier(coordinator, reference=reference, summary=application.reason,
                                 persons=[{"name": p.name, "role": p.role, "date_of_birth": p.date_of_birth,
                                           "school_id": p.school_id, "bsn": p.bsn} for p in application.persons],
                                 signal=_first_signal(application), user=user)
        application.dossier = dossier
        application.family_reference = dossier.reference
    dossier = application.dossier
    application.advice = advice
    application.coordinator_id = coordinator.id
    application.organisations = _linked(application, "proposed", partner_ids)
    fire(application, "accept", user, reason=reason)
    _invite_team(user, dossier, partner_ids, legal_basis)
    _log("update", application, "triage: accepted")
    return application


def add_to_known_dossier(user, application: Application, *, dossier_id: int | None, reason: str,
                         version=NO_FORM) -> Application:
    """The triage meeting finds the family known already (the radar) and, instead of opening a
    second dossier, adds the application's report to the family's dossier as a new signal: its
    coordinator and team hear of it, and in an active phase it is a relapse to phase 1. The
    application ends linked to that dossier. The dossier must be one in which the radar finds the
    application's persons, and still open; the triage member need not see it."""
    check_version(application, version)
    reason = (reason or "").strip()
    problems = [] if reason else [("reason", DECISION_WITHOUT_REASON)]
    known = {m.dossier.id: m.dossier for m in in_dossiers(user, sought(application.persons), application.region_id)}
    dossier = known.get(dossier_id)
    if dossier is None:
        problems.insert(0, ("dossier_id", NOT_KNOWN_THERE))
    elif not is_open(dossier):
        problems.insert(0, ("dossier_id", DOSSIER_ENDED))
    if problems:
        raise Invalid(problems)
    cause = f"application:{application.id}"
    add_signal(user, dossier, authority=(Right.TRIAGE_DECIDE, application, cause), **_first_signal(application))
    application.dossier = dossier
    application.decision_reason = reason
    application.decided_by_id = user.id
    application.decided_at = utcnow()
    fire(application, "add_to_dossier", user, reason=reason)
    _log("update", application, "triage: the report was added as a signal to the dossier in which the family is known")
    return application


def _first_signal(application: Application) -> dict:
    """The application's latest incident, the new dossier's first signal: a police call-out keeps
    its date and time, so that the school's Handle with Care signal is due by them."""
    kind = application.organisation.kind
    return {"reported_on": application.signal_reported_on or application.submitted_at.date(),
            "reported_time": application.signal_reported_time,
            "reporter_kind": "police" if kind == "police" else "professional",
            "reporter_organisation_id": application.organisation_id,
            "violence_type": application.signal_violence_type or "psychological",
            "acute": application.signal_acute, "police_callout": application.signal_police_callout,
            "description": application.signal_description or application.reason}


def _invite_team(user, dossier: Dossier, partner_ids, legal_basis: str) -> None:
    candidates = {org.id: org for org in candidate_partners(dossier)}
    for org_id in partner_ids:
        if org_id in candidates:
            add_team_member(user, dossier, organisation_id=org_id, legal_basis=legal_basis)


def record_family_informed(user, application: Application, *, informed: bool, informed_on: date | None,
                           reason: str, version=NO_FORM) -> Application:
    """Whether and when the family was told about the approach; when not yet, why."""
    check_version(application, version)
    reason = reason.strip()
    if informed and informed_on is None:
        raise Invalid([("informed_on", INFORMED_DATE)])
    if not informed and not reason:
        raise Invalid([("reason", NOT_YET_REASON)])
    application.family_informed_on = informed_on if informed else None
    application.family_not_informed_reason = "" if informed else reason
    application.family_recorded_at = utcnow()
    flush()
    _log("update", application, "family told" if informed else "family not told yet")
    return application


def outcome_unseen_by(user, application: Application) -> bool:
    """The triage decision waits for the applicant's organisation to mark it seen."""
    return (application.stage in DECIDED_STAGES and application.outcome_seen_at is None
            and application.organisation_id == user.organisation_id)


def mark_outcome_seen(user, application: Application) -> bool:
    """The applicant's organisation has seen the triage decision (its "seen" button, a POST): its
    notice on /taken goes. Not a change of the application itself, so its version (and anyone's
    open form) stays."""
    if not outcome_unseen_by(user, application):
        return False
    db.session.execute(update(Application).where(Application.id == application.id,
                                                 Application.outcome_seen_at.is_(None))
                       .values(outcome_seen_at=utcnow()))
    record("update", user=user, dossier_id=application.dossier_id, object=f"application:{application.id}",
           detail="outcome seen by the applicant's organisation")
    return True
