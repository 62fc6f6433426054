"""Translatable names for the codes stored in the database.

The words of the domain (kinds, roles, states) come from ``workflows/``, where each is written
once in Dutch and English; the application's own words (notes, the access log) are translated
here.
"""
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from mda.core.i18n import LazyLabel, lazy_label
from workflows import CASE_WORKFLOW, TEAM_WORKFLOW, Label, WorkflowSpec, vocabulary


def named(words: Mapping[str, Label]) -> dict[str, LazyLabel]:
    """The words of a vocabulary of ``workflows/``, each shown on its own."""
    return {code: lazy_label(label, capitalised=True) for code, label in words.items()}


def state_names(spec: WorkflowSpec) -> dict[str, LazyLabel]:
    """The names of a workflow's states, as its spec gives them."""
    return {state.name: lazy_label(state.label) for state in spec.states}


ORGANISATION_KIND = named(vocabulary.ORG_KINDS)
USER_ROLE = named(vocabulary.USER_ROLES)
CASE_STATE = state_names(CASE_WORKFLOW)
PERSON_ROLE = named(vocabulary.PERSON_ROLES)
REPORTER_KIND = named(vocabulary.REPORTER_KINDS)
VIOLENCE_TYPE = named(vocabulary.VIOLENCE_TYPES)
TEAM_ROLE = named(vocabulary.TEAM_ROLES)
LEGAL_BASIS = named(vocabulary.LEGAL_BASES)
MEMBERSHIP_STATUS = state_names(TEAM_WORKFLOW)

NOTE_KIND = {
    "fact": _l("Fact"),
    "opinion": _l("Opinion"),
    "family_view": _l("The family's own view"),
}
ACCESS_ACTION = {
    "view": _l("Viewed"),
    "search": _l("Searched or listed"),
    "create": _l("Created"),
    "update": _l("Changed"),
    "export": _l("Exported"),
    "login": _l("Logged in"),
    "logout": _l("Logged out"),
    "login_failed": _l("Failed login"),
    "transfer": _l("Transferred"),
    "purge": _l("Purged"),
}
OUTCOME = {"allowed": _l("Allowed"), "denied": _l("Refused")}
PURPOSE = {
    "case_coordination": _l("Case coordination"),
    "team_work": _l("Work as team partner"),
    "steering": _l("Regional steering"),
    "administration": _l("Administration"),
    "authentication": _l("Authentication"),
    "break_glass": _l("Emergency access (break the glass)"),
    "retention": _l("Retention period expired"),
    "system": _l("Done by the system on its own (a scheduled job)"),
}
TIMELINE_KIND = {
    "signal": _l("Signal"),
    "phase": _l("Phase"),
    "task_created": _l("New task"),
    "task_step": _l("Task"),
    "team": _l("Team"),
    "note": _l("Note"),
    "assessment": _l("Assessment"),
    "feedback": _l("Feedback to the reporter"),
    "escalation": _l("Escalation"),
    "incident": _l("Incident"),
    "handover": _l("Zicht op veiligheid"),
    "reopening": _l("New report after closure"),
    "plan": _l("Safety plan"),
    "decision": _l("Decision"),
}
# The timeline's filters (mda.casework.timeline.FILTERS), as its page offers them.
TIMELINE_FILTER = {
    "signalen": _l("Signals and incidents"),
    "fasen": _l("Phase changes"),
    "plannen": _l("Plans"),
    "besluiten": _l("Decisions"),
    "taken": _l("Tasks"),
}
PLAN_VERSION = _l("Safety plan, version {version}")
CONFERENCE_DECISION = _l("Decision of the case conference of {day}")
FEEDBACK_TO = _l("Feedback to {name}")
# One incident reported by several (the police and Veilig Thuis on one call-out), in the timeline.
ONE_INCIDENT = _l("{violence}: one incident, {count} reports")


def choices(mapping: dict) -> list[SelectChoice]:
    return options(mapping.items())


def options(pairs) -> list[SelectChoice]:
    """Form choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def init_app(app) -> None:
    @app.context_processor
    def _labels():
        return {"labels": {
            "organisation_kind": ORGANISATION_KIND, "user_role": USER_ROLE, "case_state": CASE_STATE,
            "person_role": PERSON_ROLE, "reporter_kind": REPORTER_KIND,
            "violence_type": VIOLENCE_TYPE, "team_role": TEAM_ROLE, "legal_basis": LEGAL_BASIS,
            "membership_status": MEMBERSHIP_STATUS, "note_kind": NOTE_KIND,
            "access_action": ACCESS_ACTION, "outcome": OUTCOME, "purpose": PURPOSE,
        }}
