"""Who may use the administration pages, and over what: the administrator, within their own region.
Anyone else gets the same 404 as a page that does not exist, and the refusal is logged."""
from flask import abort, request
from flask_login import current_user

from mda.access import Action, can
from mda.audit.log import record


def admin_region_id() -> int:
    """The administrator's region; anyone else gets the same 404 as a page that does not exist."""
    if not can(current_user, Action.REGION_ADMINISTER):
        record("view" if request.method == "GET" else "update", outcome="denied",
               object=request.endpoint or "")
        abort(404)
    return current_user.organisation.region_id


def refuse_outside_region(object: str):
    """A row of another region (or none at all) is not found; the attempt is logged."""
    record("view" if request.method == "GET" else "update", outcome="denied", object=object)
    abort(404)
