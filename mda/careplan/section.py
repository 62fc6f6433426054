"""The care plan and trauma screenings on the dossier page."""
from mda.access import Action, can
from mda.audit.log import record
from mda.careplan import vocabulary
from mda.careplan.operations import plan_open
from mda.careplan.queries import care_plan
from mda.core import clock


def dossier_section(dossier, user, lang: str) -> dict | None:
    health = can(user, Action.HEALTH_VIEW, dossier)
    may_edit = can(user, Action.CAREPLAN_EDIT, dossier) and plan_open(dossier)
    may_screen = can(user, Action.SCREENING_RECORD, dossier) and plan_open(dossier)
    plan_of_care = care_plan(dossier, user, health=health)
    persons = plan_of_care.persons
    for plan in persons:
        plan.may_record = plan_open(dossier) and plan.screened and (may_screen or plan.may_record)
    if health:
        record("view", user=user, dossier_id=dossier.id, object="careplan.health")
    goals = plan_of_care.systemic + [view for plan in persons for view in plan.goals]
    return {
        "persons": persons,
        "systemic": plan_of_care.systemic,
        "uncovered": [plan.person for plan in persons if not plan.covered],
        "risk_driven": any(view.goal is not None and view.goal.kind == "risk" for view in goals),
        "today": clock.today(),
        "health": health,
        "may_edit": may_edit,
        "may_treat": may_screen,
        "plan_open": plan_open(dossier),
        "words": vocabulary,
    }
