"""Read models for the dossier pages, each a fixed number of queries."""
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from mda.access import visible_dossiers
from mda.audit.models import AccessLogEntry
from mda.core.inputs import contains
from mda.core.keyset import Keyset, Page
from mda.dossiers.models import Dossier, Note, Person, PersonStatement, Signal, TeamMembership
from mda.extensions import db

# Newest activity first; the index ix_dossier_region_updated serves it (visible_dossiers names the region).
DOSSIER_ORDER = Keyset(Dossier.updated_at.desc(), Dossier.id.desc())


@dataclass
class DossierRow:
    dossier: Dossier
    person_count: int
    last_signal_on: object
    partner_count: int


def dossier_list(user, query: str = "", after: str | None = None) -> Page:
    """A page of the dossiers ``user`` may see, newest activity first, after the key ``after``:
    one query whatever the count (the figures of each row are subqueries of its own)."""
    person_count = (select(func.count(Person.id)).where(Person.dossier_id == Dossier.id)
                    .correlate(Dossier).scalar_subquery())
    last_signal = (select(func.max(Signal.reported_on)).where(Signal.dossier_id == Dossier.id)
                   .correlate(Dossier).scalar_subquery())
    partner_count = (select(func.count(TeamMembership.id))
                     .where(TeamMembership.dossier_id == Dossier.id, TeamMembership.status == "active")
                     .correlate(Dossier).scalar_subquery())
    stmt = visible_dossiers(user)
    if query:
        pattern = contains(query)
        named = (select(Person.id).where(Person.dossier_id == Dossier.id,
                                         func.lower(Person.name).like(pattern, escape="\\")).exists())
        stmt = stmt.where(or_(func.lower(Dossier.reference).like(pattern, escape="\\"), named))
    page = DOSSIER_ORDER.page(stmt.add_columns(person_count, last_signal, partner_count)
                              .options(joinedload(Dossier.coordinator)),
                              after, scalars=False)
    return Page([DossierRow(*row) for row in page.rows], page.next_key, page.after)


def load_full_dossier(user, dossier_id: int) -> Dossier | None:
    """One dossier the user may see, with everything its page shows loaded up front."""
    stmt = visible_dossiers(user).where(Dossier.id == dossier_id).options(
        joinedload(Dossier.coordinator),
        joinedload(Dossier.region),
        selectinload(Dossier.persons).joinedload(Person.school),
        selectinload(Dossier.signals).joinedload(Signal.reporter_organisation),
        selectinload(Dossier.memberships),
        selectinload(Dossier.notes).options(joinedload(Note.author), joinedload(Note.organisation),
                                            joinedload(Note.person)),
        selectinload(Dossier.statements).options(joinedload(PersonStatement.person),
                                                 joinedload(PersonStatement.recorded_by)),
    )
    return db.session.scalar(stmt)


def access_log_for(dossier_id: int, limit: int | None = None) -> list[AccessLogEntry]:
    stmt = (select(AccessLogEntry).where(AccessLogEntry.dossier_id == dossier_id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()))
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))
