"""Escalation when a case stalls (*opschalen als er geen beweging in een casus komt*).

An escalation is raised on a dossier, by the system on its stall signals or by hand by a member of
the team, at a level of the region's ladder; unresolved after the level's time limit it rises to
the next level (``rising``, again at every rise); whoever acts at its level resolves it with a
decision, or it is withdrawn with a reason:

    new → raised → rising (a level up, as often as the ladder has levels) → resolved
                                                                          → withdrawn

The ladder (``DEFAULT_LADDER``): 1 the case coordinator's team lead, 2 the procesregisseur of the
Zorg- en Veiligheidshuis, 3 the regional steering group; each level but the last has a time limit
in working days. The stall signals and their thresholds (``STALL_DEFAULTS``) say when a case does
not move. Both are regional configuration with these defaults.
"""
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Mapping, Optional, Sequence

from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec
from .text import format_date
from .workdays import WorkingCalendar

__all__ = [
    'DEFAULT_LADDER', 'ESCALATION_WORKFLOW', 'NO_PROGRESS_STATES', 'OPEN_ESCALATION_STATES', 'RUNGS', 'STALL_DEFAULTS',
    'STALL_SIGNALS',
    'Rung', 'StallThresholds', 'ladder_text', 'overdue_cutoff', 'parse_ladder', 'rises_on', 'stall_reason',
]

TEAM = frozenset({'coordinator', 'professional'})
# Who may act at a level: the access policy says which of them at which level (a team lead of the
# coordinator's organisation, staff of the region's Zorg- en Veiligheidshuis, its steering group).
ACTORS = frozenset({'team_lead', 'professional', 'steering'})

ESCALATION_WORKFLOW = WorkflowSpec(
    name='escalation',
    label=Label('Verloop van een escalatie', 'Life of an escalation'),
    initial='new',
    states=(
        StateSpec('new', Label('Nieuw', 'New')),
        StateSpec('raised', Label('Geëscaleerd', 'Escalated'), active=True),
        StateSpec('rising', Label('Opgeschaald naar een hoger niveau', 'Moved up a level'), active=True),
        StateSpec('resolved', Label('Opgelost met een besluit', 'Resolved with a decision'), final=True),
        StateSpec('withdrawn', Label('Ingetrokken', 'Withdrawn'), final=True),
    ),
    transitions=(
        TransitionSpec('raise', ('new',), 'raised', Label('Escaleren', 'Escalate'),
                       guards=('level_on_the_ladder',), roles=TEAM, needs_reason=True,
                       action='escalation.raise'),
        TransitionSpec('rise', ('raised', 'rising'), 'rising',
                       Label('Een niveau hoger leggen', 'Move up a level'),
                       guards=('level_on_the_ladder',), roles=TEAM | ACTORS, needs_reason=True,
                       action='escalation.rise'),
        TransitionSpec('resolve', ('raised', 'rising'), 'resolved',
                       Label('Besluit vastleggen', 'Record the decision'),
                       roles=ACTORS, needs_reason=True, action='escalation.act'),
        TransitionSpec('withdraw', ('raised', 'rising'), 'withdrawn',
                       Label('Escalatie intrekken', 'Withdraw the escalation'),
                       roles=TEAM | ACTORS, needs_reason=True, action='escalation.withdraw'),
    ),
)

OPEN_ESCALATION_STATES = ('raised', 'rising')


@dataclass(frozen=True)
class Rung:
    """One level of the ladder: who acts on it (a key of ``RUNGS``) and the working days an
    unresolved escalation stays before it rises (None: the top, it does not rise)."""

    who: str
    days: Optional[int] = None


# Who acts at a level, and who is told when a case reaches it.
RUNGS: Mapping[str, Label] = {
    'team_lead': Label('teamleider van de casusregisseur', "the case coordinator's team lead"),
    'zvh': Label('procesregisseur van het Zorg- en Veiligheidshuis',
                 'process director of the Zorg- en Veiligheidshuis'),
    'steering': Label('regionale stuurgroep', 'regional steering group'),
}

