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


@pytest.fixture
def ladder(app_ctx):
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
        coordinator=make.user(team, "coord", "coordinator"),
        lead=make.user(team, "lead", "team_lead"),
        officer=make.user(police, "agent"),
        therapist=make.user(care, "therapeut"),
        zvh=make.user(zvh_org, "procesregisseur"),
        steering=make.user(steering_org, "stuur", "steering"),
        other_coordinator=make.user(other_team, "coord2", "coordinator"),
        other_lead=make.user(other_team, "lead2", "team_lead"),
    )
    people.case = make.dossier(people.coordinator, "Gezin Ladder", partners=[vt, police, care],
                               persons=("Iris Ladder",))
    force_state(people.case, "safety")
    db.session.commit()
    return people
