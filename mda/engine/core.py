"""``fire``: the only way a row of any workflow changes state.

Every call checks the access policy's action of the transition and the roles of the spec, the
workflow's own checks (a closed dossier, a reason, the data the step needs) and the guards of
``workflows/`` (collecting every reason), moves the row with the workflow's machine, writes a
transition-log row and runs the step's side effects, all inside the request's transaction. A stale
version becomes a ``ConflictError``; a refusal a ``Refused`` with its reasons and a ``denied``
access-log entry; nothing is changed in either case.

The engine knows no concern. Each concern registers how its rows are driven (``register`` a
``Lifecycle``: the facts its guards judge, its own checks, what the step writes on the row) and
what follows a step (``effect``), in its own ``lifecycle`` module; ``mda.lifecycles`` loads them all.
A side effect runs as a consequence of the step that caused it: its own steps are authorised by
that step (the user's right was asked once), while their guards and checks still hold.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mda.access import Action as Right
from mda.access import can
from mda.audit.log import record
from mda.core import clock
from mda.core.persistence import NO_FORM, check_version, flush
from mda.engine.machines import SPECS, STATE_ATTRIBUTE, trigger
from mda.engine.models import TransitionLog
from mda.engine.protection import engine_moves_state
from mda.errors import Refused
from mda.extensions import db
from workflows import ENDED_STATES, Action, Reason, TransitionSpec, evaluate, permission_reasons

REASON_REQUIRED = Reason("reason_required", "Geef een reden op voor deze stap.",
                         "Give a reason for this step.")
NO_RIGHT = Reason("no_right", "U heeft geen recht om deze stap te zetten.",
                  "You have no right to take this step.")
DOSSIER_ENDED = Reason("dossier_ended",
                       "Dit dossier is afgesloten of overgedragen; er kan niets meer in worden gewijzigd.",
                       "This dossier has been closed or handed over; it can no longer be changed.")
SYSTEM = "system"  # the name a step without a user (a scheduled job) is logged under
NOT_POSSIBLE = Reason("not_possible", "Deze stap is nu niet mogelijk.", "This step is not possible now.")


@dataclass(frozen=True)
class Step:
    """One step being taken: what the checks, the row's ``apply`` and the effects are given."""
    row: Any
    event: str
    transition: TransitionSpec | None
    from_state: str
    user: Any
    today: date
    data: dict
    consequence: bool = False  # authorised by the step that caused it, not asked again
    offering: bool = False  # only asking whether the step is offered: its input is not there yet

    @property
    def reason(self) -> str:
        return (self.data.get("reason") or "").strip()


@dataclass(frozen=True)
class Lifecycle:
    """How the engine drives the rows of one workflow; registered by the concern owning the model.

    ``facts(row, today, data)`` gives what the spec's guards judge. ``dossier_state(row)`` gives the
    state of the row's dossier (None for a row without one): on an ended dossier only the events
    in ``on_ended`` remain. ``refusal`` is the reason shown when the access policy refuses.
    ``checks(step)`` adds the workflow's own reasons (the data a step needs); ``apply(step)`` writes
    the step's data on the row once it has moved; ``label(row, event)`` names the step in the
    access log and ``log_reason(step)`` is the reason kept in the transition log. ``offers(row,
    event)`` says whether the row has the step at all (a kind of task without it): a step it does
    not offer is not listed, and ``checks`` says why when it is asked for anyway."""
    workflow: str
    facts: Callable[[Any, date, dict], Any] = lambda row, today, data: row.workflow_facts(today)
    dossier_state: Callable[[Any], str | None] = lambda row: None
    on_ended: frozenset[str] = frozenset()
    refusal: Reason = NO_RIGHT
    checks: Callable[[Step], tuple[Reason, ...]] = lambda step: ()
    apply: Callable[[Step], None] = lambda step: None
    label: Callable[[Any, str], str] = lambda row, event: f"{row.__workflow__}.{event}:{row.id}"
    log_reason: Callable[[Step], str] = lambda step: step.reason
    person: Callable[[Any], int | None] = lambda row: None
    dossier_id: Callable[[Any], int | None] = lambda row: row.dossier_id
    offers: Callable[[Any, str], bool] = lambda row, event: True


@dataclass(order=True)
class _Effect:
    order: int
    run: Callable[[Step], None] = field(compare=False)
    events: frozenset[str] | None = field(compare=False, default=None)


_LIFECYCLES: dict[str, Lifecycle] = {}
_EFFECTS: dict[str, list[_Effect]] = {}
_cause: ContextVar[str | None] = ContextVar("engine_cause", default=None)


def register(lifecycle: Lifecycle) -> Lifecycle:
    if lifecycle.workflow not in SPECS:
        raise KeyError(f"no workflow spec named {lifecycle.workflow!r}")
    _LIFECYCLES[lifecycle.workflow] = lifecycle
    return lifecycle


def effect(workflow: str, *events: str, order: int = 50):
    """Registers a function to run after every step of ``workflow`` (or only after ``events``),
    in ``order``, inside the same transaction; its own steps are consequences of that step."""
    if workflow not in SPECS:
        raise KeyError(f"no workflow spec named {workflow!r}")

    def register_effect(run: Callable[[Step], None]):
        effects = _EFFECTS.setdefault(workflow, [])
        if not any(e.run is run for e in effects):
            effects.append(_Effect(order, run, frozenset(events) or None))
            effects.sort()
        return run
    return register_effect


