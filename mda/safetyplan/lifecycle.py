"""What a step of the case means for the safety plan: after a relapse it is reviewed again."""
from mda.engine.core import Step, effect
from mda.safetyplan.operations import reopen


@effect("case", "relapse", order=10)
def reopen_the_plan_after_a_relapse(step: Step) -> None:
    reopen(step.row, step.user, step.today)
