"""What the guards and task templates know about a case: plain, frozen facts.

The engine builds one `CaseFacts` from the database each time it checks or fires a transition
or creates the tasks of a phase; guards never touch a database. The contract:

- `state`: the case's current state (a name in `CASE_WORKFLOW`); `today`: the date to judge on.
- `persons`: everyone in the dossier (`PersonFact`), with role victim, perpetrator, child,
  household or network, and `school_org_id` when the child's school is on the team.
- `signals`: every signal or report (`SignalFact`), in any order; kept oldest first.
- `assessment_outcome`: Veilig Thuis's safety assessment, 'acute', 'structural' or 'none';
  `assessment_route`: the route chosen after it (see `vocabulary.ASSESSMENT_ROUTES`).
- `partners`: every organisation invited to the team (`PartnerFact`); `active` means it accepted
  and has not left. `coordinator_org_id`: the organisation of the case coordinator.
- `safety_plan`: the current version of the safety plan and who confirmed that version.
- `scores`: the team's multidisciplinary safety scores (0-10), each with the number of partner
  organisations besides the coordinator's that scored; kept oldest first. A review counts when at
  least `partner_scores_needed` partners scored; closing needs counted reviews at or above the
  closing threshold at least `closing_review_gap` apart (both regional settings).
- `has_care_plan`, `care_goals` (a goal shared by several persons appears once per person),
  `screenings` (trauma screenings, any number per person).
- `safety_holder`: the organisation that holds *zicht op veiligheid* after handover or closure.
- `triage_accepted`: None when the family was never applied for MDA++; True when the latest
  decided application was accepted; False while one waits for triage or was refused. Phase 1 needs
  True.
- `safety_threshold`, `closing_threshold`: the region's or case's score thresholds.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional

from .case import CASE_WORKFLOW, CLOSING_REVIEW_GAP, CLOSING_THRESHOLD, PARTNER_SCORES_NEEDED, SAFETY_THRESHOLD
from .vocabulary import (
    ASSESSMENT_OUTCOMES, ASSESSMENT_ROUTES, GOAL_KINDS, NON_PLAN_ORG_KINDS, ORG_KINDS,
    PERSON_ROLES, SCREENING_STATUSES,
)


@dataclass(frozen=True)
class TaskFacts:
    """What the task workflow's guards know: the task's `kind`, and whether the step comes
    `through_record`: from the operation that records the task's result in its own form."""

    kind: str
    through_record: bool = False


@dataclass(frozen=True)
class ApplicationFacts:
    """What the application workflow's guards know: its `state`, how many `persons` it names,
    whether `reason` and `goal` are written, the `criteria` ticked and those `unexplained`, and,
    for a `new_family`, whether the latest incident's date and type of violence are given."""

    state: str
    persons: int = 0
    reason: bool = False
    goal: bool = False
    criteria: int = 0
    unexplained: int = 0
    new_family: bool = True
    signal_date: bool = False
    violence_type: bool = False


@dataclass(frozen=True)
class ConferenceFacts:
    """What the conference and minutes workflows' guards know: the `state` of the row, the day
    the conference is `held_on`, and `today`."""

    state: str
    held_on: date
    today: date


@dataclass(frozen=True)
class EscalationFacts:
    """What the escalation workflow's guards know: its `state`, the `level` it is at (0 before it
    is raised), the `target` level a step would put it at, and the `top` level of the region's ladder."""

    state: str
    level: int
    target: int
    top: int


@dataclass(frozen=True)
class RestrainingOrderFacts:
    """What the restraining order's guards know: its `state`, the day it was `imposed_on`, the
    day it `ends_on`, `today`, and the end date an extension asks for (`new_end`, None when not
    given yet)."""

    state: str
    imposed_on: date
    ends_on: date
    today: date
    new_end: Optional[date] = None


def _require(value, allowed, what):
    if value not in allowed:
        raise ValueError(f'unknown {what} {value!r}; expected one of {sorted(allowed)}')


@dataclass(frozen=True)
class PersonFact:
    id: int
    name: str
    role: str
    date_of_birth: Optional[date] = None
    school_org_id: Optional[int] = None

    def __post_init__(self):
        _require(self.role, PERSON_ROLES, 'person role')

    def age_on(self, day: date) -> Optional[int]:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class SignalFact:
    """A signal or report of `received_on`, at `received_at` when its time of day is known (a
    police call-out at 22:40)."""

    received_on: date
    police_callout: bool = False
    received_at: Optional[time] = None

    @property
    def moment(self) -> datetime:
        """When it happened; the start of its day when the time of day is not known."""
        return datetime.combine(self.received_on, self.received_at or time.min)


@dataclass(frozen=True)
class PartnerFact:
    org_id: int
    name: str
    kind: str
    active: bool = True

    def __post_init__(self):
        _require(self.kind, ORG_KINDS, 'organisation kind')

    @property
    def shares_plans(self) -> bool:
        return self.kind not in NON_PLAN_ORG_KINDS


