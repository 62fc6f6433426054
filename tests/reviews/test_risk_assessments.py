"""Recording a risk assessment from the dossier as its instrument is built: the items, the resulting
risk level and a summary, with who and when; a RiHG with two red signals in one part gives the
police the task to decide on a temporary restraining order (huisverbod)."""
from datetime import timedelta

from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.reviews.models import RiskAssessment, RiskAssessmentAnswer
from mda.tasks.models import Task
from tests.reviews.support import dutch_day
from tests.support.web import post_form

B_SAFER_FACTORS = ("violent_acts", "violent_threats", "escalation", "order_violations", "violent_attitudes",
                   "criminality", "relationship", "employment", "substance_use", "mental_health")


def form_path(dossier_id, instrument=None):
    path = f"/dossiers/{dossier_id}/risicotaxaties/nieuw"
    return f"{path}?instrument={instrument}" if instrument else path


def tasks(app, dossier_id, kind):
    with app.app_context():
        return list(db.session.scalars(select(Task).where(Task.dossier_id == dossier_id, Task.kind == kind)
                                        .order_by(Task.id)))


def org_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))


def assessments_since(app, before):
    with app.app_context():
        return list(db.session.scalars(select(RiskAssessment).where(RiskAssessment.id > before)
                                       .order_by(RiskAssessment.id)))


def last_id(app):
    with app.app_context():
        return db.session.scalar(select(func.max(RiskAssessment.id))) or 0


def rihg(**counts):
    return {f"item_{code}": str(value) for code, value in counts.items()}


def test_the_instrument_is_chosen_first_without_javascript(app, family, as_user):
    client = as_user("ggz")
    page = client.get(form_path(family)).get_data(as_text=True)
    assert '<form method="get"' in page and "LIRIK is een checklist, geen beslisschema" in page
    unknown = client.get(form_path(family, "sara"))
    assert unknown.status_code == 422 and "Kies het instrument." in unknown.get_data(as_text=True)
    rihg_page = client.get(form_path(family, "rihg")).get_data(as_text=True)
    for text in ("Deel 1: de (mogelijke) pleger", "Deel 2: het verloop van het geweldsincident",
                 "Deel 3: de gezinsachtergronden", "Rode signalen (hoog risico) in deel 1",
                 "Gele signalen (laag risico) in deel 3", "Risiconiveau (uitkomst)", "Samenvatting"):
        assert text in rihg_page, text
    b_safer = client.get(form_path(family, "b_safer")).get_data(as_text=True)
    assert "Gewelddadige handelingen: nu" in b_safer and "Psychische problemen: in het verleden" in b_safer
    assert "Mogelijk of gedeeltelijk aanwezig" in b_safer


def test_a_b_safer_is_recorded_item_by_item_with_the_level_the_assessor_set(app, family, as_user):
    before = last_id(app)
    client = as_user("ggz")
    yesterday = clock.today() - timedelta(days=1)
    ratings = {f"item_{factor}_{when}": "absent" for factor in B_SAFER_FACTORS for when in ("now", "past")}
    ratings.update(item_violent_acts_now="present", item_substance_use_now="possible")
    response = post_form(client, form_path(family, "b_safer"), {
        "instrument": "b_safer", "assessed_on": yesterday.isoformat(), "level": "moderate",
        "outcome": "Matig risico; middelengebruik weegt het zwaarst.", **ratings})
    assert response.status_code == 302 and response.headers["Location"].endswith("#risicotaxaties")
    [assessment] = assessments_since(app, before)
    with app.app_context():
        assessment = db.session.get(RiskAssessment, assessment.id)
        assert (assessment.instrument, assessment.level, assessment.assessed_on, assessment.organisation_id) == (
            "b_safer", "moderate", yesterday, org_id(app, "GGZ Voorbeeld"))
        assert len(assessment.answers) == 20 and assessment.answer_map()["violent_acts_now"] == "present"
        assert assessment.points_to_restraining_order is False
        assert db.session.scalar(select(AccessLogEntry.id).where(
            AccessLogEntry.action == "create", AccessLogEntry.object == f"risk_assessment:{assessment.id}"))
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    section = html[html.index('id="risicotaxaties"'):]
    for text in ("B-SAFER (reclassering)", dutch_day(yesterday), "Matig",
                 "Matig risico; middelengebruik weegt het zwaarst.", "Dr. Hanna Kuipers, GGZ Voorbeeld"):
        assert text in section, text
    detail = client.get(f"/dossiers/{family}/risicotaxaties/{assessment.id}").get_data(as_text=True)
    assert "Deel 1: geschiedenis van partnergeweld" in detail and "Aanwezig" in detail
    assert "Mogelijk of gedeeltelijk aanwezig" in detail


