"""The administrator keeps the region's organisations: adds one (a school with its Handle with Care
contact), changes it, and deactivates it when nothing depends on it any more. A change that would
leave work without a fitting holder is refused with the reason; other regions are not found."""
import pytest
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import form_post, login, token_for

ORGS = "/beheer/organisaties"


@pytest.fixture
def orgs(app):
    """A region whose police hold an open risk assessment on a family's case; another region."""
    with app.app_context():
        case = make.team_case()
        region = case["dossier"].region_id
        zvh = make.organisation(case["team"].region, "ZVH Regio", "zvh")
        make.user(zvh, "beheer", "admin", password="pw")
        empty = make.organisation(case["team"].region, "Opvang Oud", "shelter")
        db.session.add(Task(dossier_id=case["dossier"].id, kind="police_risk_assessment", title_nl="RiHG",
                            title_en="RiHG", organisation_id=case["police"].id, start_on=clock.today(),
                            due_on=clock.today()))
        elsewhere = make.organisation(make.region("Regio Elders"), "Politie Elders", "police")
        db.session.commit()
        return {"police": case["police"].id, "team": case["team"].id, "empty": empty.id,
                "elsewhere": elsewhere.id, "region": region}


@pytest.fixture
def admin(app, orgs):
    client = app.test_client()
    login(client, "beheer", "pw")
    return client


def org(app, organisation_id) -> Organisation:
    with app.app_context():
        row = db.session.get(Organisation, organisation_id)
        db.session.expunge(row)
        return row


def fields(row: Organisation, **changes) -> dict:
    values = {"name": row.name, "kind": row.kind, "email": row.email or "", "contact_name": row.contact_name or "",
              "contact_phone": row.contact_phone or ""}
    return {**values, **changes}


def test_the_administrator_adds_a_school_with_its_contact(app, admin):
    response = form_post(admin, f"{ORGS}/nieuw", {
        "name": " Basisschool De Linde ", "kind": "school", "email": "linde@example.org",
        "contact_name": "Mevrouw Jansen", "contact_phone": "030 123 45 67"}, hidden=("once",))
    assert response.status_code == 302
    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.name == "Basisschool De Linde"))
        assert (school.kind, school.contact_name, school.contact_phone, school.active) == \
            ("school", "Mevrouw Jansen", "030 123 45 67", True)
        assert db.session.scalar(select(AccessLogEntry.action).where(
            AccessLogEntry.object == f"organisation:{school.id}")) == "create"
    listing = admin.get(ORGS).get_data(as_text=True)
    assert "Basisschool De Linde" in listing and "School of kinderopvang" in listing
    assert "Politie Elders" not in listing


def test_bad_input_for_an_organisation_is_refused_with_the_input_kept(app, admin, orgs):
    taken = form_post(admin, f"{ORGS}/nieuw", {"name": "politie test", "kind": "police", "email": "x@example.org"},
                      hidden=("once",))
    html = taken.get_data(as_text=True)
    assert taken.status_code == 422 and "Er bestaat al een organisatie met deze naam." in html
    assert 'value="politie test"' in html and 'value="x@example.org"' in html
    contact = form_post(admin, f"{ORGS}/nieuw", {"name": "GGZ Nieuw", "kind": "care", "contact_name": "Iemand"},
                        hidden=("once",))
    assert contact.status_code == 422
    assert "Alleen een school heeft een contactpersoon" in contact.get_data(as_text=True)
    for bad in ({"name": "X", "kind": "bank"}, {"name": "", "kind": "care"}, {"name": "X", "kind": "care",
                                                                              "email": "geen adres"}):
        assert form_post(admin, f"{ORGS}/nieuw", bad, hidden=("once",)).status_code == 422, bad
    with app.app_context():
        assert db.session.scalar(select(Organisation).where(Organisation.name.in_(("GGZ Nieuw", "X")))) is None


