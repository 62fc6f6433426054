"""Two regions for the administration tests."""
from datetime import timedelta

import pytest

from mda.core import clock
from mda.extensions import db
from mda.orgs.models import ClosedDay
from tests import factories as make


@pytest.fixture
def regions(app):
    """An administrator and a coordinator in one region; another region with its own closed day."""
    with app.app_context():
        here, elsewhere = make.region(), make.region("Regio Elders")
        make.user(make.organisation(here, "ZVH Regio", "zvh"), "beheer", "admin", password="pw")
        make.user(make.organisation(here, "Wijkteam Noord"), "coord", "coordinator", password="pw")
        make.user(make.organisation(elsewhere, "ZVH Elders", "zvh"), "beheer2", "admin", password="pw")
        other = ClosedDay(region_id=elsewhere.id, day=clock.today() + timedelta(days=20),
                          description="Dag Elders")
        db.session.add(other)
        db.session.commit()
        return {"here": here.id, "elsewhere": elsewhere.id, "other_day": other.id}
