"""Small factories for rows the tests need besides the demo region."""
from datetime import date

from mda.auth.models import User
from mda.auth.passwords import hash_password
from mda.core import clock
from mda.dossiers.models import Dossier, Person, Signal, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation, Region


def region(name="Regio Test", is_demo=False) -> Region:
    row = Region(name=name, is_demo=is_demo)
    db.session.add(row)
    db.session.flush()
    return row


def organisation(region_row, name, kind="local_team") -> Organisation:
    row = Organisation(region=region_row, name=name, kind=kind)
    db.session.add(row)
    db.session.flush()
    return row


def user(org, username, role="professional", password="secret-pass", active=True) -> User:
    row = User(username=username, full_name=username.title(), organisation=org, role=role,
               password_hash=hash_password(password), active=active)
    db.session.add(row)
    db.session.flush()
    return row


def dossier(coordinator, reference, partners=(), state="registered", persons=("Alex Test",)) -> Dossier:
    row = Dossier(region_id=coordinator.organisation.region_id, reference=reference, summary="",
                  coordinator=coordinator, state=state)
    row.memberships.append(TeamMembership(organisation_id=coordinator.organisation_id, team_role="lead",
                                          legal_basis="meldcode", status="active", joined_on=clock.today()))
    for org in partners:
        row.memberships.append(TeamMembership(organisation_id=org.id, team_role="safety",
                                              legal_basis="meldcode", status="active",
                                              joined_on=clock.today()))
    for name in persons:
        row.persons.append(Person(name=name, role="victim", date_of_birth=date(1990, 1, 1)))
    row.signals.append(Signal(reported_on=clock.today(), reporter_kind="police", violence_type="physical"))
    db.session.add(row)
    db.session.flush()
    return row


def accepted_application(dossier, applicant, decided_at=None):
    """The triage meeting's acceptance of an application for ``dossier``, which phase 1 needs."""
    from mda.intake.models import Application
    row = Application(region_id=dossier.region_id, organisation_id=applicant.organisation_id,
                      applicant_id=applicant.id, dossier_id=dossier.id, for_existing_dossier=True,
                      family_reference=dossier.reference, stage="accepted", reason="Herhaald geweld.",
                      decision_reason="Voldoet aan de criteria.", coordinator_id=dossier.coordinator_id,
                      decided_at=decided_at or clock.utcnow())
    db.session.add(row)
    db.session.flush()
    return row


def accepted_handover(dossier, organisation, until=None):
    """``organisation`` holds zicht op veiligheid of ``dossier``: a handover its staff accepted today,
    with a monitoring agreement for a year (a situation set up, not lived through)."""
    from datetime import timedelta

    from mda.closing.models import Handover
    today = clock.today()
    row = Handover(dossier_id=dossier.id, organisation_id=organisation.id, state="accepted",
                   watches="Nieuwe incidenten en de afspraken uit het veiligheidsplan.", frequency="monthly",
                   until=until or today + timedelta(days=365), proposed_on=today, answered_on=today)
    db.session.add(row)
    db.session.flush()
    return row


def team_case(reference="Gezin Motor") -> dict:
    """A registered case of a local team's coordinator with Veilig Thuis and the police on its team."""
    reg = region()
    team = organisation(reg, "Wijkteam Noord")
    vt = organisation(reg, "Veilig Thuis Test", "vt")
    police = organisation(reg, "Politie Test", "police")
    coordinator = user(team, "coord", "coordinator")
    officer = user(police, "agent")
    vt_user = user(vt, "vt")
    case = dossier(coordinator, reference, partners=[vt, police])
    return dict(dossier=case, coordinator=coordinator, officer=officer, vt_user=vt_user, vt=vt,
                police=police, team=team)
