"""One ``transitions.Machine`` per workflow, built once from its spec in ``workflows/``.

The machines hold no models (``model=None``): an event is fired on a row with
``machine.events[event].trigger(row)``, so nothing is registered per request and the machine does
not grow with the number of rows it has handled.
"""
from functools import cache

from transitions import Machine

from workflows import WORKFLOWS, machine_definition

# The attribute of each row that holds its state.
STATE_ATTRIBUTE = {"case": "state", "task": "state", "team_membership": "status", "application": "stage",
                   "conference": "stage", "minutes": "stage", "escalation": "state", "restraining_order": "state"}
SPECS = WORKFLOWS


@cache
def machine(workflow: str) -> Machine:
    return Machine(model=None, auto_transitions=False, send_event=True,
                   model_attribute=STATE_ATTRIBUTE[workflow], **machine_definition(SPECS[workflow]))


def trigger(workflow: str, row, event: str) -> bool:
    """Moves ``row`` along ``event``; the engine has checked permission and guards already."""
    return machine(workflow).events[event].trigger(row)
