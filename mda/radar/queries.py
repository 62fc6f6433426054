"""Finding the same people in the region's other dossiers and applications: an indexed lookup on
name key and date of birth, or on the BSN, for the few persons asked about; never a scan of
everyone. Two BSNs decide on their own: persons with different BSNs are never the same."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, false, or_, select

from mda.access import visible_dossiers
from mda.dossiers.identity import name_key
from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.intake.models import WAITING_STAGES, Application, ApplicationPerson
from mda.orgs.models import Organisation

# The applications the radar looks in: a family waiting for triage, or one that was not accepted
# (once applied for, without a dossier). An application that has a dossier is found as that dossier.
APPLICATION_STAGES = WAITING_STAGES + ("not_accepted",)


@dataclass(frozen=True)
class Sought:
    """A person asked about, as the asking side holds them."""
    name: str
    key: str
    born: date | None
    bsn: str | None


def sought(persons) -> list[Sought]:
    """The persons of a dossier or an application (or their form values), as the radar asks for them."""
    found = []
    for person in persons:
        get = person.get if isinstance(person, dict) else lambda name, p=person: getattr(p, name, None)
        name = get("name") or ""
        found.append(Sought(name, get("match_name") or name_key(name), get("date_of_birth"), get("bsn") or None))
    return found


def same_person(wanted: Sought, found) -> str | None:
    """How ``found`` is the person ``wanted``: ``"bsn"``, ``"name"`` (name key and date of birth),
    or None when it is not."""
    if wanted.bsn and found.bsn:
        return "bsn" if wanted.bsn == found.bsn else None
    if wanted.key and wanted.born and (wanted.key, wanted.born) == (found.match_name, found.date_of_birth):
        return "name"
    return None


def _lookup(model, wanted: list[Sought]):
    pairs = sorted({(s.key, s.born) for s in wanted if s.key and s.born})
    bsns = sorted({s.bsn for s in wanted if s.bsn})
    conditions = [and_(model.match_name == key, model.date_of_birth == born) for key, born in pairs]
    if bsns:
        conditions.append(model.bsn.in_(bsns))
    return or_(*conditions) if conditions else false()


@dataclass(frozen=True)
class Match:
    """A person asked about, found in a dossier (``dossier``) or an application (``application``)."""
    wanted: Sought
    person: Person | ApplicationPerson
    by: str
    dossier: Dossier | None = None
    application: Application | None = None
    visible: bool = False  # a dossier shared with the user (not through an emergency grant)


def _pairs(wanted: list[Sought], rows, make) -> list[Match]:
    matches = []
    for row in rows:
        for person in wanted:
            by = same_person(person, row[0])
            if by:
                matches.append(make(person, row, by))
    return matches


def in_dossiers(user, wanted: list[Sought], region_id: int, *, besides_dossier: int | None = None) -> list[Match]:
    """The persons of the region's dossiers (but ``besides_dossier``) who are persons asked about,
    each with whether ``user`` may see that dossier: one query."""
    # the access rule asked of each matched dossier alone; as `id IN (every dossier shared with the
    # user)` it was worked out for the whole country first (250 ms at national size)
    shared = visible_dossiers(user, through_grant=False).whereclause
    stmt = (select(Person, Dossier, shared.label("shared"))
            .join(Dossier, Dossier.id == Person.dossier_id)
            .where(_lookup(Person, wanted), Dossier.region_id == region_id)
            .order_by(Person.dossier_id, Person.id))
    if besides_dossier is not None:
        stmt = stmt.where(Person.dossier_id != besides_dossier)
    return _pairs(wanted, db.session.execute(stmt),
                  lambda person, row, by: Match(person, row[0], by, dossier=row[1], visible=bool(row[2])))


def in_applications(wanted: list[Sought], region_id: int, *, besides_application: int | None = None) -> list[Match]:
    """The persons of the region's applications without a dossier, waiting for triage or not
    accepted (but ``besides_application``), who are persons asked about: one query."""
    stmt = (select(ApplicationPerson, Application)
            .join(Application, Application.id == ApplicationPerson.application_id)
            .where(_lookup(ApplicationPerson, wanted), Application.region_id == region_id,
                   Application.stage.in_(APPLICATION_STAGES), Application.dossier_id.is_(None))
            .order_by(Application.submitted_at, Application.id, ApplicationPerson.id))
    if besides_application is not None:
        stmt = stmt.where(Application.id != besides_application)
    return _pairs(wanted, db.session.execute(stmt),
                  lambda person, row, by: Match(person, row[0], by, application=row[1]))


def whom_to_ask(region_id: int) -> list[Organisation]:
    """The region's Zorg- en Veiligheidshuis, which knows where a family is known."""
    stmt = (select(Organisation).where(Organisation.region_id == region_id, Organisation.kind == "zvh",
                                       Organisation.active.is_(True)).order_by(Organisation.name))
    return list(db.session.scalars(stmt))
