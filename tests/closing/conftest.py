"""A family's case in monitoring whose safety has held in two multidisciplinary reviews: all it
lacks to close is a partner that accepted zicht op veiligheid. Its team: the coordinator's local
team, Veilig Thuis, the police and the public prosecutor; a care provider of the region is not on it."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mda.core import clock
from mda.engine.protection import force_state
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.reviews.models import PartnerScore, SafetyReview
from tests import factories as make

PASSWORD = "secret-pass"


def held_safety(dossier, scorers, *days_ago: int) -> None:
    """Closed reviews with a team score of 9, scored by every organisation of ``scorers``."""
    for days in days_ago:
        review = SafetyReview(dossier_id=dossier.id, phase="monitoring", held_on=clock.today() - timedelta(days=days),
                              team_score=9, author_id=dossier.coordinator_id)
        db.session.add(review)
        db.session.flush()
        for organisation in scorers:
            db.session.add(PartnerScore(review_id=review.id, organisation_id=organisation.id, score=9,
                                        user_id=dossier.coordinator_id))
    db.session.flush()


def build_world() -> SimpleNamespace:
    reg = make.region("Regio Afsluiten")
    team = make.organisation(reg, "Wijkteam Noord")
    vt = make.organisation(reg, "Veilig Thuis Test", "vt")
    police = make.organisation(reg, "Politie Test", "police")
    om = make.organisation(reg, "Openbaar Ministerie Test", "om")
    care = make.organisation(reg, "GGZ Test", "care")
    world = SimpleNamespace(
        region=reg, team=team, vt=vt, police=police, om=om, care=care,
        coordinator=make.user(team, "coord", "coordinator", PASSWORD),
        vt_user=make.user(vt, "vt", password=PASSWORD),
        officer=make.user(police, "agent", password=PASSWORD),
        prosecutor=make.user(om, "ovj", password=PASSWORD),
        therapist=make.user(care, "therapeut", password=PASSWORD),
    )
    world.case = make.dossier(world.coordinator, "Gezin Motor", partners=[vt, police, om], persons=("Iris Motor",))
    world.case.signals[0].reported_on = clock.today() - timedelta(days=200)
    force_state(world.case, "monitoring")
    held_safety(world.case, [team, vt, police], 50, 2)
    db.session.commit()
    return world


@pytest.fixture
def world(app_ctx):
    return build_world()


@pytest.fixture
def ids(app):
    """The world's rows by id, for tests that drive the app through its pages."""
    with app.app_context():
        world = build_world()
        return SimpleNamespace(**{name: row.id for name, row in vars(world).items()})


def inbox(user_id: int) -> list[tuple[str, str]]:
    return [(row.kind, row.url) for row in db.session.scalars(
        select(InboxItem).where(InboxItem.user_id == user_id).order_by(InboxItem.id))]
