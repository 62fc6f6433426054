"""State columns refuse assignment outside the engine (like django-fsm's ``protected=True``).

Every model that declares ``__workflow__`` (the name of its spec in ``workflows.WORKFLOWS``) has a
listener on its state column: a stored row's state changes only while the engine moves it. A row
not yet stored may be created in any state. ``force_state`` is the one named way around it, for
tests and the demo builder that set up a situation rather than live through it.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, inspect

from mda.engine.machines import STATE_ATTRIBUTE

_moving: ContextVar[bool] = ContextVar("engine_moving_state", default=False)


class StateAssignmentError(RuntimeError):
    """A state column was assigned outside ``mda.engine``."""


@contextmanager
def engine_moves_state():
    """The engine is moving a state: assignments to state columns are allowed inside."""
    token = _moving.set(True)
    try:
        yield
    finally:
        _moving.reset(token)


def force_state(row, state: str) -> None:
    """Sets ``row``'s state without its workflow: for tests and the demo builder only."""
    with engine_moves_state():
        setattr(row, STATE_ATTRIBUTE[row.__workflow__], state)


def _refuse(target, value, oldvalue, initiator):
    if _moving.get() or value == oldvalue or not inspect(target).has_identity:
        return value
    raise StateAssignmentError(
        f"{type(target).__name__}.{initiator.key} is changed only by mda.engine.fire "
        f"({oldvalue!r} -> {value!r})")


def protect_state_columns(base) -> None:
    """Puts the listener on the state column of every mapped class of ``base`` with a workflow."""
    for mapper in base.registry.mappers:
        workflow = getattr(mapper.class_, "__workflow__", None)
        if workflow is None:
            continue
        attribute = getattr(mapper.class_, STATE_ATTRIBUTE[workflow])
        if not event.contains(attribute, "set", _refuse):
            event.listen(attribute, "set", _refuse, retval=True)
