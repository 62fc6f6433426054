"""How the engine drives a case (``workflows.CASE_WORKFLOW``), and the tasks a phase brings.

Only the case coordinator moves a case between phases (``case.transition``); a relapse also
follows from a new signal (``mda.dossiers.operations.add_signal``). Entering a state creates the
tasks ``workflows.tasks_on_entering`` plans for it.
"""
from mda.casework.facts import case_facts
from mda.casework.feedback import tell_reporters
from mda.dossiers.models import Dossier
from mda.engine.core import Lifecycle, Step, effect, register
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.tasks.creation import create_tasks
from workflows import Reason, tasks_on_entering

NOT_YOUR_CASE = Reason("not_case_coordinator",
                       "Alleen de casusregisseur van dit dossier mag deze stap zetten.",
                       "Only the case coordinator of this dossier may take this step.")

register(Lifecycle(
    "case",
    facts=lambda dossier, today, data: case_facts(dossier, today),
    refusal=NOT_YOUR_CASE,
    label=lambda dossier, event: f"case.{event}",
    dossier_id=lambda dossier: dossier.id,
))


@effect("task", "complete", order=40)
def tell_the_reporters_after_the_investigation(step: Step) -> None:
    """At the end of Veilig Thuis's investigation its reporters hear what follows (``follow_up``)."""
    task = step.row
    if task.kind != "investigation":
        return
    dossier = task.dossier or db.session.get(Dossier, task.dossier_id)
    tell_reporters(step.user, dossier, "investigation", step.data.get("follow_up") or None, step.today)


@effect("case", order=30)
def create_tasks_of_the_new_state(step: Step) -> None:
    dossier: Dossier = step.row
    entered = case_facts(dossier, step.today)
    create_tasks(dossier, tasks_on_entering(dossier.state, entered, task_context(dossier.region_id, step.today)),
                 step.user, step.today)
