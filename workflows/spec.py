"""The declarative form of a workflow: its states, and the transitions between them.

A `WorkflowSpec` says which states exist, which events move between them, which guards must
hold, who may fire each event and whether a reason must be given. It holds no behaviour: the
guards live in `workflows.guards`, and the engine compiles a spec into one `transitions.Machine`
with `machine_definition()`.
"""
from dataclasses import dataclass, field
from typing import Optional

from .text import Label
from .vocabulary import ORG_KINDS, USER_ROLES

__all__ = ['Label', 'StateSpec', 'TransitionSpec', 'WorkflowSpec', 'machine_definition']


@dataclass(frozen=True)
class StateSpec:
    """One state.

    `phase_number` is the number a phase carries in the national vision (fase 1, 2, 3), `active`
    marks the working phases of the workflow (for a case: the four MDA++ phases in which safety
    is reviewed and a relapse can happen), and `final` marks a state nothing leaves. `ended`
    marks a state in which the row's work has ended although one event may still bring it back
    (a closed case that a new report reopens); a final state has ended too.
    """

    name: str
    label: Label
    phase_number: Optional[int] = None
    active: bool = False
    final: bool = False
    ended: bool = False


@dataclass(frozen=True)
class TransitionSpec:
    """One event, from any of its `sources` to `dest`.

    `guards` names functions in `workflows.guards.GUARDS`; all must pass. Only users with one of
    `roles` may fire the event (an empty set means nobody), and, when `org_kinds` is given, only
    from an organisation of one of those kinds. `needs_reason` asks the user to say why.
    `action` names the access policy's action the engine asks for the row (None: nobody may).
    """

    event: str
    sources: tuple[str, ...]
    dest: str
    label: Label
    guards: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    org_kinds: Optional[frozenset[str]] = None
    needs_reason: bool = False
    action: Optional[str] = None


@dataclass(frozen=True)
class WorkflowSpec:
    """A named workflow; `states` are listed in the order a case (or task) goes through them."""

    name: str
    label: Label
    states: tuple[StateSpec, ...]
    initial: str
    transitions: tuple[TransitionSpec, ...]
    _states_by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, '_states_by_name', {s.name: s for s in self.states})
        self._check()

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def active_states(self) -> tuple[str, ...]:
        """The working states: a task being worked on, an application waiting for triage."""
        return tuple(s.name for s in self.states if s.active)

    @property
    def final_states(self) -> tuple[str, ...]:
        """The states nothing leaves: a row in one has ended."""
        return tuple(s.name for s in self.states if s.final)

    @property
    def ended_states(self) -> tuple[str, ...]:
        """The states in which a row's work has ended: the final ones, and those one event may
        still leave (a closed case reopened)."""
        return tuple(s.name for s in self.states if s.final or s.ended)

    @property
    def unfinished_states(self) -> tuple[str, ...]:
        """Every state but the final ones: a row in one still asks for a step."""
        return tuple(s.name for s in self.states if not s.final)

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.event for t in self.transitions))

    def state(self, name: str) -> StateSpec:
        try:
            return self._states_by_name[name]
        except KeyError:
            raise KeyError(f'{self.name} has no state {name!r}') from None

    def transitions_from(self, state: str) -> tuple[TransitionSpec, ...]:
        self.state(state)
        return tuple(t for t in self.transitions if state in t.sources)

    def transition(self, event: str, source: str) -> Optional[TransitionSpec]:
        """The transition `event` fires from `source`, or None when it cannot fire there."""
        for t in self.transitions_from(source):
            if t.event == event:
                return t
        return None

    def transitions_between(self, source: str, dest: str) -> tuple[TransitionSpec, ...]:
        return tuple(t for t in self.transitions_from(source) if t.dest == dest)

    def _check(self):
        names = self.state_names
        problems = []
        if len(set(names)) != len(names):
            problems.append('state names repeat')
        if self.initial not in names:
            problems.append(f'initial state {self.initial!r} is unknown')
        seen = set()
        for t in self.transitions:
            for state in (*t.sources, t.dest):
                if state not in self._states_by_name:
                    problems.append(f'{t.event}: unknown state {state!r}')
            if not t.sources:
                problems.append(f'{t.event}: no source states')
            for source in t.sources:
                if (t.event, source) in seen:
                    problems.append(f'{t.event} is defined twice from {source!r}')
                seen.add((t.event, source))
                if source in self._states_by_name and self._states_by_name[source].final:
                    problems.append(f'{t.event} leaves final state {source!r}')
            if not t.roles <= USER_ROLES.keys():
                problems.append(f'{t.event}: unknown roles {sorted(t.roles - USER_ROLES.keys())}')
            if t.org_kinds is not None and not t.org_kinds <= ORG_KINDS.keys():
                problems.append(f'{t.event}: unknown organisation kinds')
        if problems:
            raise ValueError(f'workflow {self.name}: ' + '; '.join(problems))


def machine_definition(spec: WorkflowSpec) -> dict:
    """Keyword arguments for `transitions.Machine`: states, initial state and transitions.

    The engine adds `model=None, auto_transitions=False, send_event=True` and its own
    `model_attribute`; guards and permissions stay with the spec, not the machine.
    """
    return {
        'states': list(spec.state_names),
        'initial': spec.initial,
        'transitions': [
            {'trigger': t.event, 'source': list(t.sources), 'dest': t.dest}
            for t in spec.transitions
        ],
    }
