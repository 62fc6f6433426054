"""Operations on the plans that the workflow needs now; the plans pages build on them."""
from mda.extensions import db
from mda.engine.facts import current_safety_plan
from mda.plans.models import SafetyPlan

PLAN_FIELDS = ("danger_statement", "safety_conditions", "warning_signals", "consequences",
               "network_support", "supervision")


def reopen_safety_plan(dossier, user) -> SafetyPlan | None:
    """After a relapse the plan is reviewed again: a new version, without confirmations."""
    plan = current_safety_plan(dossier.id)
    if plan is None:
        return None
    successor = SafetyPlan(dossier_id=dossier.id, version=plan.version + 1, author_id=user.id,
                           **{name: getattr(plan, name) for name in PLAN_FIELDS})
    db.session.add(successor)
    return successor
