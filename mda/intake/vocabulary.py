"""Translatable names for the codes of applications and triage."""
from flask_babel import lazy_gettext as _l

from mda.labels import state_names
from workflows import APPLICATION_WORKFLOW

CRITERION = {
    "structurally_unsafe": _l("The situation is structurally unsafe"),
    "regular_help_exhausted": _l("Regular help has been tried to the maximum without result"),
    "incidents_repeat": _l("Incidents repeat or continue"),
    "long_history": _l("A long history of reports or help"),
    "escalation_risk": _l("A high risk of escalation"),
    "multiple_problems": _l("Problems in several areas of life (addiction, debts, psychiatric problems, "
                            "intellectual disability, housing, …)"),
}
STATUS = state_names(APPLICATION_WORKFLOW)
DECISION = {
    "accepted": _l("Accepted for MDA++"),
    "not_accepted": _l("Not accepted: advice on another route"),
}
