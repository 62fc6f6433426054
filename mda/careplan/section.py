"""The care plan and trauma screenings on the dossier page."""
from mda.access import Action, can
from mda.audit.log import record
from mda.careplan import vocabulary
from mda.careplan.operations import plan_open
from mda.careplan.queries import care_plan


def dossier_section(dossier, user, lang: str) -> dict | None:
    health = can(user, Action.HEALTH_VIEW, dossier)
    may_edit = can(user, Action.CAREPLAN_EDIT, dossier) and plan_open(dossier)
    may_screen = can(user, Action.SCREENING_RECORD, dossier) and plan_open(dossier)
    persons = care_plan(dossier, user, health=health)
    for plan in persons:
        plan.may_record = plan_open(dossier) and plan.screened and (may_screen or plan.may_record)
    if health:
        record("view", user=user, dossier_id=dossier.id, object="careplan.health")
    return {
        "persons": persons,
        "uncovered": [plan.person for plan in persons if not plan.goals],
        "risk_driven": any(view.goal is not None and view.goal.kind == "risk"
                           for plan in persons for view in plan.goals),
        "health": health,
        "may_edit": may_edit,
        "may_treat": may_screen,
        "plan_open": plan_open(dossier),
        "words": vocabulary,
    }
