"""Translatable names for the codes of applications and triage."""
from flask_babel import lazy_gettext as _l

CRITERION = {
    "structurally_unsafe": _l("The situation is structurally unsafe"),
    "regular_help_exhausted": _l("Regular help has been tried to the maximum without result"),
    "incidents_repeat": _l("Incidents repeat or continue"),
    "long_history": _l("A long history of reports or help"),
    "escalation_risk": _l("A high risk of escalation"),
    "multiple_problems": _l("Problems in several areas of life (addiction, debts, psychiatric problems, "
                            "intellectual disability, housing, …)"),
}
STATUS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for triage"),
    "planned": _l("Planned in a triage meeting"),
    "accepted": _l("Accepted for MDA++"),
    "not_accepted": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}
DECISION = {
    "accepted": _l("Accepted for MDA++"),
    "not_accepted": _l("Not accepted: advice on another route"),
}
