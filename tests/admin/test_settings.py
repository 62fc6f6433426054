"""The administration's start page links every section; the region's review thresholds and cadence
and its retention periods are set with their defaults from workflows/, take effect at once, and go
back to the defaults with one button. Out-of-range values are refused with the input kept."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.operations import create_dossier
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.orgs.models import Region
from tests import factories as make
from tests.support.web import form_post, login, token_for
from workflows import DEFAULT_LADDER, REVIEW_CADENCE, STALL_DEFAULTS, review_interval

REVIEWS = "/beheer/veiligheidsscores"
RETENTION = "/beheer/bewaartermijnen"
SECTIONS = ("/beheer/organisaties", "/beheer/gebruikers", "/beheer/sluitingsdagen", "/beheer/schooldagen",
            REVIEWS, "/beheer/escalatie", RETENTION, "/beheer/noodtoegang", "/beheer/e-mail")


@pytest.fixture
def setup(app):
    with app.app_context():
        region = make.region()
        make.user(make.organisation(region, "ZVH Regio", "zvh"), "beheer", "admin", password="pw")
        coordinator = make.user(make.organisation(region, "Wijkteam Noord"), "coord", "coordinator", password="pw")
        db.session.commit()
        return {"region": region.id, "coord": coordinator.id}


@pytest.fixture
def admin(app, setup):
    client = app.test_client()
    login(client, "beheer", "pw")
    return client


def region(app, region_id) -> Region:
    with app.app_context():
        row = db.session.get(Region, region_id)
        db.session.expunge(row)
        return row


def review_values(**changes):
    return {"partner_minimum": "2", "closing_gap_days": "42", "safety_threshold": "", "closing_threshold": "",
            "days_safety": "", "days_risk_care": "", "days_recovery": "", "days_monitoring": "", **changes}


def test_the_administrator_lands_on_a_start_page_that_links_every_section(app, setup):
    client = app.test_client()
    assert login(client, "beheer", "pw").headers["Location"] == "/beheer"
    page = client.get("/beheer").get_data(as_text=True)
    assert "<h1 class=\"utrecht-heading-1\">Beheer van Regio Test</h1>" in page
    for section in SECTIONS:
        assert f'href="{section}"' in page, section
        assert client.get(section).status_code == 200, section
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    assert coordinator.get("/beheer").status_code == 404
    assert 'href="/beheer"' not in coordinator.get("/taken").get_data(as_text=True)
    for section in SECTIONS[:2] + (RETENTION,):
        assert coordinator.get(section).status_code == 404
    with app.app_context():
        refusal = select(AccessLogEntry.outcome).where(AccessLogEntry.username == "coord",
                                                       AccessLogEntry.object == "admin.home")
        assert db.session.scalar(refusal) == "denied"


def test_thresholds_and_cadence_take_effect_at_once(app, admin, setup):
    page = admin.get(REVIEWS).get_data(as_text=True)
    assert "standaard 6." in page and "standaard 8." in page and "Standaard 14 dagen." in page
    response = form_post(admin, REVIEWS, review_values(safety_threshold="5", closing_threshold="9", days_safety="7",
                                                       days_monitoring="60"), hidden=())
    assert response.status_code == 302
    saved = region(app, setup["region"])
    assert (saved.safety_threshold, saved.closing_threshold, saved.review_days_safety, saved.review_days_risk_care,
            saved.review_days_monitoring) == (5, 9, 7, None, 60)
    with app.app_context():
        overrides = task_context(setup["region"]).cadence_overrides
        assert review_interval("safety", overrides) == timedelta(days=7)
        assert review_interval("risk_care", overrides) == REVIEW_CADENCE["risk_care"]
        coordinator = db.session.get(make.User, setup["coord"])
        dossier = create_dossier(coordinator, reference="Gezin Nieuw", summary="", persons=[], signal={
            "reported_on": clock.today(), "reporter_kind": "police", "violence_type": "physical"})
        assert (dossier.safety_threshold, dossier.closing_threshold) == (5, 9)
        db.session.rollback()
        entry = db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.object == f"region.reviews:{setup['region']}", AccessLogEntry.action == "update"))
        assert entry.username == "beheer" and "safety_threshold None->5" in entry.detail
    page = admin.get(REVIEWS).get_data(as_text=True)
    assert 'name="days_safety" type="number" value="7"' in page
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    help_page = coordinator.get("/hulp/workflow").get_data(as_text=True)
    assert "elke 1 week" in help_page and "elke 60 dagen" in help_page and "elke 2 weken" not in help_page


def test_out_of_range_review_settings_are_refused_with_the_input_kept(app, admin, setup):
    for values, message in (({"safety_threshold": "11"}, "Vul een score in van 0 tot en met 10"),
                            ({"days_recovery": "3"}, "Vul een aantal dagen in van 7 tot en met 182"),
                            ({"safety_threshold": "7", "closing_threshold": "5"},
                             "De score om een casus af te sluiten (5) kan niet lager zijn dan de score om fase 1 te "
                             "verlaten (7)."),
                            ({"closing_threshold": "4"},
                             "(4) kan niet lager zijn dan de score om fase 1 te verlaten (6)")):
        response = form_post(admin, REVIEWS, review_values(**values), hidden=())
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html, values
        for name, value in values.items():
            assert f'name="{name}" type="number" value="{value}"' in html
    assert region(app, setup["region"]).safety_threshold is None


def test_review_settings_go_back_to_the_defaults(app, admin, setup):
    form_post(admin, REVIEWS, review_values(partner_minimum="4", closing_gap_days="60", safety_threshold="5",
                                            days_safety="10"), hidden=())
    response = admin.post(f"{REVIEWS}/standaard", data={"csrf_token": token_for(admin, REVIEWS)})
    assert response.status_code == 302
    saved = region(app, setup["region"])
    assert (saved.review_partner_minimum, saved.closing_review_gap_days, saved.safety_threshold,
            saved.review_days_safety) == (2, 42, None, None)
    assert "weer op de standaard" in admin.get(REVIEWS).get_data(as_text=True)


def test_retention_periods_are_set_refused_out_of_range_and_reset(app, admin, setup):
    page = admin.get(RETENTION).get_data(as_text=True)
    assert 'value="20"' in page and 'value="2"' in page
    short = form_post(admin, RETENTION, {"retention_years": "5", "application_retention_years": "2"}, hidden=())
    html = short.get_data(as_text=True)
    assert short.status_code == 422 and "Vul een aantal jaren in van 20 (de wettelijke termijn) tot en met 100." in html
    assert 'name="retention_years" type="number" value="5"' in html
    assert region(app, setup["region"]).retention_years == 20
    assert form_post(admin, RETENTION, {"retention_years": "25", "application_retention_years": "3"},
                     hidden=()).status_code == 302
    assert (region(app, setup["region"]).retention_years, region(app, setup["region"]).application_retention_years) \
        == (25, 3)
    assert admin.post(f"{RETENTION}/standaard", data={"csrf_token": token_for(admin, RETENTION)}).status_code == 302
    assert (region(app, setup["region"]).retention_years, region(app, setup["region"]).application_retention_years) \
        == (20, 2)
    with app.app_context():
        details = db.session.scalars(select(AccessLogEntry.detail).where(
            AccessLogEntry.object == f"region.retention:{setup['region']}", AccessLogEntry.action == "update")
            .order_by(AccessLogEntry.id)).all()
        assert details == ["retention_years 20->25 application_retention_years 2->3",
                           "retention_years 25->20 application_retention_years 3->2"]


def test_escalation_rules_go_back_to_the_defaults(app, admin, setup):
    with app.app_context():
        row = db.session.get(Region, setup["region"])
        row.stall_no_progress_days, row.escalation_ladder = 40, "steering"
        db.session.commit()
    response = admin.post("/beheer/escalatie/standaard", data={"csrf_token": token_for(admin, "/beheer/escalatie")})
    assert response.status_code == 302
    saved = region(app, setup["region"])
    assert saved.stall_thresholds == STALL_DEFAULTS and saved.ladder == DEFAULT_LADDER


def test_others_cannot_reset_settings(app, setup):
    coordinator = app.test_client()
    login(coordinator, "coord", "pw")
    token = token_for(coordinator, "/taken")
    for path in (f"{REVIEWS}/standaard", f"{RETENTION}/standaard", "/beheer/escalatie/standaard", RETENTION):
        assert coordinator.post(path, data={"csrf_token": token, "retention_years": "99",
                                            "application_retention_years": "9"}).status_code == 404
    assert region(app, setup["region"]).retention_years == 20
