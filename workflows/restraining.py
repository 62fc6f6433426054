"""The temporary restraining order (*tijdelijk huisverbod*, Wet tijdelijk huisverbod).

The mayor imposes it for 10 days (usually after a RiHG that points to it) and may extend it to
at most 28 days in total from the day it was imposed; it can be withdrawn before it ends. The
police (or the case coordinator) record each decision; an order whose end date has passed has
ended without a step:

    imposed → extended (a later end date, at most 28 days after it was imposed) → lifted
            → lifted
"""
from datetime import date, timedelta

from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec

__all__ = ['ORDER_STATUSES', 'RESTRAINING_ORDER_DAYS', 'RESTRAINING_ORDER_MAX_DAYS', 'RESTRAINING_ORDER_WORKFLOW',
           'RUNNING_ORDER_STATES', 'first_end', 'latest_end', 'order_status']

RESTRAINING_ORDER_DAYS = 10  # a huisverbod is imposed for 10 days (Wet tijdelijk huisverbod)
RESTRAINING_ORDER_MAX_DAYS = 28  # the mayor may extend it to 28 days in total
TEAM = frozenset({'coordinator', 'professional'})

RESTRAINING_ORDER_WORKFLOW = WorkflowSpec(
    name='restraining_order',
    label=Label('Verloop van een tijdelijk huisverbod', 'Life of a temporary restraining order'),
    initial='imposed',
    states=(
        StateSpec('imposed', Label('Opgelegd', 'Imposed'), active=True),
        StateSpec('extended', Label('Verlengd', 'Extended'), active=True),
        StateSpec('lifted', Label('Ingetrokken', 'Withdrawn'), final=True),
    ),
    transitions=(
        TransitionSpec('extend', ('imposed',), 'extended',
                       Label('Verlenging vastleggen', 'Record the extension'),
                       guards=('order_extendable',), roles=TEAM, action='restraining_order.record'),
        TransitionSpec('lift', ('imposed', 'extended'), 'lifted',
                       Label('Intrekking vastleggen', 'Record the withdrawal'),
                       guards=('order_running',), roles=TEAM, needs_reason=True,
                       action='restraining_order.record'),
    ),
)

RUNNING_ORDER_STATES = ('imposed', 'extended')

# What a reader sees: the state, or 'ended' once the end date has passed.
ORDER_STATUSES = {
    'imposed': Label('opgelegd', 'imposed'),
    'extended': Label('verlengd', 'extended'),
    'ended': Label('afgelopen', 'ended'),
    'lifted': Label('ingetrokken', 'withdrawn'),
}


def first_end(imposed_on: date) -> date:
    """An order runs 10 days from the day it was imposed."""
    return imposed_on + timedelta(days=RESTRAINING_ORDER_DAYS)


def latest_end(imposed_on: date) -> date:
    """An extension runs to at most 28 days from the day it was imposed."""
    return imposed_on + timedelta(days=RESTRAINING_ORDER_MAX_DAYS)


def order_status(state: str, ends_on: date, today: date) -> str:
    """'imposed' or 'extended' while it runs, 'ended' once its end date has passed, 'lifted'."""
    if state in RUNNING_ORDER_STATES and ends_on < today:
        return 'ended'
    return state
