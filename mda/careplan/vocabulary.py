"""Translatable names for the care plan's and the screenings' codes."""
from flask_babel import lazy_gettext as _l

from mda.labels import named
from workflows import vocabulary

GOAL_KIND = named(vocabulary.GOAL_KINDS)
GOAL_SCOPE = named(vocabulary.GOAL_SCOPES)
RISK_FACTOR = {
    "addiction": _l("Addiction"),
    "debts": _l("Debts"),
    "psychiatric_problems": _l("Psychiatric problems"),
    "unemployment": _l("Unemployment"),
    "housing": _l("Housing"),
    "isolation": _l("Social isolation"),
    "intellectual_disability": _l("Intellectual disability"),
    "parenting_stress": _l("Parenting stress"),
    "other": _l("Other risk factor"),
}
EVALUATION = {
    "achieved": _l("Achieved"),
    "partly": _l("Partly achieved"),
    "not_achieved": _l("Not achieved"),
}
SCREENING_STATUS = {
    "open": _l("Screening not done yet"),
    "done": _l("Screening done"),
    "refused": _l("Screening refused"),
    "postponed": _l("Screening postponed"),
    # What readers without the right to health data see: whether the screening is completed (done,
    # or refused), in the same word as its task's state, never which of the two.
    "completed": _l("Completed"),
    "not_completed": _l("Not completed yet"),
}
RECORDED_STATUS = {key: SCREENING_STATUS[key] for key in ("done", "refused", "postponed")}
INSTRUMENT = {
    "cries13": _l("CRIES-13 (children and young people 8-18)"),
    "kjts": _l("KJTS, Children's and Youth Trauma Screener (3-18)"),
    "pcl5": _l("PCL-5 (adults)"),
    "tsq": _l("TSQ, Trauma Screening Questionnaire (adults)"),
    "crtes": _l("CRTES (children 4-18)"),
    "other": _l("Another instrument"),
}
BAND = {
    "green": _l("Green"),
    "yellow": _l("Yellow"),
    "red": _l("Red"),
    "low": _l("Low"),
    "moderate": _l("Moderate"),
    "high": _l("High"),
}
