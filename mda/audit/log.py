"""Writing access-log entries (NEN 7513).

In a request, ``record`` and ``record_many`` collect entries and the request boundary appends them
all in one statement just before it commits. Appending takes no lock: the entries wait in the log,
unsequenced, until the sequencer links them into the chain (``chain``, ``sequencer``), so a slow
request holds up nobody else's. When a request ends in an error its changes are rolled back and
its entries are written on their own: a read or a refusal is never lost from the log, and a change
that did not happen is recorded as refused. Outside a request (commands, scheduled jobs) entries
are appended at once. An anonymous refusal that repeats from one address is counted rather than
written (``refusals``).
"""
from collections.abc import Iterable

from flask import g, has_request_context, request
from flask_login import current_user

from mda.audit import chain, refusals
from mda.extensions import db

PURPOSE_BY_ROLE = {
    "coordinator": "case_coordination",
    "professional": "team_work",
    "steering": "steering",
    "admin": "administration",
}
WRITE_ACTIONS = frozenset({"create", "update"})


def _actor(user):
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    return user


def _values(action: str, *, dossier_id=None, person_id=None, outcome="allowed", object="", purpose=None,
            detail="", user=None, username="", on_behalf_of="") -> dict:
    user = _actor(user)
    in_request = has_request_context()
    return {
        "action": action,
        "dossier_id": dossier_id,
        "person_id": person_id,
        "outcome": outcome,
        "object": object[:200],
        "detail": detail,
        "user_id": user.id if user else None,
        "username": user.username if user else username[:80],
        "organisation_id": user.organisation_id if user else None,
        "organisation_name": user.organisation.name if user else "",
        "role": user.role if user else "",
        "on_behalf_of": on_behalf_of[:160],
        "purpose": purpose or (g.get("access_purpose") if in_request else None)
                   or (PURPOSE_BY_ROLE.get(user.role, "") if user else "authentication"),
        "client_address": (request.remote_addr or "") if in_request else "",
        "source": "mda-web" if in_request else "mda-cli",
    }


def _write(entries: list[dict]) -> None:
    if has_request_context():
        g.setdefault("audit_values", []).extend(entries)
    else:
        _append(entries)


def record(action: str, *, refusal=None, **fields) -> dict:
    """One entry. ``refusal`` names the kind of an anonymous refusal, whose repeats from one
    address are counted in one entry per window."""
    values = _values(action, **fields)
    if refusal and values["user_id"] is None:
        values[refusals.KIND] = refusal
    _write([values])
    return values


def record_many(action: str, subjects: Iterable[dict], **fields) -> int:
    """One entry per subject (a dict naming its ``dossier_id``, ``person_id`` and/or ``object``,
    over the ``fields`` they share), all written in the same statement; the number of entries."""
    shared = _values(action, **fields)
    entries = [{**shared, **subject, "object": subject.get("object", shared["object"])[:200]}
               for subject in subjects]
    _write(entries)
    return len(entries)


def _append(entries: list[dict]) -> None:
    chain.append(db.session, refusals.count_repeats(db.session, entries))


def record_listed(object: str, shown, *, detail: str = "") -> None:
    """A list page showed these (dossier id, person id or None) pairs: one "search" entry for
    each pair, once, in the order shown, in the statement that writes the request's entries."""
    record_many("search", ({"dossier_id": dossier_id, "person_id": person_id}
                           for dossier_id, person_id in dict.fromkeys(shown)), object=object, detail=detail)


def record_listed_applications(applications, list_name: str) -> None:
    """A list showed these applications (their family reference): each is logged under its own
    ``application:<id>``, so the report of the dossier it becomes finds it."""
    record_many("search", ({"dossier_id": application.dossier_id, "object": f"application:{application.id}"}
                           for application in applications), detail=list_name)


def write_pending() -> None:
    """Appends this request's entries to the log, inside the request's transaction."""
    _append(g.get("audit_values", []))


def forget_pending() -> None:
    g.pop("audit_values", None)


def replay_after_rollback() -> None:
    """Writes this request's entries after a rollback (the caller commits); a change that was
    rolled back is recorded as refused."""
    pending = g.pop("audit_values", [])
    if not pending:
        return
    _append([{**values, "outcome": "denied"} if values["action"] in WRITE_ACTIONS else values
             for values in pending])
