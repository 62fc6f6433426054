"""Tasks and team membership: their lifecycles, and the tasks each phase of a case creates.

`tasks_on_entering()` lists the tasks a case needs when it enters a phase; the engine creates
each one unless an open task with the same `dedupe_key` exists, so a phase entered twice (after
a relapse) does not double the work. Due dates count working days (`workflows.workdays`).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Mapping, Optional

from .case import ACTIVE_PHASES, CASE_WORKFLOW, review_interval
from .facts import CaseFacts, PartnerFact, PersonFact, SignalFact
from .guards import Reason
from .restraining import RESTRAINING_ORDER_MAX_DAYS, first_end, latest_end
from .schooldays import SchoolCalendar, school_signal_due
from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec
from .text import format_date
from .vocabulary import NON_PLAN_ORG_KINDS, ORG_KINDS, SAFETY_HOLDER_KINDS, TASK_KINDS
from .workdays import WorkingCalendar

__all__ = [
    'DECISION_TASK_KINDS', 'DEFAULT_TEAM_ROLES', 'TASK_HOLDERS', 'TASK_KINDS', 'URGENT_TASK_KINDS',
    'TASK_WORKFLOW', 'TEAM_WORKFLOW', 'TaskContext',
    'TaskTemplate', 'holder_reasons', 'holders_label', 'kinds_taken_over_by', 'may_hold', 'next_review_task',
    'plan_confirmation_task', 'plan_revision_task', 'restraining_order_extension_task', 'restraining_order_task',
    'school_signal_tasks', 'score_request_task', 'step_refusal', 'task_steps', 'tasks_on_assessment',
    'tasks_on_entering',
]

COORDINATOR = frozenset({'coordinator'})
ASSIGNEE = frozenset({'professional', 'coordinator'})
SCHOOL = frozenset({'school'})

TASK_WORKFLOW = WorkflowSpec(
    name='task',
    label=Label('Verloop van een taak', 'Life of a task'),
    initial='open',
    states=(
        StateSpec('open', Label('Open', 'Open'), active=True),
        StateSpec('accepted', Label('Geaccepteerd', 'Accepted'), active=True),
        StateSpec('done', Label('Afgerond', 'Done'), final=True),
        StateSpec('declined', Label('Afgewezen', 'Declined')),
        StateSpec('reassigned', Label('Opnieuw toegewezen', 'Reassigned'), final=True),
        StateSpec('cancelled', Label('Ingetrokken', 'Cancelled'), final=True),
    ),
    transitions=(
        TransitionSpec('accept', ('open',), 'accepted', Label('Accepteren', 'Accept'),
                       roles=ASSIGNEE, action='task.work'),
        TransitionSpec('complete', ('accepted',), 'done', Label('Afronden', 'Complete'),
                       guards=('completed_by_its_record',), roles=ASSIGNEE, action='task.work'),
        TransitionSpec('decline', ('open', 'accepted'), 'declined', Label('Afwijzen', 'Decline'),
                       roles=ASSIGNEE, needs_reason=True, action='task.work'),
        TransitionSpec('confirm', ('open', 'accepted'), 'done', Label('Ontvangst bevestigen', 'Confirm receipt'),
                       roles=ASSIGNEE, org_kinds=SCHOOL, action='task.work'),
        TransitionSpec('reassign', ('open', 'accepted', 'declined'), 'reassigned',
                       Label('Opnieuw toewijzen', 'Reassign'), roles=COORDINATOR, action='task.manage'),
        TransitionSpec('cancel', ('open', 'accepted'), 'cancelled', Label('Intrekken', 'Cancel'),
                       roles=COORDINATOR, needs_reason=True, action='task.manage'),
    ),
)

TEAM_WORKFLOW = WorkflowSpec(
    name='team_membership',
    label=Label('Deelname aan het team', 'Team membership'),
    initial='invited',
    states=(
        StateSpec('invited', Label('Uitgenodigd', 'Invited')),
        StateSpec('active', Label('Actief in het team', 'Active on the team'), active=True),
        StateSpec('declined', Label('Uitnodiging afgewezen', 'Invitation declined'), final=True),
        StateSpec('left', Label('Uit het team', 'Left the team'), final=True),
    ),
    transitions=(
        TransitionSpec('accept', ('invited',), 'active',
                       Label('Uitnodiging accepteren', 'Accept the invitation'), roles=ASSIGNEE,
                       action='membership.respond'),
        TransitionSpec('decline', ('invited',), 'declined',
                       Label('Uitnodiging afwijzen', 'Decline the invitation'),
                       roles=ASSIGNEE, needs_reason=True, action='membership.respond'),
        TransitionSpec('leave', ('active',), 'left', Label('Team verlaten', 'Leave the team'),
                       roles=ASSIGNEE, needs_reason=True, action='membership.leave'),
        TransitionSpec('withdraw', ('invited',), 'left',
                       Label('Uitnodiging intrekken', 'Withdraw the invitation'),
                       roles=COORDINATOR, needs_reason=True, action='membership.leave'),
    ),
)

# The part a partner plays on the team when whoever adds it does not choose one: the case
# coordinator's own organisation leads; another local team supports.
DEFAULT_TEAM_ROLES: Mapping[str, str] = {
    'vt': 'safety', 'police': 'justice', 'om': 'justice', 'rvdk': 'justice', 'probation': 'justice',
    'care': 'care', 'shelter': 'support', 'local_team': 'support', 'zvh': 'process',
}

# Partners that share the plans: every kind of organisation but the school and the steering group.
PLAN_PARTNERS = frozenset(ORG_KINDS) - NON_PLAN_ORG_KINDS

# Which kinds of organisation do each kind of task. The case coordinator's organisation may
# always hold a task in their place, until a partner of the right kind is on the team (and it
# alone holds the safety-score review, which it chairs).
TASK_HOLDERS: Mapping[str, frozenset[str]] = {
    'safety_assessment': frozenset({'vt'}),
    'investigation': frozenset({'vt'}),
    'safety_plan_contribution': PLAN_PARTNERS,
    'police_risk_assessment': frozenset({'police'}),
    'restraining_order': frozenset({'police'}),
    'school_signal': frozenset({'school'}),
    'trauma_screening': frozenset({'care'}),
    'treatment': frozenset({'care'}),
    'care_intervention': PLAN_PARTNERS,
    'safety_review': frozenset(),
    'safety_score': PLAN_PARTNERS,
    'safety_agreement': PLAN_PARTNERS,
    'safety_plan_revision': frozenset(),  # the coordinator reopens the plan with the team after a relapse
    'other': PLAN_PARTNERS,
    'reopening_decision': SAFETY_HOLDER_KINDS,
}

# The work list (/taken) puts these first, whatever their due day: acute work (a huisverbod to
# consider) and the school's Handle with Care signal, due before the next school day starts.
URGENT_TASK_KINDS = frozenset({'restraining_order', 'school_signal'})
# Decisions waiting for an organisation, shown above its work: whether to reopen a closed case.
DECISION_TASK_KINDS = frozenset({'reopening_decision'})


def may_hold(kind: str, org_kind: str, *, coordinators_organisation: bool = False) -> bool:
    """Whether an organisation of `org_kind` may hold a task of `kind`; the case coordinator's
    own organisation may hold any task, as a stand-in."""
    return coordinators_organisation or org_kind in TASK_HOLDERS[kind]


def holders_label(kind: str) -> Label:
    """Who does a task of `kind`, in words: "police", "a partner on the team (...)", ..."""
    holders = TASK_HOLDERS[kind]
    if not holders:
        return Label('de organisatie van de casusregisseur', "the case coordinator's organisation")
    if holders == PLAN_PARTNERS:
        return Label('een partner in het team (geen school of stuurgroep)',
                     'a partner on the team (not a school or the steering group)')
    kinds = [ORG_KINDS[k] for k in ORG_KINDS if k in holders]
    return Label(' of '.join(k.nl for k in kinds), ' or '.join(k.en for k in kinds))


def holder_reasons(kind: str, org_kind: str, org_name: str, *,
                   coordinators_organisation: bool = False) -> tuple[Reason, ...]:
    """Why an organisation (`org_name`, of `org_kind`) cannot hold a task of `kind`."""
    if may_hold(kind, org_kind, coordinators_organisation=coordinators_organisation):
        return ()
    task, holders, here = TASK_KINDS[kind], holders_label(kind), ORG_KINDS[org_kind]
    if TASK_HOLDERS[kind] in (frozenset(), PLAN_PARTNERS):
        return (Reason('wrong_kind_of_organisation',
                       f'„{task.nl}” is werk voor {holders.nl}; {org_name} ({here.nl}) kan deze taak niet krijgen.',
                       f'"{task.en}" is work for {holders.en}; {org_name} ({here.en}) cannot take this task.'),)
    return (Reason('wrong_kind_of_organisation',
                   f'„{task.nl}” kan alleen naar {holders.nl} (of, zolang die er niet is, naar de organisatie '
                   f'van de casusregisseur); {org_name} ({here.nl}) kan deze taak niet krijgen.',
                   f'"{task.en}" can only go to {holders.en} (or, while there is none, to the case '
                   f"coordinator's organisation); {org_name} ({here.en}) cannot take this task."),)


def kinds_taken_over_by(org_kind: str, coordinator_org_kind: str) -> frozenset[str]:
    """The kinds of task a partner of `org_kind` takes over from the coordinator's organisation
    (of `coordinator_org_kind`) when it joins the team: those it does and the coordinator's
    organisation only held as a stand-in."""
    return frozenset(kind for kind, holders in TASK_HOLDERS.items()
                     if org_kind in holders and coordinator_org_kind not in holders)


# A Handle with Care signal is confirmed by the school when it has it: the school cannot decline it,
# and it is not accepted and completed like other work. Only such a signal is confirmed.
RECEIPT_KINDS = frozenset({'school_signal'})
RECEIPT_STEPS = frozenset({'confirm', 'reassign', 'cancel'})
WORK_STEPS = frozenset(TASK_WORKFLOW.events) - {'confirm'}


def task_steps(kind: str) -> frozenset[str]:
    """The events of `TASK_WORKFLOW` that a task of `kind` offers."""
    return RECEIPT_STEPS if kind in RECEIPT_KINDS else WORK_STEPS


def step_refusal(kind: str, event: str) -> Optional[Reason]:
    """Why a task of `kind` has no step `event`; None when it has."""
    if event in task_steps(kind) or event not in TASK_WORKFLOW.events:
        return None
    if kind in RECEIPT_KINDS:
        return Reason('receipt_only',
                      'Een Handle with Care-signaal wordt niet afgewezen, geaccepteerd of afgerond: de '
                      'school bevestigt alleen dat zij het heeft ontvangen.',
                      'A Handle with Care signal is not declined, accepted or completed: the school only '
                      'confirms that it has received it.')
    return Reason('not_a_receipt', 'Alleen een Handle with Care-signaal aan een school wordt bevestigd.',
                  'Only a Handle with Care signal to a school is confirmed.')


SAFETY_ASSESSMENT_TERM = 5  # working days after the report
PLAN_REVISION_TERM = 5  # working days after a relapse for the coordinator to reopen the plan with the team
INVESTIGATION_TERM = timedelta(weeks=10)
CONTRIBUTION_TERM = 5  # working days
RISK_ASSESSMENT_TERM = 2  # working days
SCORE_TERM = 5  # working days for a partner to give its safety score
SCREENING_AFTER_EVENT = timedelta(weeks=4)
SCREENING_TERM = 10  # working days once screening may start
RESTRAINING_ORDER_TERM = timedelta(days=10)
SCHOOL_AGE = range(4, 18)


@dataclass(frozen=True)
class TaskTemplate:
    """A task to create: for organisation `org_id`, optionally about one person.

    `dedupe_key` is stable: the engine skips the template while an open task has the same key,
    or, when `once` is set, while any task ever had it (a signal to the school about one call-out
    is given once, not again when the case enters phase 1 or relapses later).
    `not_before` is the first day the work may start, when that is later than today.
    `due_time` is the time of day on `due` by which it is due, for work due at a moment (the
    school's signal, before school starts); None: by the end of the day.
    """

    kind: str
    org_id: int
    person_id: Optional[int]
    title: Label
    due: date
    dedupe_key: str
    not_before: Optional[date] = None
    once: bool = False
    due_time: Optional[time] = None


@dataclass(frozen=True)
class TaskContext:
    """What templates need beyond the case: the region's calendar, its school days and review
    cadences, and `now`, the moment the tasks are created (Dutch wall-clock time; None: the start
    of the day the facts are judged on)."""

    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    cadence_overrides: Optional[Mapping[str, timedelta]] = None
    school: SchoolCalendar = field(default_factory=SchoolCalendar)
    now: Optional[datetime] = None


def tasks_on_entering(phase: str, facts: CaseFacts,
                      context: Optional[TaskContext] = None) -> list[TaskTemplate]:
    """The tasks a case needs as it enters `phase`, judged on `facts.today`."""
    if phase not in CASE_WORKFLOW.state_names:
        raise KeyError(f'the case workflow has no phase {phase!r}')
    context = context or TaskContext()
    templates = []
    if phase == 'safety_assessment':
        templates.append(_safety_assessment(facts, context))
    elif phase == 'safety':
        templates += [_plan_contribution(p, facts, context) for p in facts.team
                      if not _confirmation_stands(p, facts)]
        templates += [_risk_assessment(p, facts, context)
                      for p in facts.active_partners_of_kind('police')]
        templates += _school_signals(facts, context)
    elif phase == 'risk_care':
        templates += _trauma_screenings(facts, context)
    if phase in ACTIVE_PHASES:
        templates.append(next_review_task(phase, facts, context, after=facts.today))
    return templates


def tasks_on_assessment(facts: CaseFacts,
                        context: Optional[TaskContext] = None) -> list[TaskTemplate]:
    """The tasks Veilig Thuis's chosen route needs once it is recorded: an investigation."""
    context = context or TaskContext()
    if facts.assessment_route != 'investigation':
        return []
    assessed = facts.assessed_on or facts.today
    due = context.calendar.extend_to_working_day(assessed + INVESTIGATION_TERM)
    return [TaskTemplate(
        'investigation', _vt_org(facts), None,
        Label(f'Onderzoek Veilig Thuis afronden (wettelijke termijn 10 weken, uiterlijk '
              f'{format_date(due, "nl")})',
              f'Complete the Veilig Thuis investigation (legal term 10 weeks, by '
              f'{format_date(due, "en")})'),
        due, 'investigation')]


def next_review_task(phase: str, facts: CaseFacts, context: Optional[TaskContext] = None,
                     *, after: date) -> TaskTemplate:
    """The safety-score review of `phase`, one cadence after `after` (entry or last review)."""
    context = context or TaskContext()
    interval = review_interval(phase, context.cadence_overrides)
    due = context.calendar.extend_to_working_day(after + interval)
    return TaskTemplate(
        'safety_review', _coordinator_org(facts), None,
        Label('Veiligheidsscore met het team vaststellen', 'Set the safety score with the team'),
        due, f'safety_review:{phase}')


def score_request_task(review_id: int, org_id: int, opened_on: date, asked_on: date,
                       context: Optional[TaskContext] = None) -> TaskTemplate:
    """The review opened on `opened_on` is open: a partner on the team gives its safety score
    (0-10) with a rationale, so the team score is set multidisciplinarily; asked on `asked_on`
    (a partner that joins the team later is asked when it joins). Done by giving the score."""
    context = context or TaskContext()
    return TaskTemplate(
        'safety_score', org_id, None,
        Label('Veiligheidsscore geven voor de evaluatie van '
              f'{format_date(opened_on, "nl")} (0-10, met toelichting)',
              f'Give your safety score for the review of {format_date(opened_on, "en")} (0-10, with a rationale)'),
        context.calendar.add_working_days(asked_on, SCORE_TERM),
        f'safety_score:{review_id}:{org_id}')


def restraining_order_task(police_org_id: int, assessed_on: date,
                           context: Optional[TaskContext] = None,
                           person_id: Optional[int] = None,
                           recorded_on: Optional[date] = None) -> TaskTemplate:
    """When a RiHG points to a temporary restraining order (huisverbod): consider imposing it.

    Urgent: due the next working day after the RiHG, and never before the day it is recorded.
    The mayor imposes the order for 10 days, extendable to 28 days in total.
    """
    context = context or TaskContext()
    calendar = context.calendar
    due = max(calendar.next_working_day(assessed_on),
              calendar.extend_to_working_day(recorded_on or assessed_on))
    return TaskTemplate(
        'restraining_order', police_org_id, person_id,
        Label(f'Huisverbod overwegen: de RiHG van {format_date(assessed_on, "nl")} wijst op een '
              'tijdelijk huisverbod (opgelegd door de burgemeester voor 10 dagen, te verlengen tot '
              '28 dagen in totaal)',
              f'Consider a temporary restraining order: the RiHG of {format_date(assessed_on, "en")} '
              'points to one (imposed by the mayor for 10 days, extendable to 28 days in total)'),
        due, f'restraining_order:{assessed_on.isoformat()}')


def restraining_order_extension_task(police_org_id: int, imposed_on: date,
                                     context: Optional[TaskContext] = None,
                                     person_id: Optional[int] = None) -> TaskTemplate:
    """An imposed huisverbod ends after 10 days: decide on extending it (to at most 28 days in
    total) before then, so due the last working day before it ends."""
    context = context or TaskContext()
    ends_on, latest = first_end(imposed_on), latest_end(imposed_on)
    due = context.calendar.previous_working_day(ends_on)
    return TaskTemplate(
        'restraining_order', police_org_id, person_id,
        Label(f'Besluit over verlenging van het huisverbod van {format_date(imposed_on, "nl")}: het loopt af '
              f'op {format_date(ends_on, "nl")}; verlengen kan tot uiterlijk {format_date(latest, "nl")} '
              f'({RESTRAINING_ORDER_MAX_DAYS} dagen in totaal)',
              f'Decide on extending the restraining order of {format_date(imposed_on, "en")}: it ends on '
              f'{format_date(ends_on, "en")}; it can be extended until {format_date(latest, "en")} at the latest '
              f'({RESTRAINING_ORDER_MAX_DAYS} days in total)'),
        due, f'restraining_order_extension:{imposed_on.isoformat()}')


def _safety_assessment(facts: CaseFacts, context: TaskContext) -> TaskTemplate:
    reported = facts.first_report_on or facts.today
    due = context.calendar.add_working_days(reported, SAFETY_ASSESSMENT_TERM)
    return TaskTemplate(
        'safety_assessment', _vt_org(facts), None,
        Label(f'Veiligheidsbeoordeling binnen 5 werkdagen na de melding van '
              f'{format_date(reported, "nl")}',
              f'Safety assessment within 5 working days of the report of '
              f'{format_date(reported, "en")}'),
        due, 'safety_assessment')


def _plan_contribution(partner: PartnerFact, facts: CaseFacts,
                       context: TaskContext) -> TaskTemplate:
    return TaskTemplate(
        'safety_plan_contribution', partner.org_id, None,
        Label('Bijdragen aan het veiligheidsplan en het plan bevestigen',
              'Contribute to the safety plan and confirm it'),
        context.calendar.add_working_days(facts.today, CONTRIBUTION_TERM),
        f'safety_plan_contribution:{partner.org_id}')


def _confirmation_stands(partner: PartnerFact, facts: CaseFacts) -> bool:
    """A partner that confirmed the current plan has nothing to contribute until a new version (or
    the reopening after a relapse) voids its confirmation: then it is asked to confirm again."""
    return facts.safety_plan is not None and partner.org_id in facts.safety_plan.confirmed_by


def plan_revision_task(facts: CaseFacts, relapsed_on: date,
                       context: Optional[TaskContext] = None) -> list[TaskTemplate]:
    """After a relapse the case coordinator revises the safety plan with the team: reopening it
    (or saving a new version) voids the partners' confirmations and asks each to confirm again,
    and completes this task. None while there is no plan yet (its drafting is the work then); one
    pending at a time, however many relapses come before the coordinator acts."""
    if facts.safety_plan is None:
        return []
    context = context or TaskContext()
    due = context.calendar.add_working_days(relapsed_on, PLAN_REVISION_TERM)
    return [TaskTemplate(
        'safety_plan_revision', _coordinator_org(facts), None,
        Label(f'Veiligheidsplan met het team herzien na de terugval van {format_date(relapsed_on, "nl")}',
              f'Revise the safety plan with the team after the relapse of {format_date(relapsed_on, "en")}'),
        due, 'safety_plan_revision')]


def plan_confirmation_task(org_id: int, today: date,
                           context: Optional[TaskContext] = None) -> TaskTemplate:
    """A new version of the safety plan voided the partner's confirmation: it confirms again.
    Same kind and key as the contribution task, so a partner never has two of them open."""
    context = context or TaskContext()
    return TaskTemplate(
        'safety_plan_contribution', org_id, None,
        Label('Het gewijzigde veiligheidsplan lezen en opnieuw bevestigen',
              'Read the changed safety plan and confirm it again'),
        context.calendar.add_working_days(today, CONTRIBUTION_TERM),
        f'safety_plan_contribution:{org_id}')


def _risk_assessment(police: PartnerFact, facts: CaseFacts, context: TaskContext) -> TaskTemplate:
    return TaskTemplate(
        'police_risk_assessment', police.org_id, None,
        Label('Risicotaxatie huiselijk geweld (RiHG) uitvoeren en vastleggen',
              'Carry out and record the domestic violence risk assessment (RiHG)'),
        context.calendar.add_working_days(facts.today, RISK_ASSESSMENT_TERM),
        f'police_risk_assessment:{police.org_id}')


def _school_signals(facts: CaseFacts, context: TaskContext) -> list[TaskTemplate]:
    signal = facts.latest_signal
    return school_signal_tasks(facts, signal, context) if signal is not None else []


def school_signal_tasks(facts: CaseFacts, signal: SignalFact,
                        context: Optional[TaskContext] = None) -> list[TaskTemplate]:
    """Handle with Care after a police call-out: the school of every school-age child hears
    *that* something happened, never what, before school starts on the next school day after the
    call-out (`schooldays.school_signal_due`; a call-out recorded late is due when school next
    starts after it is recorded). A call-out whose time of day is not known counts as late that
    evening: due the next school day. One task per child and call-out, ever."""
    if not signal.police_callout:
        return []
    context = context or TaskContext()
    callout = signal.moment if signal.received_at else datetime.combine(signal.received_on, time.max)
    recorded = context.now or datetime.combine(facts.today, time.min)
    due = school_signal_due(callout, context.school, recorded)
    return [
        TaskTemplate(
            'school_signal', _school_org(child, facts), child.id,
            Label(f'Handle with Care: {child.name}, geboren '
                  f'{format_date(child.date_of_birth, "nl")}; codewoord doorgeven',
                  f'Handle with Care: {child.name}, born '
                  f'{format_date(child.date_of_birth, "en")}; pass on the code word'),
            due.date(), f'school_signal:{child.id}:{signal.received_on.isoformat()}', once=True,
            due_time=due.time())
        for child in _school_age_children(facts)
    ]


def _trauma_screenings(facts: CaseFacts, context: TaskContext) -> list[TaskTemplate]:
    care = facts.active_partners_of_kind('care')
    org_id = care[0].org_id if care else _coordinator_org(facts)
    incident = facts.latest_signal.received_on if facts.latest_signal else facts.today
    start = max(facts.today, incident + SCREENING_AFTER_EVENT)
    not_before = start if start > facts.today else None
    settled = {s.person_id for s in facts.screenings if s.settled}
    templates = []
    for person in facts.persons_with_role('victim', 'perpetrator', 'child'):
        if person.id in settled:
            continue
        nl, en = f'Traumascreening {person.name}', f'Trauma screening {person.name}'
        if not_before:
            nl += f' (niet vóór {format_date(not_before, "nl")})'
            en += f' (not before {format_date(not_before, "en")})'
        templates.append(TaskTemplate(
            'trauma_screening', org_id, person.id, Label(nl, en),
            context.calendar.add_working_days(start, SCREENING_TERM),
            f'trauma_screening:{person.id}', not_before))
    return templates


def _school_age_children(facts: CaseFacts) -> list[PersonFact]:
    """Everyone in the household aged 4 to 17, whatever their role in the case."""
    return [p for p in facts.persons
            if p.role != 'network' and p.age_on(facts.today) in SCHOOL_AGE]


def _school_org(child: PersonFact, facts: CaseFacts) -> int:
    """The child's own school, else the only school on the team, else the coordinator."""
    if child.school_org_id is not None:
        return child.school_org_id
    schools = facts.active_partners_of_kind('school')
    return schools[0].org_id if len(schools) == 1 else _coordinator_org(facts)


def _vt_org(facts: CaseFacts) -> int:
    vt = facts.active_partners_of_kind('vt')
    return vt[0].org_id if vt else _coordinator_org(facts)


def _coordinator_org(facts: CaseFacts) -> int:
    if facts.coordinator_org_id is None:
        raise ValueError('task templates need facts.coordinator_org_id to assign unowned work')
    return facts.coordinator_org_id
