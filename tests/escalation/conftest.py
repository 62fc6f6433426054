"""A region with an escalation ladder to climb: a local team with its case coordinator and team
lead, partners on the family's team, the Zorg- en Veiligheidshuis's procesregisseur, the steering
group, and another local team with its own team lead; the family's case in phase 1."""
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.protection import force_state
from mda.extensions import db
from tests import factories as make


def moment(day, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.ZONE)


def quiet_since(dossier, days: int) -> None:
    """The case's last progress was ``days`` days ago."""
    db.session.execute(update(Dossier).where(Dossier.id == dossier.id)
                       .values(last_progress_at=moment(clock.today() - timedelta(days=days)))
                       .execution_options(synchronize_session="fetch"))
    db.session.flush()


def build_ladder(password: str = "secret-pass", commit: bool = True) -> SimpleNamespace:
    reg = make.region("Regio Ladder")
    team = make.organisation(reg, "Wijkteam Ladder")
    vt = make.organisation(reg, "Veilig Thuis Ladder", "vt")
    police = make.organisation(reg, "Politie Ladder", "police")
    care = make.organisation(reg, "GGZ Ladder", "care")
    zvh_org = make.organisation(reg, "Zorg- en Veiligheidshuis Ladder", "zvh")
    steering_org = make.organisation(reg, "Stuurgroep Ladder", "steering")
    other_team = make.organisation(reg, "Wijkteam Elders")
    people = SimpleNamespace(
        region=reg, team=team, vt=vt, police=police, care=care, zvh_org=zvh_org,
        coordinator=make.user(team, "coord", "coordinator", password),
        lead=make.user(team, "lead", "team_lead", password),
        officer=make.user(police, "agent", password=password),
        therapist=make.user(care, "therapeut", password=password),
        zvh=make.user(zvh_org, "procesregisseur", password=password),
        steering=make.user(steering_org, "stuur", "steering", password),
        other_coordinator=make.user(other_team, "coord2", "coordinator", password),
        other_lead=make.user(other_team, "lead2", "team_lead", password),
        admin=make.user(zvh_org, "beheer", "admin", password),
    )
    people.case = make.dossier(people.coordinator, "Gezin Ladder", partners=[vt, police, care],
                               persons=("Iris Ladder",))
    force_state(people.case, "safety")
    if commit:
        db.session.commit()
    return people


@pytest.fixture
def ladder(app_ctx):
    return build_ladder()


@pytest.fixture
def ids(app):
    """The ladder's rows by id, for tests that drive the app through its pages."""
    with app.app_context():
        people = build_ladder("pw")
        return SimpleNamespace(**{name: row.id for name, row in vars(people).items()})
