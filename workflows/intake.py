"""The life of an application for MDA++, from the applicant's draft to the triage decision.

draft → submitted → planned (into a triage meeting, and planned again when it moves) → accepted
or not accepted. The applicant's organisation submits its own draft; the region's triage members
plan and decide. When the family turns out to be known already (the radar: its persons are in a
dossier of the region), the triage members can add the application's report to that dossier as a
signal instead of opening a second one: one family, one dossier. Until the decision the
applicant's organisation can withdraw the application: a draft without saying why (nobody else
has seen it), a submitted or planned one with a reason the triage meeting reads.
"""
from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec

STAFF = frozenset({'coordinator', 'professional'})
WITHDRAW = Label('Aanmelding intrekken', 'Withdraw the application')

APPLICATION_WORKFLOW = WorkflowSpec(
    name='application',
    label=Label('Verloop van een aanmelding voor MDA++', 'Life of an application for MDA++'),
    initial='draft',
    states=(
        StateSpec('draft', Label('Concept', 'Draft')),
        StateSpec('submitted', Label('Wacht op triage', 'Waiting for triage'), active=True),
        StateSpec('planned', Label('Gepland in een triageoverleg', 'Planned in a triage meeting'),
                  active=True),
        StateSpec('accepted', Label('Geaccepteerd voor MDA++', 'Accepted for MDA++'), final=True),
        StateSpec('not_accepted', Label('Niet geaccepteerd', 'Not accepted'), final=True),
        StateSpec('withdrawn', Label('Ingetrokken', 'Withdrawn'), final=True),
        StateSpec('added_to_dossier', Label('Als signaal toegevoegd aan het bestaande dossier',
                                            'Added as a signal to the existing dossier'), final=True),
    ),
    transitions=(
        TransitionSpec('submit', ('draft',), 'submitted',
                       Label('Aanmelding indienen', 'Submit the application'),
                       guards=('application_complete',), roles=STAFF, action='application.edit'),
        TransitionSpec('plan', ('submitted', 'planned'), 'planned',
                       Label('Plannen in een triageoverleg', 'Plan into a triage meeting'),
                       roles=STAFF, action='triage.decide'),
        TransitionSpec('accept', ('planned',), 'accepted',
                       Label('Accepteren voor MDA++', 'Accept for MDA++'),
                       roles=STAFF, needs_reason=True, action='triage.decide'),
        TransitionSpec('decline', ('planned',), 'not_accepted',
                       Label('Niet accepteren', 'Do not accept'),
                       roles=STAFF, needs_reason=True, action='triage.decide'),
        TransitionSpec('add_to_dossier', ('submitted', 'planned'), 'added_to_dossier',
                       Label('Als signaal toevoegen aan het bestaande dossier',
                             'Add as a signal to the existing dossier'),
                       guards=('for_a_new_family',), roles=STAFF, needs_reason=True, action='triage.decide'),
        TransitionSpec('withdraw', ('submitted', 'planned'), 'withdrawn', WITHDRAW,
                       roles=STAFF, needs_reason=True, action='application.withdraw'),
        TransitionSpec('withdraw', ('draft',), 'withdrawn', WITHDRAW,
                       roles=STAFF, action='application.withdraw'),
    ),
)
