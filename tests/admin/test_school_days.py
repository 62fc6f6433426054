"""The region administrator's school days: when school starts and the school holidays, which set
when a Handle with Care signal is due."""
from datetime import date, time, timedelta

from sqlalchemy import select

from mda.core import clock
from mda.extensions import db
from mda.orgs.calendar import school_calendar
from mda.orgs.models import Region, SchoolHoliday
from tests.support.web import login, post_form

PAGE = "/beheer/schooldagen"


def holidays(app, region_id):
    with app.app_context():
        return [(h.name, h.first_day, h.last_day) for h in db.session.scalars(
            select(SchoolHoliday).where(SchoolHoliday.region_id == region_id).order_by(SchoolHoliday.first_day))]


def test_administrator_adds_a_school_holiday_and_it_moves_the_school_days(app, client, regions):
    login(client, "beheer", "pw")
    first = clock.today() + timedelta(days=30)
    last = first + timedelta(days=8)
    response = post_form(client, PAGE, {"name": " Herfstvakantie ", "first_day": first.isoformat(),
                                        "last_day": last.isoformat()})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert holidays(app, regions["here"]) == [("Herfstvakantie", first, last)]
    assert holidays(app, regions["elsewhere"]) == []
    page = client.get(PAGE).get_data(as_text=True)
    assert "Herfstvakantie" in page and "Schooldagen" in page
    with app.app_context():
        calendar = school_calendar(regions["here"])
        assert not any(calendar.is_school_day(first + timedelta(days=n)) for n in range(9))


def test_a_holiday_that_ends_before_it_starts_or_overlaps_is_refused(app, client, regions):
    login(client, "beheer", "pw")
    first = clock.today() + timedelta(days=30)
    response = post_form(client, PAGE, {"name": "Omgekeerd", "first_day": first.isoformat(),
                                        "last_day": (first - timedelta(days=1)).isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "De laatste dag kan niet vóór de eerste dag liggen." in html and 'value="Omgekeerd"' in html
    post_form(client, PAGE, {"name": "Kerstvakantie", "first_day": first.isoformat(),
                             "last_day": (first + timedelta(days=13)).isoformat()})
    response = post_form(client, PAGE, {"name": "Dubbel", "first_day": (first + timedelta(days=5)).isoformat(),
                                        "last_day": (first + timedelta(days=20)).isoformat()})
    assert response.status_code == 422
    assert "Deze schoolvakantie overlapt met Kerstvakantie" in response.get_data(as_text=True)
    response = post_form(client, PAGE, {"name": "Heel lang", "first_day": (first + timedelta(days=100)).isoformat(),
                                        "last_day": (first + timedelta(days=300)).isoformat()})
    assert response.status_code == 422 and "hoogstens 13 weken" in response.get_data(as_text=True)
    assert [name for name, _, _ in holidays(app, regions["here"])] == ["Kerstvakantie"]


def test_administrator_sets_when_school_starts(app, client, regions):
    login(client, "beheer", "pw")
    assert 'value="08:30"' in client.get(PAGE).get_data(as_text=True)
    response = post_form(client, f"{PAGE}/begintijd", {"start-starts_at": "08:15"}, token_page=PAGE)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Region, regions["here"]).school_starts_at == time(8, 15)
        assert db.session.get(Region, regions["elsewhere"]).school_starts_at == time(8, 30)
    response = post_form(client, f"{PAGE}/begintijd", {"start-starts_at": "13:00"}, token_page=PAGE)
    assert response.status_code == 422
    assert "Vul een tijd tussen 07:00 en 10:00 in." in response.get_data(as_text=True)


def test_administrator_deletes_a_holiday_of_the_own_region_only(app, client, regions):
    with app.app_context():
        theirs = SchoolHoliday(region_id=regions["elsewhere"], first_day=date(2031, 7, 12), last_day=date(2031, 8, 24),
                               name="Zomervakantie Elders")
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    login(client, "beheer", "pw")
    assert post_form(client, f"{PAGE}/{theirs_id}/verwijderen", {}, token_page=PAGE).status_code == 404
    login(other := app.test_client(), "beheer2", "pw")
    assert post_form(other, f"{PAGE}/{theirs_id}/verwijderen", {}, token_page=PAGE).status_code == 302
    assert holidays(app, regions["elsewhere"]) == []


def test_only_the_administrator_sees_the_school_days(app, client, regions):
    login(client, "coord", "pw")
    assert client.get(PAGE).status_code == 404
    assert post_form(client, f"{PAGE}/begintijd", {"start-starts_at": "08:00"}, token_page="/dossiers").status_code \
        == 404