def lifecycle_of(row) -> Lifecycle:
    workflow = row.__workflow__
    try:
        return _LIFECYCLES[workflow]
    except KeyError:
        raise LookupError(f"no lifecycle registered for {workflow!r}: is mda.lifecycles loaded?") from None


@contextmanager
def following(user, right: Right, subject, cause: str) -> Iterator[None]:
    """The steps an operation takes because of what ``user`` did (recording a signal, an assessment)
    are authorised by ``user``'s right to do that: asked here, once. Inside, ``fire`` asks no right
    again; guards and checks still hold, and the log names ``cause``."""
    if not can(user, Right(right), subject):
        record("update", user=user, dossier_id=getattr(subject, "id", None), outcome="denied",
               object=cause, detail=NO_RIGHT.code)
        raise Refused((NO_RIGHT,))
    token = _cause.set(cause)
    try:
        yield
    finally:
        _cause.reset(token)


@contextmanager
def by_the_system(cause: str) -> Iterator[None]:
    """The steps a scheduled job takes on its own, with no user (``fire(row, event, None)``): as
    for a consequence no right is asked, while guards and checks still hold; the transition log
    names the system and the access log ``cause``."""
    token = _cause.set(cause)
    try:
        yield
    finally:
        _cause.reset(token)


def _state(row) -> str:
    return getattr(row, STATE_ATTRIBUTE[row.__workflow__])


def _reasons(lifecycle: Lifecycle, step: Step, facts) -> tuple[Reason, ...]:
    """Every reason ``step`` cannot be taken, in the order a user reads them."""
    spec = SPECS[lifecycle.workflow]
    transition = step.transition
    guards = evaluate(spec, step.event, facts, state=step.from_state)
    if transition is None:
        return guards
    reasons: tuple[Reason, ...] = ()
    if not step.consequence:
        reasons = permission_reasons(transition, step.user.role, step.user.organisation.kind)
        if transition.action is None or not can(step.user, Right(transition.action), step.row.access_subject):
            reasons = (lifecycle.refusal,) + reasons
    if lifecycle.dossier_state(step.row) in ENDED_STATES and step.event not in lifecycle.on_ended:
        reasons += (DOSSIER_ENDED,)
    reasons += guards
    if transition.needs_reason and not step.reason and not step.offering:
        reasons += (REASON_REQUIRED,)
    return reasons + lifecycle.checks(step)


def available(row, user, today: date | None = None, **data) -> list[Action]:
    """Every step out of the row's state for ``user``, allowed or with all the reasons why not
    (the reasons a step's own input would settle, like a reason to give, are left out)."""
    today = today or clock.today()
    lifecycle = lifecycle_of(row)
    spec = SPECS[lifecycle.workflow]
    state = _state(row)
    facts = lifecycle.facts(row, today, data)
    actions = []
    for transition in spec.transitions_from(state):
        if not lifecycle.offers(row, transition.event):
            continue
        step = Step(row, transition.event, transition, state, user, today, data, offering=True)
        reasons = _reasons(lifecycle, step, facts)
        actions.append(Action(transition.event, transition.label, transition.dest, not reasons, reasons,
                              transition.needs_reason))
    return actions


def fire(row, event: str, user, *, version=NO_FORM, today: date | None = None, **data):
    """The one door: moves ``row`` along ``event`` of its workflow (``row.__workflow__``) and returns
    it. ``data`` is what the step needs (``reason``, a task's ``result``, the organisation a task
    goes to, ...); ``version`` the version the user's form was based on."""
    today = today or clock.today()
    check_version(row, version)
    lifecycle = lifecycle_of(row)
    spec = SPECS[lifecycle.workflow]
    if _state(row) is None:  # a row not stored yet: its column default
        setattr(row, STATE_ATTRIBUTE[lifecycle.workflow], spec.initial)
    from_state = _state(row)
    cause = _cause.get()
    step = Step(row, event, spec.transition(event, from_state), from_state, user, today, data,
                consequence=cause is not None)
    reasons = _reasons(lifecycle, step, lifecycle.facts(row, today, data))
    label = lifecycle.label(row, event) if row.id is not None else f"{lifecycle.workflow}.{event}"
    if reasons:
        record("update", user=user, username=SYSTEM, purpose=None if user else SYSTEM,
               dossier_id=lifecycle.dossier_id(row), outcome="denied", object=label,
               detail="; ".join(r.code for r in reasons))
        raise Refused(reasons)
    with engine_moves_state():
        moved = trigger(lifecycle.workflow, row, event)
    if not moved:
        raise Refused((NOT_POSSIBLE,))
    lifecycle.apply(step)
    flush()  # a new row gets its id, an application its new dossier's id
    db.session.add(TransitionLog(
        dossier_id=lifecycle.dossier_id(row), workflow=lifecycle.workflow, object_id=row.id, event=event,
        from_state=from_state, to_state=_state(row), user_id=user.id if user else None,
        username=user.username if user else SYSTEM,
        organisation_name=user.organisation.name if user else "", reason=lifecycle.log_reason(step) or ""))
    token = _cause.set(lifecycle.label(row, event))
    try:
        for registered in _EFFECTS.get(lifecycle.workflow, ()):
            if registered.events is None or event in registered.events:
                registered.run(step)
    finally:
        _cause.reset(token)
    flush()
    record("update", user=user, username=SYSTEM, purpose=None if user else SYSTEM,
           dossier_id=lifecycle.dossier_id(row), person_id=lifecycle.person(row),
           object=lifecycle.label(row, event), detail=f"{from_state}->{_state(row)}")
    return row
