"""The help page shows the workflows as generated from ``workflows/``, in Dutch and English."""
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape

import pytest

from mda.core import clock
from mda.extensions import db
from mda.orgs.models import ClosedDay
from tests import factories as make
from tests.support.web import csrf_token, login
from workflows import CASE_WORKFLOW, GUARD_DESCRIPTIONS, REVIEW_CADENCE, WORKFLOWS, workflow_svg

SPECS = tuple(WORKFLOWS.values())
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture
def people(app):
    """One user of every role, and a closed day in this region and in another one."""
    with app.app_context():
        here, elsewhere = make.region(), make.region("Regio Elders")
        team = make.organisation(here, "Wijkteam Noord")
        zvh = make.organisation(here, "ZVH Regio", "zvh")
        steering = make.organisation(here, "Stuurgroep", "steering")
        school = make.organisation(here, "De School", "school")
        make.user(team, "coord", "coordinator", password="pw")
        make.user(school, "juf", password="pw")
        make.user(steering, "stuur", "steering", password="pw")
        make.user(zvh, "beheer", "admin", password="pw")
        soon = clock.today() + timedelta(days=30)
        db.session.add_all([ClosedDay(region_id=here.id, day=soon, description="Regiodag Noord"),
                            ClosedDay(region_id=elsewhere.id, day=soon, description="Dag Elders")])
        db.session.commit()


def page_text(client) -> str:
    response = client.get("/hulp/workflow")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_help_page_needs_a_login(client, people):
    response = client.get("/hulp/workflow")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("username", ["coord", "juf", "stuur", "beheer"])
def test_every_logged_in_user_may_read_it(client, people, username):
    login(client, username, "pw")
    assert "Zo verloopt een casus" in page_text(client)


def test_every_state_step_and_condition_is_shown_in_dutch(client, people):
    login(client, "coord", "pw")
    page = unescape(page_text(client))
    assert '<html lang="nl"' in page
    for spec in SPECS:
        assert spec.label.nl in page
        for state in spec.states:
            assert state.label.nl in page, state.name
        for transition in spec.transitions:
            assert transition.label.nl in page, transition.event
    for name, description in GUARD_DESCRIPTIONS.items():
        assert description.nl in page, name


def test_english_after_switching_language(client, people):
    login(client, "coord", "pw")
    html = page_text(client)
    client.post("/taal", data={"lang": "en", "next": "/hulp/workflow", "csrf_token": csrf_token(html)})
    page = unescape(page_text(client))
    assert '<html lang="en"' in page and "How a case runs" in page
    for spec in SPECS:
        for state in spec.states:
            assert state.label.en in page, state.name
        for transition in spec.transitions:
            assert transition.label.en in page, transition.event
    for name, description in GUARD_DESCRIPTIONS.items():
        assert description.en in page, name
        assert description.nl not in page, name


def test_diagrams_are_inline_svg_that_parses_and_obeys_the_csp(client, people):
    login(client, "coord", "pw")
    response = client.get("/hulp/workflow")
    html = response.get_data(as_text=True)
    pictures = SVG.findall(html)
    assert len(pictures) == len(SPECS)
    for svg, spec in zip(pictures, SPECS, strict=True):
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert {g.get("data-state") for g in root.iter("{http://www.w3.org/2000/svg}g")
                if g.get("class") == "state"} == set(spec.state_names)
        assert svg == workflow_svg(spec, "nl")
    # The CSP forbids inline styles; the pictures use presentation attributes only.
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<style" not in html and " style=" not in html


def test_review_cadences_and_working_days(client, people):
    login(client, "coord", "pw")
    page = unescape(page_text(client))
    for phase in REVIEW_CADENCE:
        assert CASE_WORKFLOW.state(phase).label.nl in page
    assert "elke 2 weken" in page and "elke 6 weken" in page and "elke 13 weken" in page
    assert "5 mei (elk jaar" in page
    assert "Sluitingsdag van de regio: Regiodag Noord" in page
    assert "Dag Elders" not in page
    assert "Algemeen erkende feestdag" in page


def test_handle_with_care_says_when_the_school_must_have_the_signal(app, client, people):
    from datetime import time

    from mda.orgs.models import Region, SchoolHoliday
    with app.app_context():
        region = db.session.scalar(db.select(Region).where(Region.name == "Regio Test"))
        region.school_starts_at = time(8, 15)
        db.session.add(SchoolHoliday(region_id=region.id, first_day=clock.today() + timedelta(days=10),
                                     last_day=clock.today() + timedelta(days=18), name="Herfstvakantie"))
        db.session.commit()
    login(client, "juf", "pw")
    page = unescape(page_text(client))
    assert "Handle with Care: vóór de volgende schooldag" in page
    assert "in uw regio om 08:15" in page and "Herfstvakantie" in page
