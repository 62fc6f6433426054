"""Where each user lands after logging in (and on the start page): where their work is.

A role maps to the endpoint of its page; for the staff of a case (coordinators, professionals) the
kind of organisation may say more (a school's tasks are its Handle with Care signals). A concern
with a page for a role adds it to ``BY_ROLE``.
"""
from flask import url_for

BY_ROLE = {
    "coordinator": "tasks.index",
    "professional": "tasks.index",
    "admin": "admin.home",  # the administration's start page
    "team_lead": "escalation.queue_page",  # the escalations of the team's cases
    "steering": "escalation.steering",  # the cases escalated to the steering group
}
STAFF_ROLES = ("coordinator", "professional")
BY_ORGANISATION_KIND = {
    "school": "tasks.index",  # shown as the school's Handle with Care signals
    "zvh": "escalation.queue_page",  # the procesregisseur's queue of escalated cases
}
DEFAULT = "dossiers.index"


def landing_endpoint(user) -> str:
    kind = user.organisation.kind if user.organisation is not None else None
    if user.role in STAFF_ROLES and kind in BY_ORGANISATION_KIND:
        return BY_ORGANISATION_KIND[kind]
    return BY_ROLE.get(user.role, DEFAULT)


def landing_url(user) -> str:
    return url_for(landing_endpoint(user))
