import pytest

from mda.extensions import db
from tests import factories as make


@pytest.fixture
def region_setup(app):
    """A small region: a coordinator's local team, police on one team, an outsider."""
    with app.app_context():
        reg = make.region()
        team = make.organisation(reg, "Wijkteam Noord")
        police = make.organisation(reg, "Politie Eenheid", "police")
        make.organisation(reg, "GGZ Zorg", "care")
        school = make.organisation(reg, "De School", "school")
        coordinator = make.user(team, "coord", "coordinator", password="pw")
        make.user(police, "agent", password="pw")
        make.user(make.organisation(reg, "Wijkteam Zuid"), "ander", "coordinator", password="pw")
        dossier = make.dossier(coordinator, "Gezin Eerste", partners=[police], persons=("Ria Eerste",))
        ids = {"dossier": dossier.id, "team": team.id, "police": police.id, "school": school.id}
        db.session.commit()
    return ids
