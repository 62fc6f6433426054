"""Who looked at a person's data: the access log as a person has a right to see it.

A person's report holds the entries about them and those on their whole dossier, the dossier
appearing in a list (a "search" entry that names it), and the looks at the application that
became the dossier's intake from before the dossier existed: those entries name the application
(``application:<id>``) and no dossier. The log itself is never rewritten to link them."""
import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from mda.audit.models import AccessLogEntry
from mda.extensions import db
from mda.labels import ACCESS_ACTION
from mda.intake.models import Application

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPORTED_ACTIONS = ("view", "search", "create", "update", "export", "transfer")
APPLICATION = "application:"
APPLICATION_ACTION = {
    "view": _l("Application viewed"),
    "search": _l("Application seen in a list"),
    "create": _l("Application made"),
    "update": _l("Application changed"),
}
LISTED = {
    "task.list": _l("Seen in the task list"),
    "dossier.list": _l("Seen in the list or search results of dossiers"),
    "conference.agenda": _l("Seen on the agenda of case conferences"),
    "application.dossier_choice": _l("Seen in the choice of family for an application"),
    "radar": _l("Found by the radar: told that the person is known in this dossier"),
}
LISTED_ELSEWHERE = _l("Seen in a list")


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def action_label(entry: AccessLogEntry) -> str:
    """What the entry means to the person it is about, in a few words."""
    if entry.object.startswith(APPLICATION) and entry.action in APPLICATION_ACTION:
        return APPLICATION_ACTION[entry.action]
    if entry.action == "search":
        return LISTED.get(entry.object, LISTED_ELSEWHERE)
    return ACCESS_ACTION.get(entry.action, entry.action)


def _before_the_dossier(dossier_id: int):
    """Entries on the dossier's intake application while it had no dossier yet: from its creation
    until the triage decision that opened the dossier."""

    windows = db.session.execute(
        select(Application.id, Application.created_at, Application.decided_at)
        .where(Application.dossier_id == dossier_id, Application.for_existing_dossier.is_(False),
               Application.decided_at.is_not(None))).all()
    return [and_(AccessLogEntry.dossier_id.is_(None), AccessLogEntry.object == f"{APPLICATION}{row.id}",
                 AccessLogEntry.at >= row.created_at, AccessLogEntry.at <= row.decided_at)
            for row in windows]


def entries_about(dossier_id: int, person_id: int) -> list[AccessLogEntry]:
    """Entries about this person, entries on the whole dossier (which shows their data), and on
    the application that became the dossier's intake, newest first: two queries. Entries not yet
    sequenced are as real as the others and are among them."""
    in_dossier = and_(AccessLogEntry.dossier_id == dossier_id,
                      or_(AccessLogEntry.person_id == person_id, AccessLogEntry.person_id.is_(None)))
    stmt = (select(AccessLogEntry)
            .where(or_(in_dossier, *_before_the_dossier(dossier_id)),
                   AccessLogEntry.action.in_(REPORTED_ACTIONS))
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()))
    return list(db.session.scalars(stmt))


CSV_COLUMNS = ("when", "who", "on_behalf_of", "organisation", "role", "action", "description", "purpose",
               "outcome", "address")


def as_csv(entries: list[AccessLogEntry], labels: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(labels[key]) for key in CSV_COLUMNS])
    for entry in entries:
        writer.writerow([safe_cell(v) for v in (
            entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.username, entry.on_behalf_of, entry.organisation_name,
            entry.role, entry.action, str(action_label(entry)), entry.purpose, entry.outcome,
            entry.client_address)])
    return out.getvalue()
