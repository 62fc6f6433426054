"""The life of a case: first collaborate for safety, then for risk-driven and recovery care.

registered → safety_assessment → safety (fase 1) → risk_care (fase 2) → recovery (fase 3)
→ monitoring → closed, with a handover outside MDA++ after the safety assessment, and a relapse
from every MDA++ phase back to safety when a new incident or report comes in. Only the case
coordinator (casusregisseur) moves a case between phases.
"""
from datetime import timedelta
from typing import Mapping, Optional

from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec

COORDINATOR = frozenset({'coordinator'})

STATES = (
    StateSpec('registered', Label('Aangemeld', 'Registered')),
    StateSpec('safety_assessment', Label('Veiligheidsbeoordeling', 'Safety assessment')),
    StateSpec('safety', Label('Fase 1: veiligheid', 'Phase 1: safety'),
              phase_number=1, active=True),
    StateSpec('risk_care', Label('Fase 2: risicogestuurde zorg', 'Phase 2: risk-driven care'),
              phase_number=2, active=True),
    StateSpec('recovery',
              Label('Fase 3: herstelgerichte zorg', 'Phase 3: recovery-oriented care'),
              phase_number=3, active=True),
    StateSpec('monitoring', Label('Borging en monitoring', 'Consolidation and monitoring'),
              active=True),
    StateSpec('closed', Label('Afgesloten', 'Closed'), final=True),
    StateSpec('handed_over', Label('Overgedragen buiten MDA++', 'Handed over outside MDA++'),
              final=True),
)

# The four MDA++ phases: safety is reviewed in each, and a relapse can happen from each.
ACTIVE_PHASES = tuple(state.name for state in STATES if state.active)

CASE_WORKFLOW = WorkflowSpec(
    name='case',
    label=Label('Verloop van een casus', 'Life of a case'),
    initial='registered',
    states=STATES,
    transitions=(
        TransitionSpec(
            'start_assessment', ('registered',), 'safety_assessment',
            Label('Start veiligheidsbeoordeling', 'Start the safety assessment'),
            guards=('has_person_and_signal',), roles=COORDINATOR, action='case.transition'),
        TransitionSpec(
            'start_safety', ('safety_assessment',), 'safety',
            Label('Start fase 1: veiligheid (MDA++)', 'Start phase 1: safety (MDA++)'),
            guards=('assessment_unsafe', 'triage_accepted', 'team_of_two'), roles=COORDINATOR,
            action='case.transition'),
        TransitionSpec(
            'hand_over', ('safety_assessment',), 'handed_over',
            Label('Overdragen buiten MDA++', 'Hand over outside MDA++'),
            guards=('safety_holder_named',), roles=COORDINATOR, action='case.transition'),
        TransitionSpec(
            'start_risk_care', ('safety',), 'risk_care',
            Label('Start fase 2: risicogestuurde zorg', 'Start phase 2: risk-driven care'),
            guards=('safety_plan_agreed', 'safety_score_at_threshold'), roles=COORDINATOR, action='case.transition'),
        TransitionSpec(
            'start_recovery', ('risk_care',), 'recovery',
            Label('Start fase 3: herstelgerichte zorg', 'Start phase 3: recovery-oriented care'),
            guards=('care_plan_covers_everyone', 'trauma_screening_complete'),
            roles=COORDINATOR, action='case.transition'),
        TransitionSpec(
            'start_monitoring', ('recovery',), 'monitoring',
            Label('Start borging en monitoring', 'Start consolidation and monitoring'),
            guards=('positive_screenings_treated', 'care_goals_evaluated'), roles=COORDINATOR,
            action='case.transition'),
        TransitionSpec(
            'close', ('monitoring',), 'closed',
            Label('Casus afsluiten', 'Close the case'),
            guards=('closing_scores', 'safety_holder_named'), roles=COORDINATOR, action='case.transition'),
        TransitionSpec(
            'relapse', ACTIVE_PHASES, 'safety',
            Label('Terugval: nieuw incident of nieuwe melding',
                  'Relapse: new incident or report'),
            roles=COORDINATOR, needs_reason=True, action='case.transition'),
    ),
)

# The states a case ends in: nothing leaves them, and the dossier's content no longer changes.
ENDED_STATES = CASE_WORKFLOW.final_states

REVIEW_CADENCE: Mapping[str, timedelta] = {
    'safety': timedelta(weeks=2),
    'risk_care': timedelta(weeks=6),
    'recovery': timedelta(weeks=6),
    'monitoring': timedelta(days=91),
}


# A team score is set with the scores of at least this many partner organisations besides the
# coordinator's own (a regional setting); a review without them does not count.
PARTNER_SCORES_NEEDED = 2
# Closing needs the team score at or above the closing threshold in reviews at least this far apart
# (a regional setting): one good meeting is not yet safety that holds.
CLOSING_REVIEW_GAP = timedelta(weeks=6)
# The scores a new dossier needs (0-10, a regional setting the dossier keeps once it is opened): the
# latest team score at or above SAFETY_THRESHOLD leaves phase 1; the last two at or above
# CLOSING_THRESHOLD allow closing.
SAFETY_THRESHOLD = 6
CLOSING_THRESHOLD = 8


def review_interval(phase: str, overrides: Optional[Mapping[str, timedelta]] = None) -> timedelta:
    """Time between safety-score reviews in `phase`: the region's own cadence, else the default."""
    if phase not in REVIEW_CADENCE:
        raise ValueError(f'phase {phase!r} has no review cadence')
    return (overrides or {}).get(phase, REVIEW_CADENCE[phase])
