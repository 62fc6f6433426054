"""Who looked at a person's data: the access log as a person has a right to see it."""
import csv
import io

from sqlalchemy import or_, select

from mda.audit.models import AccessLogEntry
from mda.extensions import db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def entries_about(dossier_id: int, person_id: int) -> list[AccessLogEntry]:
    """Entries about this person, and entries on the whole dossier, which shows their data."""
    stmt = (select(AccessLogEntry)
            .where(AccessLogEntry.dossier_id == dossier_id,
                   or_(AccessLogEntry.person_id == person_id, AccessLogEntry.person_id.is_(None)),
                   AccessLogEntry.action.in_(("view", "create", "update", "export", "transfer")))
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.seq.desc()))
    return list(db.session.scalars(stmt))


def as_csv(entries: list[AccessLogEntry], labels: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(labels[key]) for key in ("when", "who", "organisation", "role", "action", "purpose",
                                                  "outcome", "address")])
    for entry in entries:
        writer.writerow([safe_cell(v) for v in (
            entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.username, entry.organisation_name, entry.role,
            entry.action, entry.purpose, entry.outcome, entry.client_address)])
    return out.getvalue()