DEFAULT_LADDER: tuple[Rung, ...] = (Rung('team_lead', 5), Rung('zvh', 10), Rung('steering'))


def parse_ladder(text: str) -> tuple[Rung, ...]:
    """A region's ladder from its stored form, ``"team_lead:5 zvh:10 steering"``: the levels in
    order, each but the last with its time limit in working days. Raises ValueError."""
    words = (text or '').split()
    if not words:
        raise ValueError('a ladder needs at least one level')
    rungs = []
    for position, word in enumerate(words, start=1):
        who, _, days = word.partition(':')
        if who not in RUNGS:
            raise ValueError(f'unknown level {who!r}')
        if who in (r.who for r in rungs):
            raise ValueError(f'level {who!r} appears twice')
        last = position == len(words)
        if last and days:
            raise ValueError('the last level has no time limit')
        if not last and not (days.isdigit() and 1 <= int(days) <= 60):
            raise ValueError(f'level {who!r} needs a time limit of 1 to 60 working days')
        rungs.append(Rung(who, None if last else int(days)))
    return tuple(rungs)


def ladder_text(ladder: Sequence[Rung]) -> str:
    """The stored form of a ladder (see ``parse_ladder``)."""
    return ' '.join(f'{r.who}:{r.days}' if r.days is not None and i < len(ladder) - 1 else r.who
                    for i, r in enumerate(ladder))


def rises_on(reached: date, rung: Rung, calendar: WorkingCalendar) -> Optional[date]:
    """The day an escalation that reached ``rung`` on ``reached`` rises when still unresolved."""
    return None if rung.days is None else calendar.add_working_days(reached, rung.days)


# The stall signals of a case, in the order they are explained.
STALL_SIGNALS: Mapping[str, Label] = {
    'no_progress': Label('geen faseovergang en geen taak afgerond', 'no phase change and no task completed'),
    'task_overdue': Label('taak over de termijn', 'task overdue'),
    'declined_task': Label('afgewezen taak niet opnieuw toegewezen', 'declined task not reassigned'),
    'score_not_improved': Label('veiligheidsscore niet verbeterd', 'safety score not improved'),
    'review_overdue': Label('evaluatie veiligheidsscore over de termijn', 'safety score review overdue'),
}


# The states in which a case without a phase change or a completed task stalls: in monitoring
# (borging) the quarterly review is the case's pulse, and a review overdue is its stall signal.
NO_PROGRESS_STATES = ('registered', 'safety_assessment', 'safety', 'risk_care', 'recovery')


@dataclass(frozen=True)
class StallThresholds:
    """When each stall signal fires (None: the region does not use it).

    - ``no_progress_days``: calendar days without a phase change or a completed task (in the
      states of ``NO_PROGRESS_STATES``);
    - ``overdue_working_days``: a task overdue by more than this many working days;
    - ``declined_working_days``: a declined task not reassigned within this many working days;
    - ``score_reviews``: the team's score not higher at the last of this many closed reviews than
      at the first of them (while below the closing threshold);
    - ``review_overdue_working_days``: a safety-score review overdue by more than this many
      working days (0: overdue at all).
    """

    no_progress_days: Optional[int] = 21
    overdue_working_days: Optional[int] = 5
    declined_working_days: Optional[int] = 5
    score_reviews: Optional[int] = 3
    review_overdue_working_days: Optional[int] = 0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


STALL_DEFAULTS = StallThresholds()


def overdue_cutoff(today: date, working_days: int, calendar: WorkingCalendar) -> date:
    """The last due date of a task that is overdue by more than ``working_days`` working days on
    ``today``: one due that day or earlier has had more working days after its due date."""
    day, counted = today, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
        if counted > working_days:
            return day


def stall_reason(signals: Sequence[tuple[str, date]], lang: str) -> str:
    """The reason of an escalation the system raised: each signal with the day it started."""
    since = Label('sinds', 'since')
    return '; '.join(f'{STALL_SIGNALS[code].text(lang)} ({since.text(lang)} {format_date(day, lang)})'
                     for code, day in signals)
