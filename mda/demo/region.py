"""Builds the demo region: organisations, one login per organisation, and the families.

Everything here is fictional. The usernames are a contract (README, tests, scripts rely on them).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select, update

from mda.auth.models import User
from mda.auth.passwords import hash_password
from mda.core import clock
from mda.dossiers.models import Dossier, Note, Person, TeamMembership
from mda.extensions import db
from mda.inbox.models import InboxItem, OutboxMail
from mda.orgs.models import Organisation, Region
from mda.demo.families import FAMILIES
from mda.demo.intake import REFERENCES
from mda.demo import escalations, history, monitor_history
from mda.demo.intake import build_intake

DEMO_REGION = "Regio Voorbeeld"
OTHER_REGION = "Regio Elders"
DEFAULT_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    region: str = DEMO_REGION


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    organisation: str
    role: str


ORGANISATIONS = (
    DemoOrganisation("regisseur", "Wijkteam Voorbeeld-Noord", "local_team"),
    DemoOrganisation("wijkteam", "Wijkteam Voorbeeld-Zuid", "local_team"),
    DemoOrganisation("veiligthuis", "Veilig Thuis Regio Voorbeeld", "vt"),
    DemoOrganisation("politie", "Politie Eenheid Voorbeeld", "police"),
    DemoOrganisation("zvh", "Zorg- en Veiligheidshuis Regio Voorbeeld", "zvh"),
    DemoOrganisation("ggz", "GGZ Voorbeeld", "care"),
    DemoOrganisation("reclassering", "Reclassering Voorbeeld", "probation"),
    DemoOrganisation("opvang", "Blijf Groep Voorbeeld", "shelter"),
    DemoOrganisation("om", "Openbaar Ministerie Arrondissement Voorbeeld", "om"),
    DemoOrganisation("raad", "Raad voor de Kinderbescherming Regio Voorbeeld", "rvdk"),
    DemoOrganisation("school", "Basisschool De Regenboog", "school"),
    DemoOrganisation("stuurgroep", "Regionale stuurgroep Voorbeeld", "steering"),
    DemoOrganisation("buiten", "Wijkteam Elders-Centrum", "local_team", OTHER_REGION),
)

USERS = (
    DemoUser("regisseur", "Marloes de Wit", "regisseur", "coordinator"),
    DemoUser("teamleider", "Ellen van der Meer", "regisseur", "team_lead"),
    DemoUser("wijkteam", "Youssef Amrani", "wijkteam", "coordinator"),
    DemoUser("veiligthuis", "Ingrid Postma", "veiligthuis", "professional"),
    DemoUser("politie", "Rob van Dijk", "politie", "professional"),
    DemoUser("zvh", "Anouk Verbeek", "zvh", "professional"),
    DemoUser("ggz", "Dr. Hanna Kuipers", "ggz", "professional"),
    DemoUser("reclassering", "Martin Hoekstra", "reclassering", "professional"),
    DemoUser("opvang", "Lotte Bosman", "opvang", "professional"),
    DemoUser("school", "Petra Smulders", "school", "professional"),
    DemoUser("stuurgroep", "Wim Brouwer", "stuurgroep", "steering"),
    DemoUser("beheer", "Sandra Vos", "zvh", "admin"),
    DemoUser("buiten", "Karin Mulder", "buiten", "coordinator"),
)


class NotDemoData(Exception):
    """The database holds data that is not the demo region's."""


def has_data() -> bool:
    return db.session.execute(select(Region.id).limit(1)).first() is not None


def has_non_demo_data() -> bool:
    return db.session.execute(select(Region.id).where(Region.is_demo.is_(False)).limit(1)).first() is not None


def has_additions() -> bool:
    """Whether someone added a dossier or an account to the demo region after it was built: that
    work is not the demo's to throw away without ``--reset``."""

    references = {f["reference"] for f in FAMILIES} | set(REFERENCES) | set(monitor_history.REFERENCES)
    usernames = {u.username for u in USERS}
    added_dossier = select(Dossier.id).where(Dossier.reference.not_in(references)).limit(1)
    added_user = select(User.id).where(User.username.not_in(usernames)).limit(1)
    return (db.session.execute(added_dossier).first() is not None
            or db.session.execute(added_user).first() is not None)


