"""Read models for applications and the triage list, each a fixed number of queries; the lists a
page at a time by their key (mda.core.keyset)."""
from datetime import date, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from mda.access import visible_dossiers
from mda.auth.models import User
from mda.core.inputs import contains
from mda.core.keyset import Keyset, Page
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake.models import DECIDED_STAGES, WAITING_STAGES, Application
from mda.orgs.models import NON_TEAM_KINDS, Organisation
from mda.types import utcnow

RECENT_DAYS = 30
CHOICES = 50  # dossiers offered to apply for at once; a search finds the others
# Dossiers a partner can still apply for: not yet in an MDA++ phase and not ended.
APPLICABLE_STATES = ("registered", "safety_assessment")
OWN_ORDER = Keyset(Application.created_at.desc(), Application.id.desc())
WAITING_ORDER = Keyset(Application.submitted_at, Application.id)  # oldest first; submitted, so set
DECIDED_ORDER = Keyset(Application.decided_at.desc(), Application.id.desc())
WITHDRAWN_ORDER = Keyset(Application.withdrawn_at.desc(), Application.id.desc())


def _with_everything(stmt):
    return stmt.options(
        joinedload(Application.organisation), joinedload(Application.applicant),
        joinedload(Application.coordinator), joinedload(Application.decided_by),
        joinedload(Application.meeting), joinedload(Application.dossier),
        selectinload(Application.persons), selectinload(Application.criteria),
        selectinload(Application.organisations))


def load_application(application_id: int) -> Application | None:
    return db.session.scalar(_with_everything(select(Application).where(Application.id == application_id)))


def own_applications(user, after: str | None = None) -> Page:
    """The applications of the user's organisation, and those the user was appointed to
    coordinate, newest first: a page after ``after``."""
    stmt = (select(Application).where(or_(Application.organisation_id == user.organisation_id,
                                          Application.coordinator_id == user.id))
            .options(joinedload(Application.dossier), joinedload(Application.meeting),
                     joinedload(Application.applicant)))
    return OWN_ORDER.page(stmt, after)


def unseen_outcomes(user) -> list[Application]:
    """Decided applications of the user's organisation that no one there has opened since."""
    stmt = (select(Application).where(Application.organisation_id == user.organisation_id,
                                      Application.stage.in_(DECIDED_STAGES), Application.outcome_seen_at.is_(None))
            .order_by(Application.decided_at, Application.id))
    return list(db.session.scalars(stmt))


def triage_queue(region_id: int, after: str | None = None) -> Page:
    """Submitted applications of the region that wait for a decision, oldest first: a page after
    ``after``."""
    stmt = (select(Application).where(Application.region_id == region_id,
                                      Application.stage.in_(WAITING_STAGES))
            .options(joinedload(Application.organisation), joinedload(Application.meeting),
                     joinedload(Application.dossier), selectinload(Application.criteria),
                     selectinload(Application.persons)))
    return WAITING_ORDER.page(stmt, after)


def recently_decided(region_id: int, after: str | None = None) -> Page:
    since = utcnow() - timedelta(days=RECENT_DAYS)
    stmt = (select(Application).where(Application.region_id == region_id,
                                      Application.stage.in_(DECIDED_STAGES), Application.decided_at >= since)
            .options(joinedload(Application.organisation), joinedload(Application.dossier),
                     joinedload(Application.coordinator)))
    return DECIDED_ORDER.page(stmt, after)


def recently_withdrawn(region_id: int, after: str | None = None) -> Page:
    """Applications of the region withdrawn after they were submitted, in the last days."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    stmt = (select(Application).where(Application.region_id == region_id, Application.stage == "withdrawn",
                                      Application.submitted_at.is_not(None), Application.withdrawn_at >= since)
            .options(joinedload(Application.organisation), joinedload(Application.dossier)))
    return WITHDRAWN_ORDER.page(stmt, after)


def days_waiting(application: Application, today: date) -> int:
    return max((today - application.submitted_at.date()).days, 0) if application.submitted_at else 0


def coordinator_candidates(region_id: int) -> list[User]:
    """Active case coordinators of the region's local teams."""
    stmt = (select(User).join(Organisation, Organisation.id == User.organisation_id)
            .where(Organisation.region_id == region_id, Organisation.kind == "local_team",
                   Organisation.active.is_(True), User.role == "coordinator", User.active.is_(True))
            .order_by(User.full_name))
    return list(db.session.scalars(stmt))


def partner_candidates(region_id: int) -> list[Organisation]:
    """Organisations of the region that can work on a family's team."""
    stmt = (select(Organisation).where(Organisation.region_id == region_id, Organisation.active.is_(True),
                                       Organisation.kind.not_in(NON_TEAM_KINDS))
            .order_by(Organisation.name))
    return list(db.session.scalars(stmt))


def blocking_application(dossier_id: int, exclude_id: int | None = None) -> Application | None:
    """An application for the dossier that waits for triage or was accepted."""
    stmt = select(Application).where(Application.dossier_id == dossier_id,
                                      Application.stage.in_(WAITING_STAGES + ("accepted",)))
    if exclude_id is not None:
        stmt = stmt.where(Application.id != exclude_id)
    return db.session.scalars(stmt.limit(1)).first()


def applicable_dossiers(user, query: str = "", size: int = CHOICES) -> tuple[list[Dossier], bool]:
    """The dossiers shared with the user (not through an emergency grant) that can still be applied
    for, whose reference holds ``query``: the ``size`` with the latest activity, in the order of
    their reference, and whether there are more (one query)."""
    taken = exists().where(Application.dossier_id == Dossier.id,
                           Application.stage.in_(WAITING_STAGES + ("accepted",)))
    stmt = (visible_dossiers(user, through_grant=False, in_order=True)
            .where(Dossier.state.in_(APPLICABLE_STATES), ~taken))
    if query:
        stmt = stmt.where(func.lower(Dossier.reference).like(contains(query), escape="\\"))
    rows = list(db.session.scalars(stmt.order_by(Dossier.updated_at.desc(), Dossier.id.desc()).limit(size + 1)))
    return sorted(rows[:size], key=lambda dossier: dossier.reference), len(rows) > size


def dossier_applications(dossier_id: int) -> list[Application]:
    """The dossier's applications that reached the triage meeting (not its drafts, nor a draft
    withdrawn before it was submitted)."""
    withdrawn_draft = (Application.stage == "withdrawn") & Application.submitted_at.is_(None)
    stmt = (select(Application).where(Application.dossier_id == dossier_id, Application.stage != "draft",
                                      ~withdrawn_draft)
            .options(joinedload(Application.organisation), joinedload(Application.coordinator))
            .order_by(Application.created_at, Application.id))
    return list(db.session.scalars(stmt))
