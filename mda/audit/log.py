"""Writing access-log entries.

An entry is written in the request's transaction. When a request ends in an error its changes are
rolled back and its entries are written again on their own: a read or a refusal is never lost from
the log, and a change that did not happen is recorded as refused.
"""
from flask import g, has_request_context, request
from flask_login import current_user

from mda.audit.models import AccessLogEntry
from mda.extensions import db

PURPOSE_BY_ROLE = {
    "coordinator": "case_coordination",
    "professional": "team_work",
    "steering": "steering",
    "admin": "administration",
}


def _actor(user):
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    return user


def record(action: str, *, dossier_id=None, person_id=None, outcome="allowed", object="",
           purpose=None, detail="", user=None, username="") -> AccessLogEntry:
    user = _actor(user)
    values = {
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
        "purpose": purpose or (PURPOSE_BY_ROLE.get(user.role, "") if user else "authentication"),
        "client_address": (request.remote_addr or "") if has_request_context() else "",
    }
    entry = AccessLogEntry(**values)
    db.session.add(entry)
    if has_request_context():
        g.setdefault("audit_values", []).append(values)
    return entry


WRITE_ACTIONS = frozenset({"create", "update"})


def replay_after_rollback() -> None:
    """Write this request's entries again after a rollback; a change that was rolled back is
    recorded as refused."""
    pending = g.pop("audit_values", [])
    if not pending:
        return
    for values in pending:
        if values["action"] in WRITE_ACTIONS:
            values = {**values, "outcome": "denied"}
        db.session.add(AccessLogEntry(**values))
    db.session.commit()


def forget_pending() -> None:
    g.pop("audit_values", None)