def wipe() -> None:
    """Deletes every row of every table, children first."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.flush()


def build(password: str = DEFAULT_PASSWORD, reset: bool = False, today: date | None = None) -> dict:
    """Replaces the demo region. Refuses when other data exists, unless ``reset``."""

    if (has_non_demo_data() or has_additions()) and not reset:
        raise NotDemoData()
    wipe()
    today = today or clock.today()
    regions = {name: Region(name=name, is_demo=True) for name in (DEMO_REGION, OTHER_REGION)}
    db.session.add_all(regions.values())
    orgs = {o.key: Organisation(name=o.name, kind=o.kind, region=regions[o.region], email=f"{o.key}@example.org")
            for o in ORGANISATIONS}
    db.session.add_all(orgs.values())
    password_hash = hash_password(password)
    users = {u.username: User(username=u.username, full_name=u.full_name, role=u.role,
                              organisation=orgs[u.organisation], password_hash=password_hash,
                              email=f"{u.username}@example.org")
             for u in USERS}
    db.session.add_all(users.values())
    db.session.flush()
    for family in FAMILIES:
        dossier = _add_family(family, orgs, users, regions[DEMO_REGION], today)
        db.session.flush()
        history.run(dossier, family, users, orgs, today)
    db.session.flush()
    monitor_history.run(regions[DEMO_REGION], orgs, users, today)
    build_intake(users, orgs, regions, today)
    escalations.run(today)
    _settle_inboxes(today)
    monitor_history.date_last_activity(regions[DEMO_REGION])
    return {"users": USERS, "password": password, "families": len(FAMILIES)}


def _settle_inboxes(today: date) -> None:
    """What the history told the demo users more than two weeks ago they have long read, and no
    mail goes out now about what happened before the demo was built: the inboxes hold the recent."""
    cutoff = _as_datetime(today - timedelta(days=14), 0)
    db.session.execute(update(InboxItem).where(InboxItem.created_at < cutoff, InboxItem.read_at.is_(None))
                       .values(read_at=InboxItem.created_at))
    db.session.execute(update(InboxItem).where(InboxItem.mail_id.is_not(None)).values(mail_id=None))
    db.session.execute(update(InboxItem).where(InboxItem.created_at < cutoff).values(delivery="app"))
    db.session.execute(delete(OutboxMail))
    db.session.flush()


def _birth_date(person: dict, today: date) -> date:
    year = today.year - person["born_years_ago"]
    return date(year, 1, 1) + timedelta(days=person.get("born_day_of_year", 1) - 1)


def _add_family(family: dict, orgs: dict, users: dict, region: Region, today: date) -> Dossier:
    coordinator = users[family["coordinator"]]
    first_day = today - timedelta(days=max(s["days_ago"] for s in family["signals"]))
    opened = _as_datetime(first_day, 9)
    dossier = Dossier(region=region, reference=family["reference"], summary=family["summary"],
                      coordinator=coordinator, created_at=opened)
    dossier.memberships.append(TeamMembership(
        organisation=coordinator.organisation, team_role="lead", legal_basis="meldcode",
        status="active", joined_on=first_day, created_by_id=coordinator.id, created_at=opened))
    for member in family["team"]:
        # Veilig Thuis assesses from the first report; the other partners join when the triage
        # meeting accepts the family (mda.demo.history dates them then).
        joined = first_day + timedelta(days=1)
        dossier.memberships.append(TeamMembership(
            organisation=orgs[member["org"]], team_role=member["team_role"],
            legal_basis=member["legal_basis"], status="active", joined_on=joined,
            created_by_id=coordinator.id, created_at=_as_datetime(joined)))
    persons = []
    for values in family["persons"]:
        person = Person(name=values["name"], role=values["role"], date_of_birth=_birth_date(values, today),
                        school=orgs["school"] if values.get("school") else None,
                        created_by_id=coordinator.id, created_at=opened)
        dossier.persons.append(person)
        persons.append(person)
    for values in family["notes"]:
        author = users.get(values["author"]) or coordinator
        dossier.notes.append(Note(
            kind=values["kind"], body=values["body"], author=author, organisation=author.organisation,
            health_information=values.get("health", False),
            person=persons[values["person"]] if values.get("person") is not None else None,
            created_at=_as_datetime(today - timedelta(days=values["days_ago"]))))
    db.session.add(dossier)
    return dossier


def _as_datetime(day: date, hour: int = 10):
    from datetime import datetime, time, timezone
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.utc)
