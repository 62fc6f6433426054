"""Need-to-know per section, as a property: Hypothesis draws a team composition for a family in
phase 2 (every partner organisation invited, active, declined, left or absent); for every demo
user, through the dossier page with its timeline and the safety-plan PDF, the user sees
the family's general markers exactly when their organisation is active on the team (or they
coordinate it), and its health markers only when they are also the coordinator or a care partner.
Hypothesis also draws from whom an agreement is withheld: each person's family version holds it
exactly when it is not withheld from them, and the perpetrator's version never holds it then."""
import subprocess
import tempfile
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mda.auth.models import User
from mda.core import clock
from mda.demo.region import USERS
from mda.dossiers.models import Dossier, Note, Person, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.careplan.models import CareGoal, TraumaScreening
from mda.safetyplan.models import SafetyAgreement, SafetyPlan, WithheldAgreement
from mda.tasks.models import Task
from mda.engine.protection import force_state
from tests.support.web import login

FAMILY = "Gezin Kowalski"
GENERAL = ("QZPNOTEQZ", "QZPPLANQZ", "QZPWITHHELDQZ")
WITHHELD = "QZPWITHHELDQZ"  # in an agreement withheld from the persons Hypothesis draws
HEALTH = ("QZPSCREENQZ", "QZPGOALQZ", "QZPTREATQZ")
STATUSES = ["active", None, "invited", "active", "declined", "left"]  # active twice: more members drawn


@pytest.fixture
def family(app, demo):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == FAMILY))
        coordinator = dossier.coordinator
        db.session.add(Note(dossier_id=dossier.id, kind="fact", body="Huisbezoek QZPNOTEQZ",
                            author_id=coordinator.id, organisation_id=coordinator.organisation_id))
        plan = db.session.scalar(select(SafetyPlan).where(SafetyPlan.dossier_id == dossier.id)
                                 .order_by(SafetyPlan.version.desc()))
        plan.danger_statement += " QZPPLANQZ"
        plan.agreements.append(SafetyAgreement(position=len(plan.agreements), due_on=date(2030, 3, 2),
                                               description="Noodplan QZPWITHHELDQZ",
                                               responsible_organisation_id=coordinator.organisation_id))
        julia = db.session.scalar(select(Person).where(Person.dossier_id == dossier.id,
                                                       Person.name == "Julia Kowalska"))
        db.session.add(TraumaScreening(dossier_id=dossier.id, person_id=julia.id, status="refused",
                                       reason="Nog niet QZPSCREENQZ", author_id=coordinator.id))
        db.session.add(CareGoal(dossier_id=dossier.id, person_id=julia.id, kind="recovery", health_related=True,
                                description="Behandeling QZPGOALQZ", author_id=coordinator.id))
        care = db.session.scalar(select(Organisation).where(Organisation.kind == "care"))
        db.session.add(Task(dossier_id=dossier.id, kind="treatment", organisation_id=care.id, person_id=julia.id,
                            start_on=clock.today(), due_on=clock.today() + timedelta(days=10),
                            title_nl="Traumabehandeling QZPTREATQZ", title_en="Trauma treatment QZPTREATQZ",
                            dedupe_key="treatment:property"))
        db.session.commit()
        return dossier.id


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout


def withhold(app, dossier_id: int, data) -> tuple[dict[int, str], set[int]]:
    """Withholds the marked agreement from the persons drawn (always the perpetrator, who is
    the one it must never reach); returns the persons by id, their roles, and those drawn."""
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        agreement = db.session.scalar(select(SafetyAgreement).where(
            SafetyAgreement.description == "Noodplan QZPWITHHELDQZ"))
        roles = {person.id: person.role for person in dossier.persons}
        others = [person_id for person_id, role in roles.items() if role != "perpetrator"]
        drawn = {person_id for person_id, role in roles.items() if role == "perpetrator"}
        drawn |= set(data.draw(st.lists(st.sampled_from(others), unique=True), label="also not for"))
        agreement.withheld = [WithheldAgreement(person_id=person_id) for person_id in sorted(drawn)]
        db.session.commit()
        return roles, drawn


def compose_team(app, dossier_id: int, data) -> None:
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        partners = db.session.scalars(select(Organisation).where(
            Organisation.kind.not_in(("school", "steering")),
            Organisation.id != dossier.coordinator.organisation_id).order_by(Organisation.id)).all()
        for org in partners:
            status = data.draw(st.sampled_from(STATUSES), label=org.name)
            membership = db.session.scalar(select(TeamMembership).where(
                TeamMembership.dossier_id == dossier_id, TeamMembership.organisation_id == org.id))
            if status is None:
                if membership is not None:
                    db.session.delete(membership)
            elif membership is None:
                db.session.add(TeamMembership(dossier_id=dossier_id, organisation_id=org.id, team_role="support",
                                              legal_basis="consent", status=status))
            else:
                force_state(membership, status)
        db.session.commit()


def expected(app, dossier_id: int, username: str) -> tuple[bool, bool]:
    """(general, health) by the rules of DOMAIN.md section 6, computed from the rows, within the
    dossier's region (``visible_dossiers``)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        dossier = db.session.get(Dossier, dossier_id)
        works_on_cases = user.role in ("coordinator", "professional") and \
            user.organisation.kind not in ("school", "steering")
        coordinates = dossier.coordinator_id == user.id
        active = any(m.organisation_id == user.organisation_id and m.status == "active"
                     for m in dossier.memberships)
        # Teams are made of the region's organisations (the app offers no other); a membership of
        # another region's organisation, which only a row made here can hold, shows it nothing.
        same_region = user.organisation.region_id == dossier.region_id
        general = works_on_cases and same_region and (coordinates or active)
        return general, general and (coordinates or user.organisation.kind == "care")


def check_family_versions(client, family: int, roles: dict[int, str], withheld_from: set[int]) -> None:
    for person_id in roles:
        version = client.get(f"/dossiers/{family}/veiligheidsplan.pdf?voor={person_id}")
        assert version.status_code == 200, person_id
        text = pdf_text(version.get_data())
        assert (WITHHELD in text) == (person_id not in withheld_from), \
            f"{WITHHELD} {'leaked to' if person_id in withheld_from else 'missing for'} {roles[person_id]} {person_id}"
        assert "QZPPLANQZ" in text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_sections_follow_team_role(app, family, data):
    compose_team(app, family, data)
    roles, withheld_from = withhold(app, family, data)
    perpetrator = next(person_id for person_id, role in roles.items() if role == "perpetrator")
    every_version_checked = False
    for username in [u.username for u in USERS]:
        general, health = expected(app, family, username)
        client = app.test_client()
        login(client, username)
        seen = [client.get(f"/dossiers/{family}").get_data(as_text=True)]
        pdf = client.get(f"/dossiers/{family}/veiligheidsplan.pdf")
        if pdf.status_code == 200:
            seen.append(pdf_text(pdf.get_data()))
        if not general:
            assert client.get(f"/dossiers/{family}/veiligheidsplan.pdf?voor={perpetrator}").status_code == 404
        elif not every_version_checked:  # the same for every user who may export: made once
            check_family_versions(client, family, roles, withheld_from)
            every_version_checked = True
        everything = "\n".join(seen)
        for marker in GENERAL:
            assert (marker in everything) == general, \
                f"{marker} {'missing for' if general else 'leaked to'} {username}"
        for marker in HEALTH:
            assert (marker in everything) == health, \
                f"{marker} {'missing for' if health else 'leaked to'} {username}"
    assert every_version_checked  # the coordinator always may export