def test_police_rihg_with_two_reds_in_one_part_points_to_a_restraining_order(app, family, as_user):
    before = last_id(app)
    police = org_id(app, "Politie Eenheid Voorbeeld")
    orders_before = len(tasks(app, family, "restraining_order"))
    client = as_user("politie")
    response = post_form(client, form_path(family, "rihg"), {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(), "level": "high",
        "outcome": "Twee rode signalen bij de pleger.",
        **rihg(perpetrator_red=2, perpetrator_blue=3, incident_red=1, incident_yellow=4, family_blue=2)})
    assert response.status_code == 302
    [assessment] = assessments_since(app, before)
    assert (assessment.level, assessment.points_to_restraining_order) == ("high", True)
    order = tasks(app, family, "restraining_order")[orders_before]
    assert order.organisation_id == police and order.state == "open"
    assert order.title_nl.startswith("Huisverbod overwegen: de RiHG van")
    assert clock.today() < order.due_on <= clock.today() + timedelta(days=5)  # the next working day
    assert all(t.state == "done" for t in tasks(app, family, "police_risk_assessment"))
    with app.app_context():
        # the resulting level and each part's reds can be asked of the database
        reds = db.session.scalars(select(RiskAssessmentAnswer.item).where(
            RiskAssessmentAnswer.assessment_id == assessment.id, RiskAssessmentAnswer.item.like("%_red"))).all()
        assert sorted(reds) == ["incident_red", "perpetrator_red"]
        assert db.session.scalar(select(func.count()).select_from(RiskAssessment).where(
            RiskAssessment.dossier_id == family, RiskAssessment.level == "high")) >= 1
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    assert ("De risicotaxatie is vastgelegd. Er is een taak toegevoegd om over het tijdelijk huisverbod "
            "te besluiten.") in html
    section = html[html.index('id="risicotaxaties"'):]
    assert "RiHG (politie: risicotaxatie huiselijk geweld)" in section
    assert "wijst op een tijdelijk huisverbod" in section and "Rob van Dijk, Politie Eenheid Voorbeeld" in section
    detail = client.get(f"/dossiers/{family}/risicotaxaties/{assessment.id}").get_data(as_text=True)
    assert "Rode signalen (hoog risico)" in detail and "niet ingevuld" in detail


def test_reds_spread_over_the_parts_do_not_point_to_a_restraining_order(app, family, as_user):
    orders_before = len(tasks(app, family, "restraining_order"))
    before = last_id(app)
    response = post_form(as_user("regisseur"), form_path(family, "rihg"), {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(), "level": "moderate",
        "outcome": "Ingevuld met de politie in het MDO.", **rihg(perpetrator_red=1, incident_red=1, family_red=1)})
    assert response.status_code == 302
    [assessment] = assessments_since(app, before)
    assert assessment.points_to_restraining_order is False
    assert len(tasks(app, family, "restraining_order")) == orders_before


def test_a_coordinators_rihg_gives_the_police_on_the_team_the_restraining_order_task(app, family, as_user):
    orders_before = len(tasks(app, family, "restraining_order"))
    response = post_form(as_user("regisseur"), form_path(family, "rihg"), {
        "instrument": "rihg", "assessed_on": clock.today().isoformat(), "level": "high",
        "outcome": "Ingevuld met de politie in het MDO.", **rihg(incident_red=3)})
    assert response.status_code == 302
    order = tasks(app, family, "restraining_order")[orders_before]
    assert order.organisation_id == org_id(app, "Politie Eenheid Voorbeeld")


def test_a_risk_assessment_is_checked_and_the_input_is_kept(app, family, as_user):
    client = as_user("politie")
    before, orders_before = last_id(app), len(tasks(app, family, "restraining_order"))
    base = {"instrument": "rihg", "assessed_on": clock.today().isoformat(), "level": "high",
            "outcome": "Rode signalen in deel 1."}
    cases = (
        ({**rihg(perpetrator_red=9, incident_blue=9, family_yellow=3)},
         "De RiHG heeft 20 signalen; er zijn er 21 ingevuld."),
        ({**rihg(perpetrator_red="twee")}, "Vul een heel getal van 0 of meer in."),
        ({}, "Vul per deel in hoeveel signalen rood, blauw en geel zijn."),
        ({**rihg(perpetrator_red=2), "level": ""}, "Kies het risiconiveau dat uit de taxatie volgt."),
        ({**rihg(perpetrator_red=2), "outcome": "  "}, "Beschrijf de uitkomst van de risicotaxatie."),
        ({**rihg(perpetrator_red=2), "assessed_on": (clock.today() + timedelta(days=1)).isoformat()},
         "Deze datum kan niet in de toekomst liggen."),
        ({**rihg(perpetrator_red=2), "assessed_on": ""}, "Vul de datum van de risicotaxatie in."),
    )
    for data, message in cases:
        response = post_form(client, form_path(family, "rihg"), {**base, **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert html.count(message) == 2, message  # in the summary and at its field
        if data.get("outcome", base["outcome"]).strip():
            assert data.get("outcome", base["outcome"]) in html, message
        if "item_perpetrator_red" in data:
            assert f'value="{data["item_perpetrator_red"]}"' in html, message
    b_safer = post_form(client, form_path(family, "b_safer"), {**base, "instrument": "b_safer",
                                                                 "item_violent_acts_now": "present"})
    assert b_safer.status_code == 422 and b_safer.get_data(as_text=True).count("Beantwoord dit onderdeel.") == 38
    assert assessments_since(app, before) == []
    assert len(tasks(app, family, "restraining_order")) == orders_before


def test_only_the_team_records_risk_assessments(app, family, as_user):
    for outsider in ("buiten", "reclassering", "school"):
        assert as_user(outsider).get(form_path(family)).status_code == 404, outsider
        assert as_user(outsider).get(form_path(family, "rihg")).status_code == 404, outsider


def test_no_risk_assessment_once_the_case_has_ended(app, demo, as_user):
    with app.app_context():
        closed = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Smit"))
    client = as_user("regisseur")
    assert "Risicotaxatie vastleggen" not in client.get(f"/dossiers/{closed}").get_data(as_text=True)
    response = client.get(form_path(closed, "rihg"))
    assert response.status_code == 302
    assert "Deze casus is beëindigd" in client.get(response.headers["Location"]).get_data(as_text=True)
