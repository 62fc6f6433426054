"""What a step of the case means for the safety plan: after a relapse the case coordinator is asked
to revise it with the team (``mda.safetyplan.revision``); the relapse itself leaves the plan as it is."""
from mda.engine.core import Step, effect
from mda.safetyplan.revision import ask_for_revision


@effect("case", "relapse", order=10)
def ask_the_coordinator_to_revise_the_plan(step: Step) -> None:
    ask_for_revision(step.row, step.user, step.today)