def test_a_kind_change_that_would_orphan_held_work_is_refused_with_the_reason(app, admin, orgs):
    police = org(app, orgs["police"])
    path = f"{ORGS}/{police.id}"
    response = form_post(admin, path, fields(police, kind="care"), hidden=())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Politie Test heeft 1 open taak die een organisatie van de soort" in html
    assert "Risicotaxatie politie (RiHG) (1)" in html
    assert org(app, police.id).kind == "police"
    to_school = form_post(admin, path, fields(police, kind="school"), hidden=())
    assert "zit in het team van 1 dossier" in to_school.get_data(as_text=True)
    renamed = form_post(admin, path, fields(police, name="Politie Eenheid Test", email="politie@example.org"),
                        hidden=())
    assert renamed.status_code == 302
    assert (org(app, police.id).name, org(app, police.id).email) == ("Politie Eenheid Test", "politie@example.org")
    empty = org(app, orgs["empty"])
    assert form_post(admin, f"{ORGS}/{empty.id}", fields(empty, kind="care"), hidden=()).status_code == 302
    assert org(app, empty.id).kind == "care"


def test_deactivation_waits_until_nothing_depends_on_the_organisation(app, admin, orgs):
    path = f"{ORGS}/{orgs['police']}"
    response = admin.post(f"{path}/deactiveren", data={"deactivate-confirm": "y", "csrf_token": token_for(admin, path)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 gebruiker van Politie Test is nog actief" in html
    assert "Politie Test heeft 1 open taak" in html and "zit in het team van 1 dossier" in html
    assert org(app, orgs["police"]).active
    empty = f"{ORGS}/{orgs['empty']}"
    assert ">Opvang Oud</option>" in admin.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    response = admin.post(f"{empty}/deactiveren", data={"deactivate-confirm": "y",
                                                        "csrf_token": token_for(admin, empty)})
    assert response.status_code == 302 and not org(app, orgs["empty"]).active
    assert ">Opvang Oud</option>" not in admin.get("/beheer/gebruikers/nieuw").get_data(as_text=True)  # not offered
    assert admin.post(f"{empty}/heractiveren", data={"csrf_token": token_for(admin, empty)}).status_code == 302
    assert org(app, orgs["empty"]).active
    with app.app_context():
        assert [e.object.split(":")[0] for e in db.session.scalars(select(AccessLogEntry).where(
            AccessLogEntry.object.like("organisation.%")).order_by(AccessLogEntry.id))] == [
            "organisation.deactivated", "organisation.reactivated"]


def test_another_regions_organisation_and_other_roles_get_404(app, admin, orgs):
    token = token_for(admin, ORGS)
    path = f"{ORGS}/{orgs['elsewhere']}"
    assert admin.get(path).status_code == 404
    assert admin.post(path, data={"name": "Overgenomen", "kind": "police", "csrf_token": token}).status_code == 404
    assert admin.post(f"{path}/deactiveren", data={"deactivate-confirm": "y", "csrf_token": token}).status_code == 404
    assert org(app, orgs["elsewhere"]).name == "Politie Elders" and org(app, orgs["elsewhere"]).active
    officer = app.test_client()
    login(officer, "agent", "secret-pass")
    for page in (ORGS, f"{ORGS}/nieuw", f"{ORGS}/{orgs['police']}"):
        assert officer.get(page).status_code == 404
    token = token_for(officer, "/dossiers")
    assert officer.post(f"{ORGS}/{orgs['police']}", data={"name": "X", "kind": "care", "csrf_token": token}) \
        .status_code == 404
    assert org(app, orgs["police"]).kind == "police"


def test_the_coordinator_sees_the_schools_contact_on_a_school_signal(app, admin, orgs):
    form_post(admin, f"{ORGS}/nieuw", {"name": "Basisschool De Linde", "kind": "school",
                                       "contact_name": "Mevrouw Jansen", "contact_phone": "030 123 45 67"},
              hidden=("once",))
    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.name == "Basisschool De Linde"))
        police_task = db.session.scalar(select(Task).where(Task.organisation_id == orgs["police"]))
        signal = Task(dossier_id=police_task.dossier_id, kind="school_signal", title_nl="Signaal", title_en="Signal",
                      organisation_id=school.id, start_on=clock.today(), due_on=clock.today(),
                      person_id=police_task.dossier.persons[0].id)
        db.session.add(signal)
        db.session.commit()
        signal_id = signal.id
    coordinator = app.test_client()
    login(coordinator, "coord", "secret-pass")
    page = coordinator.get(f"/taken/{signal_id}").get_data(as_text=True)
    assert "Contactpersoon op school" in page and "Mevrouw Jansen, 030 123 45 67" in page
