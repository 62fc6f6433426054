"""Recording a risk assessment from the dossier: instrument, date, outcome and who; a RiHG that
points to a temporary restraining order (huisverbod) gives the police the task to decide on it."""
from datetime import timedelta

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.reviews.models import RiskAssessment
from mda.tasks.models import Task
from tests.reviews.support import dutch_day
from tests.support.web import post_form


def form_path(dossier_id):
    return f"/dossiers/{dossier_id}/risicotaxaties/nieuw"


def tasks(app, dossier_id, kind):
    with app.app_context():
        return list(db.session.scalars(select(Task).where(Task.dossier_id == dossier_id, Task.kind == kind)
                                        .order_by(Task.id)))


def org_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))


def test_a_risk_assessment_without_restraining_order(app, family, as_user):
    client = as_user("ggz")
    form = client.get(form_path(family)).get_data(as_text=True)
    assert "LIRIK is een checklist, geen beslisschema" in form
    yesterday = clock.today() - timedelta(days=1)
    response = post_form(client, form_path(family), {
        "instrument": "arij", "assessed_on": yesterday.isoformat(),
        "outcome": "Matig risico voor de jongste; ondersteuning thuis nodig."})
    assert response.status_code == 302 and response.headers["Location"].endswith("#risicotaxaties")
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    section = html[html.index('id="risicotaxaties"'):]
    for text in ("ARIJ (veiligheid van kinderen)", dutch_day(yesterday),
                 "Matig risico voor de jongste; ondersteuning thuis nodig.", "Dr. Hanna Kuipers, GGZ Voorbeeld"):
        assert text in section, text
    assert "wijst op een tijdelijk huisverbod" not in section
    assert tasks(app, family, "restraining_order") == []
    with app.app_context():
        assessment = db.session.scalars(select(RiskAssessment)).one()
        assert (assessment.instrument, assessment.assessed_on, assessment.organisation_id) == (
            "arij", yesterday, org_id(app, "GGZ Voorbeeld"))
        assert db.session.scalar(select(AccessLogEntry.id).where(
            AccessLogEntry.action == "create", AccessLogEntry.object == f"risk_assessment:{assessment.id}"))


def test_police_rihg_pointing_to_a_restraining_order(app, family, as_user):
    police = org_id(app, "Politie Eenheid Voorbeeld")
    [rihg_task] = [t for t in tasks(app, family, "police_risk_assessment") if t.state == "open"]  # of the relapse
    assert rihg_task.state == "open"
    client = as_user("politie")
    response = post_form(client, form_path(family), {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(),
        "outcome": "Twee rode signalen in deel A.", "points_to_restraining_order": "y"})
    assert response.status_code == 302
    [order] = tasks(app, family, "restraining_order")
    assert order.organisation_id == police and order.state == "open"
    assert order.title_nl.startswith("Huisverbod overwegen: de RiHG van")
    assert "10 dagen" in order.title_nl and "28 dagen" in order.title_nl
    assert clock.today() < order.due_on <= clock.today() + timedelta(days=5)  # the next working day
    done = next(t for t in tasks(app, family, "police_risk_assessment") if t.id == rihg_task.id)
    assert done.state == "done" and done.result
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    assert ("De risicotaxatie is vastgelegd. Er is een taak toegevoegd om over het tijdelijk huisverbod "
            "te besluiten.") in html
    section = html[html.index('id="risicotaxaties"'):]
    assert "RiHG (politie: risicotaxatie huiselijk geweld)" in section
    assert "wijst op een tijdelijk huisverbod" in section
    assert "Rob van Dijk, Politie Eenheid Voorbeeld" in section


def test_a_coordinators_rihg_gives_the_police_on_the_team_the_restraining_order_task(app, family, as_user):
    response = post_form(as_user("regisseur"), form_path(family), {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(),
        "outcome": "Ingevuld met de politie in het MDO.", "points_to_restraining_order": "y"})
    assert response.status_code == 302
    [order] = tasks(app, family, "restraining_order")
    assert order.organisation_id == org_id(app, "Politie Eenheid Voorbeeld")
    # the RiHG of the first call-out was done; the one after the relapse stays open
    assert [t.state for t in tasks(app, family, "police_risk_assessment")] == ["done", "open"]


def test_a_risk_assessment_is_checked(app, family, as_user):
    client = as_user("politie")
    cases = (
        ({"instrument": "lirik", "outcome": "Checklist ingevuld.", "points_to_restraining_order": "y"},
         "Alleen een RiHG kan wijzen op een tijdelijk huisverbod."),
        ({"instrument": "rihg", "outcome": "Later.",
          "assessed_on": (clock.today() + timedelta(days=1)).isoformat()},
         "Deze datum kan niet in de toekomst liggen."),
        ({"instrument": "b_safer", "outcome": "  "}, "Beschrijf de uitkomst van de risicotaxatie."),
        ({"instrument": "", "outcome": "Zonder instrument."}, "Kies het instrument."),
        ({"instrument": "care_nl", "outcome": "Zonder datum.", "assessed_on": ""},
         "Vul de datum van de risicotaxatie in."),
    )
    for data, message in cases:
        response = post_form(client, form_path(family), {"assessed_on": clock.today().isoformat(), **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert html.count(message) == 2, message
        assert data["outcome"].strip() in html, message
    with app.app_context():
        assert db.session.scalars(select(RiskAssessment)).all() == []
    assert tasks(app, family, "restraining_order") == []


def test_only_the_team_records_risk_assessments(app, family, as_user):
    for outsider in ("buiten", "reclassering", "school"):
        assert as_user(outsider).get(form_path(family)).status_code == 404, outsider


def test_no_risk_assessment_once_the_case_has_ended(app, demo, as_user):
    with app.app_context():
        closed = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Smit"))
    client = as_user("regisseur")
    assert "Risicotaxatie vastleggen" not in client.get(f"/dossiers/{closed}").get_data(as_text=True)
    response = client.get(form_path(closed))
    assert response.status_code == 302
    assert "Deze casus is beëindigd" in client.get(response.headers["Location"]).get_data(as_text=True)