@dataclass(frozen=True)
class SafetyPlanFact:
    version: int
    confirmed_by: frozenset[int] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, 'confirmed_by', frozenset(self.confirmed_by))


@dataclass(frozen=True)
class ScoreFact:
    """A team score set `on` a day; `partners`: how many partner organisations besides the
    coordinator's own gave their score at that review."""

    on: date
    team_score: int
    partners: int = 0

    def __post_init__(self):
        if not 0 <= self.team_score <= 10:
            raise ValueError(f'a safety score runs from 0 to 10, not {self.team_score}')
        if self.partners < 0:
            raise ValueError('a review cannot have fewer than no partner scores')


@dataclass(frozen=True)
class CareGoalFact:
    """A care-plan goal as it concerns one person: a goal for a pair or for the family as a whole
    appears once for each person it is for."""

    person_id: int
    kind: str
    risk_factor: Optional[str] = None
    evaluated: bool = False

    def __post_init__(self):
        _require(self.kind, GOAL_KINDS, 'care goal kind')


@dataclass(frozen=True)
class ScreeningFact:
    person_id: int
    status: str
    positive: Optional[bool] = None
    reason: Optional[str] = None
    has_treatment_task: bool = False

    def __post_init__(self):
        _require(self.status, SCREENING_STATUSES, 'screening status')

    @property
    def settled(self) -> bool:
        """Done, or refused with a recorded reason."""
        return self.status == 'done' or (self.status == 'refused' and bool(_text(self.reason)))


@dataclass(frozen=True)
class CaseFacts:
    state: str
    today: date
    persons: tuple[PersonFact, ...] = ()
    signals: tuple[SignalFact, ...] = ()
    assessment_outcome: Optional[str] = None
    assessment_route: Optional[str] = None
    assessed_on: Optional[date] = None
    partners: tuple[PartnerFact, ...] = ()
    coordinator_org_id: Optional[int] = None
    safety_plan: Optional[SafetyPlanFact] = None
    scores: tuple[ScoreFact, ...] = ()
    has_care_plan: bool = False
    care_goals: tuple[CareGoalFact, ...] = ()
    screenings: tuple[ScreeningFact, ...] = ()
    safety_holder: Optional[str] = None
    triage_accepted: Optional[bool] = None
    safety_threshold: int = SAFETY_THRESHOLD
    closing_threshold: int = CLOSING_THRESHOLD
    partner_scores_needed: int = PARTNER_SCORES_NEEDED
    closing_review_gap: timedelta = CLOSING_REVIEW_GAP

    def __post_init__(self):
        _require(self.state, CASE_WORKFLOW.state_names, 'case state')
        for name in ('persons', 'partners', 'care_goals', 'screenings'):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        by_date = sorted(self.signals, key=lambda s: s.moment)
        object.__setattr__(self, 'signals', tuple(by_date))
        object.__setattr__(self, 'scores', tuple(sorted(self.scores, key=lambda s: s.on)))
        if self.assessment_outcome is not None:
            _require(self.assessment_outcome, ASSESSMENT_OUTCOMES, 'assessment outcome')
        if self.assessment_route is not None:
            _require(self.assessment_route, ASSESSMENT_ROUTES, 'assessment route')

    @property
    def signal_count(self) -> int:
        return len(self.signals)

    @property
    def first_report_on(self) -> Optional[date]:
        return self.signals[0].received_on if self.signals else None

    @property
    def latest_signal(self) -> Optional[SignalFact]:
        return self.signals[-1] if self.signals else None

    @property
    def active_partners(self) -> tuple[PartnerFact, ...]:
        return tuple(p for p in self.partners if p.active)

    @property
    def team(self) -> tuple[PartnerFact, ...]:
        """Active partners that share the plans: every kind but the school and steering group."""
        return tuple(p for p in self.active_partners if p.shares_plans)

    def active_partners_of_kind(self, kind: str) -> tuple[PartnerFact, ...]:
        return tuple(p for p in self.active_partners if p.kind == kind)

    def persons_with_role(self, *roles: str) -> tuple[PersonFact, ...]:
        return tuple(p for p in self.persons if p.role in roles)

    @property
    def latest_score(self) -> Optional[ScoreFact]:
        return self.scores[-1] if self.scores else None

    @property
    def counted_scores(self) -> tuple[ScoreFact, ...]:
        """The team scores set with enough partner scores to count as multidisciplinary."""
        return tuple(s for s in self.scores if s.partners >= self.partner_scores_needed)

    @property
    def unconfirmed_partners(self) -> tuple[PartnerFact, ...]:
        """Team partners that have not confirmed the current safety plan version."""
        confirmed = self.safety_plan.confirmed_by if self.safety_plan else frozenset()
        return tuple(p for p in self.team if p.org_id not in confirmed)

    @property
    def safety_plan_agreed(self) -> bool:
        return self.safety_plan is not None and bool(self.team) and not self.unconfirmed_partners


def _text(value: Optional[str]) -> str:
    return (value or '').strip()
