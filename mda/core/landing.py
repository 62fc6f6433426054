"""Where each user lands after logging in (and on the start page): where their work is.

A role maps to the endpoint of its page; an organisation kind may overrule the role (a school's
staff land on its Handle with Care signals, whatever their role). A concern with a page for a role
adds it here.
"""
from flask import url_for

BY_ORGANISATION_KIND = {
    "school": "tasks.index",  # a school's tasks are its Handle with Care signals
}
BY_ROLE = {
    "coordinator": "tasks.index",
    "professional": "tasks.index",
    "admin": "admin.closed_days",
}
DEFAULT = "dossiers.index"


def landing_endpoint(user) -> str:
    kind = user.organisation.kind if user.organisation is not None else None
    return BY_ORGANISATION_KIND.get(kind) or BY_ROLE.get(user.role) or DEFAULT


def landing_url(user) -> str:
    return url_for(landing_endpoint(user))
