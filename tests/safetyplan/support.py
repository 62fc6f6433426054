"""Helpers for the safety plan tests: ids from the demo region and the plan form as a browser
posts it."""
import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.safetyplan.models import SafetyAgreement, SafetyPlan
from tests.support.web import csrf_token, login

PARTS = {
    "danger_statement": "Herhaald partnergeweld waar Daan en Lina getuige van zijn.",
    "warning_signals": "Vader drinkt weer; dreigende taal.",
    "consequences": "Bij overtreding belt moeder direct de politie.",
    "network_support": "Oma Ria belt dagelijks.",
    "supervision": "De casusregisseur; evaluatie over zes weken in het casusoverleg.",
}


def dossier_id(app, reference: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def org_id(app, name_part: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name.contains(name_part)))


def person_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.name == name))


def edit_path(dossier: int) -> str:
    return f"/dossiers/{dossier}/veiligheidsplan/bewerken"


def plan_form(client, dossier: int) -> tuple[str, dict]:
    """The form page and the values a browser would send back unchanged."""
    html = client.get(edit_path(dossier)).get_data(as_text=True)
    values = {"csrf_token": csrf_token(html)}
    for tag in re.findall(r'<input[^>]*>', html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name is None or value is None or name.group(1) == "csrf_token":
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                values.setdefault(name.group(1), []).append(value.group(1))
            continue
        values[name.group(1)] = value.group(1)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', html, re.S):
        values[name] = unescape(body)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', options)
        values[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    return html, values


def agreement(index: int, description: str, responsible: str, due_on: str) -> dict:
    return {f"agreements-{index}-description": description, f"agreements-{index}-responsible": responsible,
            f"agreements-{index}-due_on": due_on}


def save(client, dossier: int, **changes):
    """Opens the form, changes ``changes`` and saves, like a user does."""
    _html, values = plan_form(client, dossier)
    values.update(changes)
    return client.post(edit_path(dossier), data=values)


def plans(app, dossier: int) -> list[SafetyPlan]:
    with app.app_context():
        rows = db.session.scalars(select(SafetyPlan).where(SafetyPlan.dossier_id == dossier)
                                  .options(selectinload(SafetyPlan.confirmations),
                                           selectinload(SafetyPlan.agreements).selectinload(SafetyAgreement.withheld),
                                           selectinload(SafetyPlan.withheld_parts))
                                  .order_by(SafetyPlan.version)).all()
        db.session.expunge_all()
        return rows


def confirm(client, dossier: int, version: int):
    html = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    return client.post(f"/dossiers/{dossier}/veiligheidsplan/bevestigen",
                       data={"version": version, "csrf_token": csrf_token(html)})


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "plan.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout


def user_client(app, username: str):
    """A test client of its own, logged in as ``username``."""
    client = app.test_client()
    login(client, username)
    return client
