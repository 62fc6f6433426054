"""Closing that holds: the handover of *zicht op veiligheid*, and a new report after closure.

Holding *zicht op veiligheid* after closure (or after a handover outside MDA++) is a handover, not
a label. The case coordinator proposes it to a partner on the team that can keep that watch
(``vocabulary.SAFETY_HOLDER_KINDS``), with a monitoring agreement: what it watches, how often,
until when. Its staff accept it, or decline it with a reason. One handover at a time is proposed
or accepted:

    new → proposed → accepted → ended      (the case was reopened, or the holder left the team)
                   → declined              (with a reason)
          proposed, accepted → withdrawn   (by the coordinator, while the case is open)

A new report on a closed dossier is a re-report: it is counted for the impact monitor, and the
holder and the last coordinator's organisation decide on reopening the case. The decision waits
(``pending``) until it is taken: the case is reopened (back to phase 1, its history intact), or
it stays closed with a recorded reason.
"""
from datetime import date
from typing import Optional, Sequence

from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec
from .tasks import TaskContext, TaskTemplate
from .text import format_date

__all__ = [
    'ENDED_DOSSIER_TASK_KINDS', 'HANDOVER_WORKFLOW', 'LIVE_HANDOVER_STATES', 'REOPENING_WORKFLOW',
    'reopening_decision_tasks',
]

COORDINATOR = frozenset({'coordinator'})
STAFF = frozenset({'coordinator', 'professional'})
NOBODY = frozenset()  # a step that only follows from another one

HANDOVER_WORKFLOW = WorkflowSpec(
    name='handover',
    label=Label('Overdracht van zicht op veiligheid', 'Handover of zicht op veiligheid'),
    initial='new',
    states=(
        StateSpec('new', Label('Nieuw', 'New')),
        StateSpec('proposed', Label('Voorgesteld, wacht op aanvaarding', 'Proposed, waiting to be accepted'),
                  active=True),
        StateSpec('accepted', Label('Aanvaard', 'Accepted'), active=True),
        StateSpec('declined', Label('Afgewezen', 'Declined'), final=True),
        StateSpec('withdrawn', Label('Ingetrokken', 'Withdrawn'), final=True),
        StateSpec('ended', Label('Beëindigd', 'Ended'), final=True),
    ),
    transitions=(
        TransitionSpec('propose', ('new',), 'proposed',
                       Label('Zicht op veiligheid overdragen', 'Hand over zicht op veiligheid'),
                       guards=('holder_can_hold', 'monitoring_agreement_complete'), roles=COORDINATOR,
                       action='safety_holder.set'),
        TransitionSpec('accept', ('proposed',), 'accepted',
                       Label('Zicht op veiligheid aanvaarden', 'Accept zicht op veiligheid'),
                       guards=('holder_can_hold', 'monitoring_agreement_complete'), roles=STAFF,
                       action='handover.respond'),
        TransitionSpec('decline', ('proposed',), 'declined',
                       Label('Zicht op veiligheid afwijzen', 'Decline zicht op veiligheid'),
                       roles=STAFF, needs_reason=True, action='handover.respond'),
        TransitionSpec('withdraw', ('proposed', 'accepted'), 'withdrawn',
                       Label('Overdracht intrekken', 'Withdraw the handover'),
                       roles=COORDINATOR, needs_reason=True, action='safety_holder.set'),
        TransitionSpec('end', ('accepted',), 'ended',
                       Label('Zicht op veiligheid beëindigd', 'Zicht op veiligheid ended'),
                       roles=NOBODY, needs_reason=True),
    ),
)

# A handover that holds or may come to hold: at most one per dossier.
LIVE_HANDOVER_STATES = ('proposed', 'accepted')

REOPENING_WORKFLOW = WorkflowSpec(
    name='reopening',
    label=Label('Besluit over heropenen na een nieuwe melding', 'Decision on reopening after a new report'),
    initial='pending',
    states=(
        StateSpec('pending', Label('Wacht op een besluit', 'Waiting for a decision'), active=True),
        StateSpec('reopened', Label('Heropend', 'Reopened'), final=True),
        StateSpec('kept_closed', Label('Gesloten gehouden', 'Kept closed'), final=True),
    ),
    transitions=(
        TransitionSpec('reopen', ('pending',), 'reopened',
                       Label('Casus heropend', 'Case reopened'), roles=NOBODY, needs_reason=True),
        TransitionSpec('keep_closed', ('pending',), 'kept_closed',
                       Label('Niet heropenen', 'Do not reopen'),
                       roles=STAFF, needs_reason=True, action='reopening.decide'),
    ),
)

# The work a closed dossier still asks for: the decision on reopening it after a new report, and
# the school's Handle with Care signal after a new police call-out (the child needs care whatever
# the state of the case).
ENDED_DOSSIER_TASK_KINDS = frozenset({'reopening_decision', 'school_signal'})

DECISION_TERM = 5  # working days to decide on reopening
ACUTE_DECISION_TERM = 1  # after an acute report: the next working day


def reopening_decision_tasks(decision_id: int, org_ids: Sequence[int], reported_on: date,
                             closed_on: Optional[date], acute: bool, today: date,
                             context: Optional[TaskContext] = None) -> list[TaskTemplate]:
    """A new report of `reported_on` came in on a case closed on `closed_on`: each organisation
    of `org_ids` (the holder of zicht op veiligheid, the last coordinator's) decides on reopening
    it, within a working day after an acute report. Done by recording the decision."""
    context = context or TaskContext()
    due = context.calendar.add_working_days(today, ACUTE_DECISION_TERM if acute else DECISION_TERM)
    closed_nl = f' na afsluiting op {format_date(closed_on, "nl")}' if closed_on else ' na afsluiting'
    closed_en = f' after closure on {format_date(closed_on, "en")}' if closed_on else ' after closure'
    title = Label(f'Besluiten over heropenen: nieuwe melding van {format_date(reported_on, "nl")}{closed_nl}',
                  f'Decide on reopening: new report of {format_date(reported_on, "en")}{closed_en}')
    return [TaskTemplate('reopening_decision', org_id, None, title, due, f'reopening_decision:{decision_id}:{org_id}')
            for org_id in dict.fromkeys(org_ids)]
