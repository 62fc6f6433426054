"""The region administrator's closed days: listing, adding, refusing, deleting, and their effect
on due dates."""
from datetime import timedelta

from babel.dates import format_date
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.orgs.models import ClosedDay
from tests.support.web import login, post_form

PAGE = "/beheer/sluitingsdagen"


def closed_days(app, region_id):
    with app.app_context():
        return [(row.day, row.description) for row in db.session.scalars(
            select(ClosedDay).where(ClosedDay.region_id == region_id).order_by(ClosedDay.day))]


def log_objects(app, prefix):
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.object.startswith(prefix))
                                  .order_by(AccessLogEntry.id))
        return [(e.username, e.action, e.outcome, e.object.split(":")[0]) for e in rows]


def test_administrator_adds_a_closed_day_and_sees_it_in_dutch(app, client, regions):
    login(client, "beheer", "pw")
    day = clock.today() + timedelta(days=40)
    response = post_form(client, PAGE, {"day": day.isoformat(), "description": "  Regiodag  "})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert closed_days(app, regions["here"]) == [(day, "Regiodag")]
    page = client.get(PAGE).get_data(as_text=True)
    assert format_date(day, "d MMMM y", locale="nl") in page and "Regiodag" in page
    assert "Dag Elders" not in page
    assert log_objects(app, "closed_day") == [("beheer", "update", "allowed", "closed_day.add")]


def test_a_date_the_region_already_has_is_refused_with_input_kept(app, client, regions):
    login(client, "beheer", "pw")
    day = clock.today() + timedelta(days=40)
    post_form(client, PAGE, {"day": day.isoformat(), "description": "Regiodag"})
    response = post_form(client, PAGE, {"day": day.isoformat(), "description": "Nog een keer"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze datum is al een sluitingsdag van uw regio." in html
    assert 'href="#day"' in html and 'aria-invalid="true"' in html
    assert 'value="Nog een keer"' in html and f'value="{day.isoformat()}"' in html
    assert closed_days(app, regions["here"]) == [(day, "Regiodag")]


def test_the_same_date_as_another_region_is_fine(app, client, regions):
    login(client, "beheer", "pw")
    with app.app_context():
        their_day = db.session.get(ClosedDay, regions["other_day"]).day
    response = post_form(client, PAGE, {"day": their_day.isoformat(), "description": "Ook bij ons"})
    assert response.status_code == 302
    assert closed_days(app, regions["here"]) == [(their_day, "Ook bij ons")]


def test_a_past_date_and_empty_fields_are_refused(app, client, regions):
    login(client, "beheer", "pw")
    yesterday = clock.today() - timedelta(days=1)
    response = post_form(client, PAGE, {"day": yesterday.isoformat(), "description": "Gisteren"})
    assert response.status_code == 422
    assert "Een sluitingsdag kan niet in het verleden liggen." in response.get_data(as_text=True)
    response = post_form(client, PAGE, {"day": "", "description": " "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul de datum van de sluitingsdag in." in html
    assert "Geef aan waarom de regio op deze dag gesloten is." in html
    assert closed_days(app, regions["here"]) == []
    assert log_objects(app, "closed_day") == []


def test_administrator_deletes_a_closed_day(app, client, regions):
    login(client, "beheer", "pw")
    day = clock.today() + timedelta(days=40)
    post_form(client, PAGE, {"day": day.isoformat(), "description": "Regiodag"})
    with app.app_context():
        row_id = db.session.scalar(select(ClosedDay.id).where(ClosedDay.region_id == regions["here"]))
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}/{row_id}/verwijderen" in page
    response = post_form(client, f"{PAGE}/{row_id}/verwijderen", {}, token_page=PAGE)
    assert response.status_code == 302
    assert closed_days(app, regions["here"]) == []
    assert [o for *_, o in log_objects(app, "closed_day")] == ["closed_day.add", "closed_day.delete"]


def test_another_regions_closed_day_cannot_be_deleted(app, client, regions):
    login(client, "beheer", "pw")
    response = post_form(client, f"{PAGE}/{regions['other_day']}/verwijderen", {}, token_page=PAGE)
    assert response.status_code == 404
    assert closed_days(app, regions["elsewhere"])[0][1] == "Dag Elders"
    assert log_objects(app, "closed_day") == [("beheer", "update", "denied", "closed_day.delete")]
    response = post_form(client, f"{PAGE}/999999/verwijderen", {}, token_page=PAGE)
    assert response.status_code == 404


def test_others_than_administrators_get_404(app, client, regions):
    login(client, "coord", "pw")
    assert client.get(PAGE).status_code == 404
    day = (clock.today() + timedelta(days=40)).isoformat()
    response = post_form(client, PAGE, {"day": day, "description": "X"}, token_page="/hulp/workflow")
    assert response.status_code == 404
    response = post_form(client, f"{PAGE}/{regions['other_day']}/verwijderen", {},
                         token_page="/hulp/workflow")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(ClosedDay.id))) == 1
    assert client.get("/hulp/workflow").get_data(as_text=True).count(PAGE) == 0


def test_a_new_closed_day_moves_due_dates(app, client, regions):
    with app.app_context():
        calendar = task_context(regions["here"]).calendar
        day = clock.today() + timedelta(days=14)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        start = calendar.previous_working_day(day)
        assert calendar.add_working_days(start, 1) == day
    login(client, "beheer", "pw")
    assert post_form(client, PAGE, {"day": day.isoformat(), "description": "Regiodag"}).status_code == 302
    with app.app_context():
        calendar = task_context(regions["here"]).calendar
        assert not calendar.is_working_day(day)
        assert calendar.add_working_days(start, 1) > day
        assert task_context(regions["elsewhere"]).calendar.add_working_days(start, 1) == day
