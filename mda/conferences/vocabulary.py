"""Translatable names for case conferences: the standard agenda, decision kinds and plans."""
from flask_babel import lazy_gettext as _l

from mda.labels import state_names
from workflows import CONFERENCE_WORKFLOW, MINUTES_WORKFLOW

STANDARD_AGENDA = (
    _l("Safety round: every partner and the family give a safety score (0-10)"),
    _l("Review of the safety plan"),
    _l("Review of the care plan"),
    _l("Tasks: who does what, and by when"),
    _l("Next case conference"),
)
# A conference about a relapse (planned from the relapse's offer): the new incident first, then the
# revision of the safety plan in place of its usual review.
RELAPSE_FIRST = _l("The relapse of %(day)s: what happened, and what it means for the safety of everyone in the "
                   "family")
RELAPSE_AGENDA = (
    STANDARD_AGENDA[0],
    _l("Revising the safety plan after the relapse: what changes, and who does what"),
    *STANDARD_AGENDA[2:],
)
STATUS = state_names(CONFERENCE_WORKFLOW)
MINUTES_STATUS = state_names(MINUTES_WORKFLOW)
DECISION_KIND = {
    "agreement": _l("Agreement"),
    "task": _l("Task for a partner"),
    "proposal": _l("Proposal to change a plan"),
}
PLAN = {"safety_plan": _l("Safety plan"), "care_plan": _l("Care plan")}
# Stored in the family's record, which is kept in Dutch; English for the task's English title.
PLAN_NL = {"safety_plan": "veiligheidsplan", "care_plan": "zorgplan"}
PLAN_EN = {"safety_plan": "safety plan", "care_plan": "care plan"}
