"""Helpers for the intake tests: ids from the demo, and an application posted like a browser."""
from datetime import date, timedelta

from sqlalchemy import select

from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake.models import Application
from mda.orgs.models import Organisation
from tests.support.web import csrf_token, post_form

FAMILY = "Gezin Wolters"
PERSONS = ("Iris Wolters", "Dirk Wolters", "Guus Wolters")


def org_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def dossier_id(app, reference: str) -> int | None:
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def application(app, application_id: int) -> Application:
    with app.app_context():
        row = db.session.get(Application, application_id)
        db.session.expunge(row)
        return row


def form_data(app, action="submit", criteria=True, **overrides) -> dict:
    data = {
        "family_reference": FAMILY,
        "persons-0-name": PERSONS[0], "persons-0-role": "victim", "persons-0-date_of_birth": "1988-04-02",
        "persons-1-name": PERSONS[1], "persons-1-role": "perpetrator", "persons-1-date_of_birth": "1985-09-12",
        "persons-2-name": PERSONS[2], "persons-2-role": "child", "persons-2-date_of_birth": "2017-01-20",
        "reason": "Herhaald geweld, kinderen getuige.", "goal": "Eén plan voor het hele gezin.",
        "involved": [org_id(app, "Politie Eenheid Voorbeeld")],
        "signal_reported_on": (clock.today() - timedelta(days=3)).isoformat(), "signal_violence_type": "physical",
        "signal_acute": "y", "signal_description": "Politie-inzet na mishandeling.",
        "action": action,
    }
    if criteria:
        data.update({"criterion_incidents_repeat": "y", "explanation_incidents_repeat": "Drie incidenten dit jaar.",
                     "criterion_escalation_risk": "y", "explanation_escalation_risk": "Dreiging met een mes."})
    data.update(overrides)
    return data


def apply(client, app, path="/aanmeldingen/nieuw", **kwargs):
    return post_form(client, path, form_data(app, **kwargs))


def latest_application_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Application.id).order_by(Application.id.desc()).limit(1))


def plan(client, application_id: int, day: date | None = None):
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    version = application_version(client.application, application_id)
    return client.post(f"/aanmeldingen/{application_id}/plannen", data={
        "plan-held_on": (day or clock.today()).isoformat(), "plan-version": version,
        "csrf_token": csrf_token(page)})


def application_version(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).version_id


def decide(client, application_id: int, **data):
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    values = {"legal_basis": "meldcode", "reference": FAMILY,
              "version": application_version(client.application, application_id), "csrf_token": csrf_token(page)}
    values.update(data)
    return client.post(f"/aanmeldingen/{application_id}/besluit", data=values)
