"""A person's right to know who looked at their data; CSV safe against formula injection; the
export needs the password again."""
import csv
import io

from sqlalchemy import select

from mda.audit.report import safe_cell
from mda.dossiers.models import Dossier
from mda.extensions import db
from tests.support.web import csrf_token, login


def ids(app, reference="Gezin Bakker-Yilmaz"):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
        return dossier.id, dossier.persons[0].id, dossier.persons[1].id


def test_coordinator_sees_who_looked_at_a_person(app, demo):
    dossier_id, person_id, _ = ids(app)
    officer = app.test_client()
    login(officer, "politie")
    officer.get(f"/dossiers/{dossier_id}")
    client = app.test_client()
    login(client, "regisseur")
    html = client.get(f"/dossiers/{dossier_id}/persons/{person_id}/inzage").get_data(as_text=True)
    assert "politie" in html and "Politie Eenheid Voorbeeld" in html and "Ingezien" in html
    assert officer.get(f"/dossiers/{dossier_id}/persons/{person_id}/inzage").status_code == 404


def test_csv_export_needs_reauthentication_and_is_logged(app, demo):
    dossier_id, person_id, _ = ids(app)
    client = app.test_client()
    login(client, "regisseur")
    path = f"/dossiers/{dossier_id}/persons/{person_id}/inzage.csv"
    with app.app_context():
        from mda.auth.models import UserSession
        from datetime import timedelta
        from mda.types import utcnow
        for row in db.session.scalars(select(UserSession)):
            row.reauthenticated_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
    first = client.get(path)
    assert first.status_code == 302 and first.headers["Location"].startswith("/herbevestigen")
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    wrong = client.post(first.headers["Location"], data={"password": "fout", "csrf_token": csrf_token(page)})
    assert wrong.status_code == 422
    confirmed = client.post(first.headers["Location"], data={"password": "demo", "csrf_token": csrf_token(page)})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].startswith(path)
    download = client.get(path)
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Wanneer" and len(rows) > 1
    from mda.audit.models import AccessLogEntry
    with app.app_context():
        exported = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "export",
                                                               AccessLogEntry.outcome == "allowed"))
        assert exported.person_id == person_id and exported.object == "person.access_report.csv"


def test_csv_cells_cannot_become_formulas():
    for dangerous in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("regisseur") == "regisseur" and safe_cell(None) == ""


def test_a_person_of_another_dossier_is_not_found(app, demo):
    dossier_id, _, _ = ids(app)
    _, other_person, _ = ids(app, "Gezin Kowalski")
    client = app.test_client()
    login(client, "regisseur")
    assert client.get(f"/dossiers/{dossier_id}/persons/{other_person}/inzage").status_code == 404
