"""The life of a case conference and of one version of its minutes.

A conference is planned, and held once its attendance or minutes are recorded, from its day on.
Minutes are a draft until the coordinator approves them; approved minutes never change (a
correction is a new version, a new draft).
"""
from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec

COORDINATOR = frozenset({'coordinator'})

CONFERENCE_WORKFLOW = WorkflowSpec(
    name='conference',
    label=Label('Verloop van een casusoverleg', 'Life of a case conference'),
    initial='planned',
    states=(
        StateSpec('planned', Label('Gepland', 'Planned'), active=True),
        StateSpec('held', Label('Gehouden', 'Held'), final=True),
    ),
    transitions=(
        TransitionSpec('hold', ('planned',), 'held',
                       Label('Casusoverleg vastleggen als gehouden', 'Record the case conference as held'),
                       guards=('conference_day_reached',), roles=COORDINATOR, action='conference.manage'),
    ),
)

MINUTES_WORKFLOW = WorkflowSpec(
    name='minutes',
    label=Label('Verloop van een verslag', 'Life of the minutes'),
    initial='draft',
    states=(
        StateSpec('draft', Label('Concept', 'Draft'), active=True),
        StateSpec('approved', Label('Vastgesteld', 'Approved'), final=True),
    ),
    transitions=(
        TransitionSpec('approve', ('draft',), 'approved',
                       Label('Verslag vaststellen', 'Approve the minutes'),
                       roles=COORDINATOR, action='conference.manage'),
    ),
)
