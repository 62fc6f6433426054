"""Read models for case conferences, each a fixed number of queries."""
from datetime import date, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from mda.access import visible_dossiers
from mda.access.policy import invitations_seen
from mda.conferences.models import Conference, ConferenceInvitee, ConferenceMinutes
from mda.core import clock
from mda.dossiers.models import CURRENT_MEMBERSHIP_STATUSES, Dossier, TeamMembership
from mda.engine.models import TransitionLog
from mda.core.keyset import Keyset, Page
from mda.extensions import db
from mda.orgs.models import NON_TEAM_KINDS, Organisation
from workflows import ENDED_STATES

AGENDA_ORDER = Keyset(Conference.held_on, Conference.starts_at, Conference.id)


def _with_everything(stmt):
    return stmt.options(
        joinedload(Conference.dossier), joinedload(Conference.review),
        selectinload(Conference.invitees),
        selectinload(Conference.minutes).options(
            joinedload(ConferenceMinutes.author), joinedload(ConferenceMinutes.approved_by),
            selectinload(ConferenceMinutes.decisions)))


def last_relapse_on(dossier_id: int) -> date | None:
    """The Dutch day of the case's latest relapse, if it had one."""
    at = db.session.scalar(select(TransitionLog.at).where(
        TransitionLog.dossier_id == dossier_id, TransitionLog.workflow == "case", TransitionLog.event == "relapse")
        .order_by(TransitionLog.id.desc()).limit(1))
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(clock.ZONE).date()


def load_conference(dossier_id: int, conference_id: int) -> Conference | None:
    return db.session.scalar(_with_everything(select(Conference).where(
        Conference.id == conference_id, Conference.dossier_id == dossier_id)))


def dossier_conferences(dossier_id: int) -> list[Conference]:
    stmt = (select(Conference).where(Conference.dossier_id == dossier_id)
            .options(selectinload(Conference.invitees), selectinload(Conference.minutes))
            .order_by(Conference.held_on.desc(), Conference.starts_at.desc(), Conference.id.desc()))
    return list(db.session.scalars(stmt))


def conference_rows(dossier_id: int) -> list[tuple[Conference, bool]]:
    """The dossier's conferences, newest first, each with whether its latest minutes are approved
    (one query)."""
    latest = (select(ConferenceMinutes.stage).where(ConferenceMinutes.conference_id == Conference.id)
              .order_by(ConferenceMinutes.version.desc()).limit(1).correlate(Conference).scalar_subquery())
    stmt = (select(Conference, latest).where(Conference.dossier_id == dossier_id)
            .order_by(Conference.held_on.desc(), Conference.starts_at.desc(), Conference.id.desc()))
    return [(conference, stage == "approved") for conference, stage in db.session.execute(stmt)]


def team_organisations(dossier: Dossier) -> list[Organisation]:
    """The partners that can be invited: on the team (active, or invited and not yet answered)."""
    stmt = (select(Organisation).join(TeamMembership, TeamMembership.organisation_id == Organisation.id)
            .where(TeamMembership.dossier_id == dossier.id, TeamMembership.status.in_(CURRENT_MEMBERSHIP_STATUSES),
                   Organisation.kind.not_in(NON_TEAM_KINDS))
            .order_by(Organisation.name))
    return list(db.session.scalars(stmt))


def active_team_ids(dossier_id: int) -> set[int]:
    return set(db.session.scalars(select(TeamMembership.organisation_id).where(
        TeamMembership.dossier_id == dossier_id, TeamMembership.status == "active")))


def coming_conferences(user, today: date, after: str | None = None) -> Page:
    """Conferences from today on to which the user's organisation is invited, or on dossiers the
    user coordinates, whose invitation the user may see (``invitations_seen``), soonest first: a
    page after ``after``."""
    invited = select(ConferenceInvitee.conference_id).where(
        ConferenceInvitee.organisation_id == user.organisation_id, ConferenceInvitee.invited.is_(True))
    coordinated = select(Dossier.id).where(Dossier.coordinator_id == user.id)
    stmt = (invitations_seen(user)
            .where(Conference.held_on >= today,
                   or_(Conference.id.in_(invited), Conference.dossier_id.in_(coordinated)))
            .options(joinedload(Conference.dossier), selectinload(Conference.invitees)))
    return AGENDA_ORDER.page(stmt, after)


def conference_invitations(user, today: date, size: int = 10) -> Page:
    """Planned conferences from today on to which the user's organisation is invited, whose
    invitation the user may see, but those on dossiers the user coordinates: the first ``size``,
    soonest first (one statement)."""
    invited = select(ConferenceInvitee.conference_id).where(
        ConferenceInvitee.organisation_id == user.organisation_id, ConferenceInvitee.invited.is_(True))
    coordinated = select(Dossier.id).where(Dossier.coordinator_id == user.id)
    stmt = (invitations_seen(user)
            .where(Conference.stage == "planned", Conference.held_on >= today, Conference.id.in_(invited),
                   Conference.dossier_id.not_in(coordinated))
            .options(joinedload(Conference.dossier)))
    return AGENDA_ORDER.page(stmt, None, size)


def dossiers_seen(user, dossier_ids) -> set[int]:
    """Which of ``dossier_ids`` the user may open (``can(DOSSIER_VIEW)``, emergency grants
    included), in one query."""
    if not dossier_ids:
        return set()
    return set(db.session.scalars(visible_dossiers(user).where(Dossier.id.in_(set(dossier_ids)))
                                  .with_only_columns(Dossier.id)))


def coordinated_dossiers(user) -> list[Dossier]:
    stmt = (select(Dossier).where(Dossier.coordinator_id == user.id,
                                  Dossier.state.not_in(ENDED_STATES))
            .order_by(Dossier.reference))
    return list(db.session.scalars(stmt))
