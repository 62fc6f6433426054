"""Exports ask for the password (and code) again: the decorator the exporting handlers share."""
from datetime import timedelta
from functools import wraps

from flask import redirect, request, url_for
from flask_login import current_user

from mda.audit.log import record
from mda.auth import sessions

REAUTH_WINDOW = timedelta(minutes=5)


def require_reauthentication(view):
    """Exports need the password (and code) again when the last confirmation is over 5 minutes old."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not sessions.reauthenticated_within(current_user.session_token, REAUTH_WINDOW):
            record("export", outcome="denied", dossier_id=kwargs.get("dossier_id"),
                   person_id=kwargs.get("person_id"), object=request.path[:200],
                   detail="re-authentication required")
            return redirect(url_for("auth.reauthenticate", next=request.full_path))
        return view(*args, **kwargs)
    return wrapper
