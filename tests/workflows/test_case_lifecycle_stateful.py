"""Random histories of one case: the workflow's promises hold after every step.

`CaseSimulator` is the engine's fire() in miniature, built only on the public workflows API: it
checks permission and guards, logs every state change with the facts it was judged on, and
creates the tasks of each phase it enters unless an open task has the same dedupe key.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from hypothesis import settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, initialize, invariant, precondition, rule,
)

from workflows import (
    ACTIVE_PHASES, CASE_WORKFLOW, ENDED_STATES, CareGoalFact, CaseFacts, HandoverFact, PartnerFact, PersonFact,
    SafetyPlanFact, ScoreFact, ScreeningFact, SignalFact, TaskContext, available_actions,
    evaluate, permission_reasons, tasks_on_entering,
)

LATER_STATES = ('risk_care', 'recovery', 'monitoring', 'closed')
ROLES = ('coordinator', 'coordinator', 'coordinator', 'professional', 'steering', 'admin')
PARTNER_KINDS = ('vt', 'police', 'care', 'probation', 'shelter', 'school')
CONTEXT = TaskContext()
COORDINATOR_ORG = PartnerFact(1, 'Wijkteam Voorbeeld', 'local_team')
HOLDER = 'Wijkteam Voorbeeld'


@dataclass
class LogEntry:
    source: str
    dest: str
    event: str
    reason: str
    facts: CaseFacts


@dataclass
class Task:
    dedupe_key: str
    status: str = 'open'


@dataclass
class CaseSimulator:
    today: date = date(2026, 1, 5)
    state: str = CASE_WORKFLOW.initial
    persons: list = field(default_factory=list)
    signals: list = field(default_factory=list)
    outcome: Optional[str] = None
    triage: Optional[bool] = None
    partners: dict = field(default_factory=lambda: {1: COORDINATOR_ORG})
    plan_version: int = 0
    confirmed: set = field(default_factory=set)
    scores: list = field(default_factory=list)
    care_plan: bool = False
    goals: list = field(default_factory=list)
    screenings: dict = field(default_factory=dict)
    handover: Optional[HandoverFact] = None
    re_report_pending: bool = False
    log: list = field(default_factory=list)
    tasks: list = field(default_factory=list)

    def facts(self) -> CaseFacts:
        return CaseFacts(
            state=self.state, today=self.today, persons=self.persons, signals=self.signals,
            assessment_outcome=self.outcome, partners=tuple(self.partners.values()),
            coordinator_org_id=COORDINATOR_ORG.org_id,
            safety_plan=(SafetyPlanFact(self.plan_version, frozenset(self.confirmed))
                         if self.plan_version else None),
            scores=self.scores, has_care_plan=self.care_plan, care_goals=self.goals,
            screenings=tuple(self.screenings.values()), handover=self.handover,
            re_report_pending=self.re_report_pending, triage_accepted=self.triage)

    def hand_over(self, state: str = 'accepted', months: int = 12):
        """The handover of zicht op veiligheid to the local team, proposed today with an agreement
        that runs ``months`` on."""
        self.handover = HandoverFact(HOLDER, state, self.today, self.today + timedelta(days=30 * months),
                                     self.today if state != 'proposed' else None,
                                     'Geen capaciteit.' if state == 'declined' else '')

    def may_fire(self, event: str, role: str) -> bool:
        transition = CASE_WORKFLOW.transition(event, self.state)
        return transition is not None and not (
            permission_reasons(transition, role, 'local_team')
            or evaluate(CASE_WORKFLOW, event, self.facts()))

    def fire(self, event: str, role: str, reason: str = '') -> bool:
        transition = CASE_WORKFLOW.transition(event, self.state)
        if not self.may_fire(event, role) or (transition.needs_reason and not reason.strip()):
            return False
        self.log.append(LogEntry(self.state, transition.dest, event, reason, self.facts()))
        self.state = transition.dest
        if event == 'reopen':  # the decision is taken, and the handover ends: MDA++ takes over again
            self.re_report_pending, self.handover = False, None
        for template in tasks_on_entering(self.state, self.facts(), CONTEXT):
            if not self.open_task(template.dedupe_key):
                self.tasks.append(Task(template.dedupe_key))
        return True

    def open_task(self, key: str) -> bool:
        return any(t.dedupe_key == key and t.status == 'open' for t in self.tasks)

    def add_partner(self, kind: str, active: bool) -> PartnerFact:
        org_id = max(self.partners) + 1
        partner = PartnerFact(org_id, f'{kind.title()} Voorbeeld {org_id}', kind, active)
        self.partners[org_id] = partner
        return partner

    def set_partner(self, org_id: int, active: bool):
        p = self.partners[org_id]
        self.partners[org_id] = PartnerFact(p.org_id, p.name, p.kind, active)

    def add_score(self, value: int, partners: int = 2, days: int = 1):
        self.today += timedelta(days=days)
        self.scores.append(ScoreFact(self.today, value, partners))


class CaseLifecycle(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.case = CaseSimulator()

    @rule(role=st.sampled_from(('victim', 'perpetrator', 'child', 'household', 'network')),
          age=st.integers(0, 70))
    def add_person(self, role, age):
        born = date(self.case.today.year - age, 3, 1)
        self.case.persons.append(PersonFact(len(self.case.persons) + 10,
                                            f'Persoon {len(self.case.persons) + 1}', role, born))

    @rule(police_callout=st.booleans())
    def add_signal(self, police_callout):
        self.case.signals.append(SignalFact(self.case.today, police_callout))

    @rule(outcome=st.sampled_from(('acute', 'structural', 'none')),
          triage=st.sampled_from((None, True, False)))
    def record_assessment(self, outcome, triage):
        self.case.outcome, self.case.triage = outcome, triage

    @rule(kind=st.sampled_from(PARTNER_KINDS), active=st.booleans())
    def invite_partner(self, kind, active):
        self.case.add_partner(kind, active)

    @rule(data=st.data(), active=st.booleans())
    def partner_joins_or_leaves(self, data, active):
        org_id = data.draw(st.sampled_from(sorted(self.case.partners)))
        self.case.set_partner(org_id, active)

    @rule()
    def draft_new_plan_version(self):
        self.case.plan_version += 1
        self.case.confirmed = set()

    @rule(data=st.data())
    def partner_confirms_plan(self, data):
        self.case.confirmed.add(data.draw(st.sampled_from(sorted(self.case.partners))))

    @rule(value=st.integers(0, 10), partners=st.integers(0, 3), days=st.integers(0, 60))
    def set_score(self, value, partners, days):
        self.case.add_score(value, partners, days)

    @rule(data=st.data(), status=st.sampled_from(('open', 'done', 'refused', 'postponed')),
          positive=st.sampled_from((None, True, False)), treated=st.booleans(),
          reason=st.sampled_from((None, '', 'Wil niet')))
    def screen_person(self, data, status, positive, treated, reason):
        if self.case.persons:
            person = data.draw(st.sampled_from(self.case.persons))
            self.case.screenings[person.id] = ScreeningFact(person.id, status, positive, reason,
                                                            treated)

    @rule(kind=st.sampled_from(('risk', 'recovery')), evaluated=st.booleans())
    def write_care_goal(self, kind, evaluated):
        self.case.care_plan = True
        if self.case.persons:
            self.case.goals.append(CareGoalFact(self.case.persons[0].id, kind, 'schulden',
                                                evaluated))

    @precondition(lambda self: self.case.state not in ENDED_STATES)
    @rule(state=st.sampled_from((None, 'proposed', 'accepted', 'declined')), months=st.integers(0, 12))
    def hand_over_zicht_op_veiligheid(self, state, months):
        if state is None:
            self.case.handover = None
        else:
            self.case.hand_over(state, months)

    @precondition(lambda self: self.case.state == 'closed')
    @rule()
    def a_new_report_after_closure(self):
        self.case.signals.append(SignalFact(self.case.today, True))
        self.case.re_report_pending = True

    @rule(days=st.integers(1, 40))
    def time_passes(self, days):
        self.case.today += timedelta(days=days)

    @rule(data=st.data())
    def complete_a_task(self, data):
        open_tasks = [t for t in self.case.tasks if t.status == 'open']
        if open_tasks:
            data.draw(st.sampled_from(open_tasks)).status = 'done'

    @rule(event=st.sampled_from(CASE_WORKFLOW.events), role=st.sampled_from(ROLES),
          reason=st.sampled_from(('', 'Nieuwe melding van de politie')))
    def fire(self, event, role, reason):
        offered = {a.event: a.allowed for a in available_actions(
            CASE_WORKFLOW, self.case.facts(), role, 'local_team')}
        before = self.case.state
        step = CASE_WORKFLOW.transition(event, before)
        fired = self.case.fire(event, role, reason)
        assert fired == (offered.get(event, False) and (bool(reason) or not step.needs_reason))
        assert fired or self.case.state == before

    @precondition(lambda self: not CASE_WORKFLOW.state(self.case.state).final)
    @rule(data=st.data(), role=st.sampled_from(ROLES),
          reason=st.sampled_from(('', 'Nieuwe melding van de politie')))
    def fire_a_step_from_here(self, data, role, reason):
        steps = CASE_WORKFLOW.transitions_from(self.case.state)
        self.fire(data.draw(st.sampled_from([t.event for t in steps])), role, reason)

    @precondition(lambda self: self.case.state in ACTIVE_PHASES)
    @rule()
    def relapse_after_a_new_incident(self):
        self.case.signals.append(SignalFact(self.case.today, True))
        assert not self.case.fire('relapse', 'coordinator', '  ')
        assert self.case.fire('relapse', 'coordinator', 'Nieuw incident, politie ter plaatse')
        assert self.case.state == 'safety'

    @initialize(steps=st.integers(0, 7), hand_over=st.booleans())
    def start_somewhere_along_the_way(self, steps, hand_over):
        for _ in range(steps):
            if self.case.state not in ENDED_STATES:
                self.take_the_next_step(hand_over)

    @precondition(lambda self: self.case.state not in ENDED_STATES)
    @rule(hand_over=st.booleans())
    def take_the_next_step(self, hand_over):
        self.make_the_next_step_possible(hand_over)
        forward = [a.event for a in available_actions(
            CASE_WORKFLOW, self.case.facts(), 'coordinator', 'local_team')
            if a.allowed and a.event != 'relapse']
        assert forward, self.case.state
        event = 'hand_over' if hand_over and 'hand_over' in forward else forward[0]
        assert self.case.fire(event, 'coordinator')

    @rule(hand_over=st.booleans())
    def make_the_next_step_possible(self, hand_over):
        """Fill in what the current phase asks for, so that histories reach the later phases."""
        case = self.case
        if case.state == 'registered':
            self.add_person('victim', 34)
            self.add_signal(True)
        elif case.state == 'safety_assessment':
            case.outcome, case.triage = 'structural', True
            if hand_over:
                case.hand_over()
            while len([p for p in case.partners.values() if p.active and p.shares_plans]) < 2:
                case.add_partner('police', True)
        elif case.state == 'safety':
            case.set_partner(COORDINATOR_ORG.org_id, True)
            case.plan_version += 1
            case.confirmed = set(case.partners)
            case.add_score(7)
        elif case.state == 'risk_care':
            case.care_plan = True
            case.goals += [CareGoalFact(p.id, 'risk', 'verslaving') for p in case.persons]
            for p in case.persons:
                case.screenings[p.id] = ScreeningFact(p.id, 'done', p.id % 2 == 0)
        elif case.state == 'recovery':
            case.goals = [CareGoalFact(g.person_id, g.kind, g.risk_factor, True)
                          for g in case.goals]
            for key, s in case.screenings.items():
                case.screenings[key] = ScreeningFact(s.person_id, s.status, s.positive, s.reason,
                                                     True)
        elif case.state == 'monitoring':
            case.add_score(9)
            case.add_score(8, days=42)
            case.hand_over()

    @invariant()
    def every_state_change_is_logged(self):
        state = CASE_WORKFLOW.initial
        for entry in self.case.log:
            assert entry.source == state and entry.facts.state == state
            assert CASE_WORKFLOW.transition(entry.event, entry.source).dest == entry.dest
            assert evaluate(CASE_WORKFLOW, entry.event, entry.facts) == ()
            state = entry.dest
        assert state == self.case.state

    @invariant()
    def later_phases_started_with_an_agreed_safety_plan(self):
        if self.case.state in LATER_STATES:
            entries = [e for e in self.case.log if e.dest in ('safety', 'risk_care')]
            assert entries[-1].dest == 'risk_care'
            assert entries[-1].facts.safety_plan_agreed
        for entry in self.case.log:
            if entry.dest == 'risk_care':
                assert entry.facts.safety_plan_agreed

    @invariant()
    def relapse_is_possible_from_every_active_phase(self):
        if self.case.state in ACTIVE_PHASES:
            assert self.case.may_fire('relapse', 'coordinator')
            assert CASE_WORKFLOW.transition('relapse', self.case.state).needs_reason

    @invariant()
    def no_two_open_tasks_share_a_dedupe_key(self):
        keys = [t.dedupe_key for t in self.case.tasks if t.status == 'open']
        assert len(keys) == len(set(keys))

    @invariant()
    def closed_only_with_an_accepted_handover_that_runs(self):
        for entry in self.case.log:
            if entry.dest in ('closed', 'handed_over'):
                handover = entry.facts.handover
                assert handover.state == 'accepted' and handover.until > entry.facts.today

    @invariant()
    def reopened_only_on_a_new_report_after_closure(self):
        for entry in self.case.log:
            if entry.event == 'reopen':
                assert entry.source == 'closed' and entry.dest == 'safety'
                assert entry.facts.re_report_pending and entry.reason.strip()

    @invariant()
    def closed_only_after_safety_held_in_multidisciplinary_reviews(self):
        """Two team scores at or above the closing threshold, each set with enough partner scores,
        at least the region's interval apart and nothing lower in between: never one meeting, never
        the coordinator alone."""
        for entry in self.case.log:
            if entry.dest != 'closed':
                continue
            facts = entry.facts
            counted = [s for s in facts.scores if s.partners >= facts.partner_scores_needed]
            holding = []
            for score in reversed(counted):
                if score.team_score < facts.closing_threshold:
                    break
                holding.append(score)
            assert len(holding) >= 2
            assert holding[0].on - holding[-1].on >= facts.closing_review_gap

    @invariant()
    def relapses_carry_a_reason(self):
        assert all(e.reason.strip() for e in self.case.log if e.event == 'relapse')


CaseLifecycle.TestCase.settings = settings(
    max_examples=50, stateful_step_count=30, deadline=None, database=None, derandomize=True)
TestCaseLifecycle = CaseLifecycle.TestCase


def test_the_simulator_can_reach_closure():
    """A sanity check that the helping rule really walks a case all the way through."""
    machine = CaseLifecycle()
    machine.start_somewhere_along_the_way(steps=6, hand_over=False)
    assert machine.case.state == 'closed'
    assert [e.dest for e in machine.case.log] == [
        'safety_assessment', 'safety', 'risk_care', 'recovery', 'monitoring', 'closed']
    machine.teardown()


def test_the_simulator_reopens_a_closed_case_after_a_new_report():
    machine = CaseLifecycle()
    machine.start_somewhere_along_the_way(steps=6, hand_over=False)
    assert not machine.case.fire('reopen', 'coordinator', 'Nieuwe melding')  # no report yet
    machine.a_new_report_after_closure()
    assert not machine.case.fire('reopen', 'coordinator', '')  # a reason is needed
    assert machine.case.fire('reopen', 'coordinator', 'Nieuwe melding van de politie')
    assert machine.case.state == 'safety' and machine.case.log[-1].source == 'closed'
    machine.teardown()


def test_the_simulator_can_hand_a_case_over():
    machine = CaseLifecycle()
    machine.start_somewhere_along_the_way(steps=2, hand_over=True)
    assert [e.dest for e in machine.case.log] == ['safety_assessment', 'handed_over']
