"""The monitor page and its CSV export: who may see them, the period, suppression, the layout and
escaping of the export, re-authentication and the access log."""
import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.auth.models import UserSession
from mda.core import clock
from mda.extensions import db
from mda.monitor import export
from mda.monitor.figures import Figure, Result
from mda.monitor.indicators import BY_KEY
from mda.monitor.periods import Quarter, Scope
from mda.orgs.models import Region
from mda.types import utcnow
from tests.support.web import csrf_token, login


def entries(app, action):
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == action,
                                                                    AccessLogEntry.object.like("%monitor%"))
                                    .order_by(AccessLogEntry.id)))


@pytest.mark.parametrize("username", ["stuurgroep", "beheer"])
def test_the_steering_group_and_the_administrator_see_the_indicators_and_definitions(app, client, demo, username):
    login(client, username)
    response = client.get("/monitor")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Veiligheidsplan afgesproken" in page and "Gezinnen: de MDA++-gezinnen waarvan fase 1" in page
    assert "<svg" in page and "<table" in page and "Impactmonitor" in page
    viewed = entries(app, "view")
    assert viewed and viewed[-1].outcome == "allowed" and viewed[-1].username == username


@pytest.mark.parametrize("username", ["regisseur", "veiligthuis", "school", "teamleider", "buiten"])
def test_anyone_else_gets_the_same_404(app, client, demo, username):
    login(client, username)
    assert client.get("/monitor").status_code == 404
    assert client.get("/monitor/export.csv").status_code == 404
    assert "Impactmonitor" not in client.get("/dossiers").get_data(as_text=True)
    assert entries(app, "view")[-1].outcome == "denied"


def test_another_region_is_not_found(app, client, demo):
    with app.app_context():
        other = db.session.scalar(select(Region.id).where(Region.name != "Regio Voorbeeld").order_by(Region.id.desc()))
        own = db.session.scalar(select(Region.id).where(Region.name == "Regio Voorbeeld"))
    login(client, "stuurgroep")
    assert client.get(f"/monitor?regio={other}").status_code == 404
    assert client.get("/monitor?regio=x'").status_code == 404
    assert client.get("/monitor?regio=99999999999999999999").status_code == 404
    assert client.get(f"/monitor?regio={own}").status_code == 200


def test_a_wrong_period_is_explained_and_the_input_kept(app, client, demo):
    login(client, "stuurgroep")
    backwards = client.get("/monitor?start=2026-06-30&end=2026-01-01")
    page = backwards.get_data(as_text=True)
    assert backwards.status_code == 422
    assert "De periode moet eindigen op of na de eerste dag." in page
    assert 'value="2026-06-30"' in page and 'value="2026-01-01"' in page
    assert "Veiligheidsplan afgesproken" not in page
    future = (clock.today() + timedelta(days=1)).isoformat()
    page = client.get(f"/monitor?start=2026-01-01&end={future}").get_data(as_text=True)
    assert "De periode kan niet in de toekomst eindigen" in page and f'value="{future}"' in page
    assert client.get("/monitor?start=gisteren&end=2026-01-01").status_code == 422
    assert client.get("/monitor?start=2026-01-01&end=2026-02-01&organisation=999999").status_code == 422


def test_the_demo_shows_real_figures_and_hides_small_ones(app, client, demo):
    login(client, "stuurgroep")
    page = client.get("/monitor").get_data(as_text=True)
    assert 'data-figure="safety_plan_agreed"' in page
    assert "te weinig om te melden" in page  # a quarter of a few families


def _expire_reauthentication(app):
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()


def test_the_export_asks_for_the_password_again_and_is_logged(app, client, demo):
    login(client, "stuurgroep")
    _expire_reauthentication(app)
    path = "/monitor/export.csv?start=2025-12-01&end=" + clock.today().isoformat()
    first = client.get(path)
    assert first.status_code == 302 and first.headers["Location"].startswith("/herbevestigen")
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    confirmed = client.post(first.headers["Location"], data={"password": "demo", "csrf_token": csrf_token(page)})
    assert confirmed.status_code == 302
    download = client.get(confirmed.headers["Location"])
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == export.COLUMNS
    keys = {row[0] for row in rows[1:]}
    assert {"safety_plan_agreed", "re_reported_12m", "school_signal_in_time"} <= keys
    for row in rows[1:]:
        assert row[9] == "te weinig om te melden" and row[11] == "<10" or int(row[11]) >= 10
    exported = entries(app, "export")
    assert [e.outcome for e in exported] == ["denied", "allowed"]


def test_csv_layout_suppression_and_escaping():
    scope = Scope(1, date(2026, 1, 1), date(2026, 3, 31))
    quarter = Quarter("2026-Q1", date(2026, 1, 1), date(2026, 3, 31))
    results = [Result(BY_KEY["safety_plan_agreed"], Figure(75.5, 12), [(quarter, Figure(75.5, 12))]),
               Result(BY_KEY["days_to_safety_plan"], Figure(None, 4), [(quarter, Figure(None, 4))])]
    rows = list(csv.reader(io.StringIO(export.as_csv(results, scope, "=Regio", "@Org", "en").lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[1] == ["safety_plan_agreed", "Safety plan agreed", "'=Regio", "'@Org", "2026-01-01", "2026-03-31",
                       "period", "2026-01-01", "2026-03-31", "75.5", "%", "12"]
    assert rows[2][6:] == ["2026-Q1", "2026-01-01", "2026-03-31", "75.5", "%", "12"]
    assert rows[3][9:] == ["too few to report", "days", "<10"]
    assert len(rows) == 5
