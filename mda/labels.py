"""Translatable names for the codes stored in the database."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

ORGANISATION_KIND = {
    "vt": _l("Veilig Thuis"),
    "local_team": _l("Local team"),
    "police": _l("Police"),
    "zvh": _l("Zorg- en Veiligheidshuis"),
    "om": _l("Public Prosecution Service"),
    "rvdk": _l("Child Protection Board"),
    "probation": _l("Probation service"),
    "care": _l("Care provider"),
    "shelter": _l("Shelter"),
    "school": _l("School or childcare"),
    "steering": _l("Regional steering group"),
}
USER_ROLE = {
    "coordinator": _l("Case coordinator"),
    "professional": _l("Professional"),
    "steering": _l("Steering group member"),
    "admin": _l("Administrator"),
    "team_lead": _l("Team lead"),
}
CASE_STATE = {
    "registered": _l("Registered"),
    "safety_assessment": _l("Safety assessment"),
    "safety": _l("Phase 1: safety"),
    "risk_care": _l("Phase 2: risk-driven care"),
    "recovery": _l("Phase 3: recovery-oriented care"),
    "monitoring": _l("Monitoring"),
    "closed": _l("Closed"),
    "handed_over": _l("Handed over outside MDA++"),
}
PERSON_ROLE = {
    "victim": _l("Victim"),
    "perpetrator": _l("Perpetrator"),
    "child": _l("Child"),
    "household": _l("Household member"),
    "network": _l("Network member"),
}
REPORTER_KIND = {
    "professional": _l("Professional"),
    "police": _l("Police"),
    "citizen": _l("Citizen"),
    "self": _l("The person themselves"),
}
VIOLENCE_TYPE = {
    "physical": _l("Physical violence"),
    "psychological": _l("Psychological violence"),
    "sexual": _l("Sexual violence"),
    "neglect": _l("Neglect"),
    "witnessing": _l("Child witnessing violence"),
    "honour_related": _l("Honour-related violence"),
    "elder_abuse": _l("Elder abuse"),
    "stalking": _l("Stalking"),
    "financial": _l("Financial abuse"),
}
TEAM_ROLE = {
    "lead": _l("Case coordination"),
    "safety": _l("Safety"),
    "care": _l("Care and treatment"),
    "justice": _l("Justice"),
    "support": _l("Support"),
    "process": _l("Process coordination"),
}
LEGAL_BASIS = {
    "consent": _l("Consent of the persons involved"),
    "meldcode": _l("Reporting code (Wet verplichte meldcode)"),
    "wmo": _l("Social Support Act (Wmo 2015)"),
    "youth_act": _l("Youth Act (Jeugdwet)"),
    "vital_interest": _l("Vital interest / danger to safety"),
    "court_order": _l("Court order or legal measure"),
}
MEMBERSHIP_STATUS = {
    "invited": _l("Invited"),
    "active": _l("Active"),
    "declined": _l("Declined"),
    "left": _l("Left"),
}
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
    "escalation": _l("Escalation"),
}


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
