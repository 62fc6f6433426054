"""Random histories of one real case on the real database: Hypothesis writes the records the guards
read (persons, assessment, triage, team, plan versions and confirmations, reviews, care goals,
screenings, the holder of *zicht op veiligheid*) and fires random events through
``mda.engine.core.fire``. After every step the promises of the workflow hold in the rows:
every state change is in the transition log, phase 2 and later were entered with an agreed safety
plan, relapse is offered from every active phase, no two pending tasks share a dedupe key, and a
case is closed or handed over only with a named holder."""
from datetime import date, timedelta
from itertools import count

from hypothesis import settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test,
)
from sqlalchemy import func, select

from mda.core import clock
from mda.dossiers.models import Person
from mda.engine.core import available, fire
from mda.casework.facts import case_facts
from mda.engine.models import TransitionLog
from mda.errors import ConflictError, Refused
from mda.extensions import db
from mda.intake.models import Application
from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import SafetyAssessment
from mda.reviews.models import PartnerScore, SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.safetyplan.operations import reopen_after_relapse
from mda.safetyplan.revision import pending_revision
from mda.tasks.models import Task
from mda.closing.models import Handover
from mda.closing.queries import current_holder
from mda.engine.protection import force_state
from tests import factories as make
from workflows import ACTIVE_PHASES, CASE_WORKFLOW, ENDED_STATES

START = date(2026, 3, 2)
PENDING = ("open", "accepted")
REASONS = ("", "Nieuw incident: politie ter plaatse")
regions = count(1)


class RealCase(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.today = START
        reg = make.region(f"Regio Stateful {next(regions)}")
        self.team = make.organisation(reg, "Wijkteam Stateful")
        self.kinds = {kind: make.organisation(reg, f"{kind} Stateful", kind)
                      for kind in ("vt", "police", "care", "probation")}
        self.coordinator = make.user(self.team, f"coord{reg.id}", "coordinator")
        self.professional = make.user(self.kinds["police"], f"agent{reg.id}")
        self.dossier = make.dossier(self.coordinator, f"Gezin Stateful {reg.id}")
        self.dossier.signals[0].reported_on = START
        self.entered = []  # (event, facts judged on) of every successful fire
        db.session.flush()

    def teardown(self):
        db.session.rollback()

    # --- the records the guards read ----------------------------------------------------------

    @rule(role=st.sampled_from(("victim", "perpetrator", "child", "household", "network")), age=st.integers(0, 70))
    def add_person(self, role, age):
        db.session.add(Person(dossier_id=self.dossier.id, name=f"Persoon {age}{role}", role=role,
                              date_of_birth=date(self.today.year - age, 3, 1)))
        db.session.flush()

    @rule(kind=st.sampled_from(("vt", "police", "care", "probation")), status=st.sampled_from(("invited", "active")))
    def partner_on_team(self, kind, status):
        org = self.kinds[kind]
        membership = next((m for m in self.dossier.memberships if m.organisation_id == org.id), None)
        if membership is None:
            membership = make_membership(self.dossier, org.id, status)
        force_state(membership, status)
        db.session.flush()

    @rule(outcome=st.sampled_from(("acute", "structural", "none")))
    def assessment(self, outcome):
        db.session.add(SafetyAssessment(dossier_id=self.dossier.id, outcome=outcome, route="mda_plus",
                                        assessed_on=self.today, organisation_id=self.kinds["vt"].id,
                                        author_id=self.coordinator.id))
        db.session.flush()

    @rule(accepted=st.booleans())
    def triage(self, accepted):
        db.session.add(Application(
            region_id=self.dossier.region_id, organisation_id=self.kinds["vt"].id, applicant_id=self.coordinator.id,
            dossier_id=self.dossier.id, for_existing_dossier=True, stage="accepted" if accepted else "not_accepted",
            reason="Herhaald geweld.", decision_reason="Besluit van het triageoverleg.",
            decided_at=clock.utcnow()))
        db.session.flush()

    def current_plan(self) -> SafetyPlan | None:
        return db.session.scalar(select(SafetyPlan).where(SafetyPlan.dossier_id == self.dossier.id)
                                 .order_by(SafetyPlan.version.desc()).limit(1))

    @rule()
    def new_plan_version(self):
        plan = self.current_plan()
        db.session.add(SafetyPlan(dossier_id=self.dossier.id, version=plan.version + 1 if plan else 1,
                                  author_id=self.coordinator.id, danger_statement="Vader komt terug."))
        db.session.flush()

    @rule(everyone=st.booleans())
    def partners_confirm(self, everyone):
        plan = self.current_plan()
        if plan is None:
            return
        done = {c.organisation_id for c in db.session.scalars(
            select(SafetyPlanConfirmation).where(SafetyPlanConfirmation.plan_id == plan.id))}
        members = [m.organisation_id for m in self.dossier.memberships if m.status == "active"]
        for org_id in (members if everyone else members[:1]):
            if org_id not in done:
                db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=org_id,
                                                      user_id=self.coordinator.id))
        db.session.flush()

    @rule()
    def coordinator_revises_the_plan(self):
        """After a relapse: the coordinator reopens the plan with the team (their task)."""
        plan = self.current_plan()
        if plan is not None and pending_revision(self.dossier.id) is not None:
            reopen_after_relapse(self.coordinator, self.dossier, based_on=plan.version, today=self.today)

    @rule(score=st.integers(0, 10), partners=st.integers(0, 3), days=st.integers(1, 50))
    def review(self, score, partners=2, days=1):
        """A closed review a few days on, with the scores of ``partners`` organisations besides the
        coordinator's (the coordinator's own organisation scores too)."""
        self.today += timedelta(days=days)
        review = SafetyReview(dossier_id=self.dossier.id, phase=self.dossier.state, held_on=self.today,
                              team_score=score, author_id=self.coordinator.id)
        db.session.add(review)
        db.session.flush()
        for org in [self.team, self.kinds["vt"], self.kinds["police"], self.kinds["care"]][:partners + 1]:
            db.session.add(PartnerScore(review_id=review.id, organisation_id=org.id, score=score,
                                        user_id=self.coordinator.id))
        db.session.flush()

    @rule(evaluated=st.booleans())
    def care_goals_for_everyone(self, evaluated):
        for person in self.dossier.persons:
            db.session.add(CareGoal(dossier_id=self.dossier.id, person_id=person.id, kind="risk",
                                    risk_factor="addiction", evaluation="achieved" if evaluated else None,
                                    author_id=self.coordinator.id))
        db.session.flush()

    @rule(status=st.sampled_from(("done", "refused")))
    def screen_everyone(self, status):
        for person in self.dossier.persons:
            db.session.add(TraumaScreening(dossier_id=self.dossier.id, person_id=person.id, status=status,
                                           positive=False if status == "done" else None,
                                           reason="Wil niet." if status == "refused" else "",
                                           author_id=self.coordinator.id))
        db.session.flush()

    @precondition(lambda self: self.dossier.state not in ENDED_STATES)
    @rule(named=st.booleans())
    def safety_holder(self, named):
        """The local team accepted zicht op veiligheid, or nobody holds it (any earlier handover ended)."""
        for handover in db.session.scalars(select(Handover).where(Handover.dossier_id == self.dossier.id,
                                                                  Handover.state == "accepted")):
            force_state(handover, "withdrawn")
        db.session.flush()
        if named:
            make.accepted_handover(self.dossier, self.team, until=self.today + timedelta(days=365))

    @rule(days=st.integers(1, 40))
    def time_passes(self, days):
        self.today += timedelta(days=days)

    # --- events -------------------------------------------------------------------------------

    @rule(data=st.data(), reason=st.sampled_from(REASONS), as_coordinator=st.booleans())
    def fire(self, data, reason, as_coordinator):
        steps = CASE_WORKFLOW.transitions_from(self.dossier.state)
        event = data.draw(st.sampled_from([t.event for t in steps] or list(CASE_WORKFLOW.events)))
        user = self.coordinator if as_coordinator else self.professional
        before, logged = self.dossier.state, self.log_count()
        facts = case_facts(self.dossier, self.today)
        offered = {a.event: a.allowed for a in available(self.dossier, user, self.today)}
        try:
            fire(self.dossier, event, user, reason=reason, today=self.today)
        except (Refused, ConflictError):
            assert self.dossier.state == before and self.log_count() == logged
            return
        step = CASE_WORKFLOW.transition(event, before)
        assert as_coordinator and offered[event] and (reason or not step.needs_reason)
        self.entered.append((event, step.dest, facts))

    @initialize(steps=st.integers(0, 6))
    def start_somewhere_along_the_way(self, steps):
        for _ in range(steps):
            if self.dossier.state not in ENDED_STATES:
                self.take_the_next_step()

    @precondition(lambda self: self.dossier.state not in ENDED_STATES)
    @rule()
    def take_the_next_step(self):
        """Writes what the current phase asks for and moves on, so histories reach later phases."""
        state = self.dossier.state
        if state == "registered" and not self.dossier.persons:
            self.add_person("victim", 34)
        elif state == "safety_assessment":
            self.assessment("structural")
            self.triage(True)
            self.partner_on_team("vt", "active")
            self.partner_on_team("police", "active")
        elif state == "safety":
            self.coordinator_revises_the_plan()
            self.new_plan_version()
            self.partners_confirm(True)
            self.review(7)
        elif state == "risk_care":
            self.care_goals_for_everyone(True)
            self.screen_everyone("done")
        elif state == "recovery":
            for goal in db.session.scalars(select(CareGoal).where(CareGoal.dossier_id == self.dossier.id)):
                goal.evaluation = "achieved"
            db.session.flush()
        elif state == "monitoring":
            self.review(9)
            self.review(9, days=42)
            self.safety_holder(True)
        forward = [a.event for a in available(self.dossier, self.coordinator, self.today)
                   if a.allowed and a.event != "relapse"]
        assert forward, (state, [a.reasons for a in available(self.dossier, self.coordinator, self.today)])
        facts = case_facts(self.dossier, self.today)
        dest = fire(self.dossier, forward[0], self.coordinator, today=self.today).state
        self.entered.append((forward[0], dest, facts))

    @precondition(lambda self: self.dossier.state in ACTIVE_PHASES)
    @rule()
    def relapse_after_a_new_incident(self):
        facts = case_facts(self.dossier, self.today)
        with_reason = fire(self.dossier, "relapse", self.coordinator, reason="Nieuw incident", today=self.today).state
        assert with_reason == "safety"
        self.entered.append(("relapse", "safety", facts))

    # --- promises -----------------------------------------------------------------------------

    def log_count(self) -> int:
        return db.session.scalar(select(func.count(TransitionLog.id)).where(
            TransitionLog.dossier_id == self.dossier.id, TransitionLog.workflow == "case"))

    @invariant()
    def every_state_change_is_logged_in_order(self):
        rows = db.session.scalars(select(TransitionLog).where(
            TransitionLog.dossier_id == self.dossier.id, TransitionLog.workflow == "case")
            .order_by(TransitionLog.id)).all()
        state = CASE_WORKFLOW.initial
        for row in rows:
            assert row.from_state == state and CASE_WORKFLOW.transition(row.event, state).dest == row.to_state
            state = row.to_state
        assert state == self.dossier.state

    @invariant()
    def later_phases_were_entered_with_an_agreed_plan(self):
        for _event, dest, facts in self.entered:
            if dest == "risk_care":
                assert facts.safety_plan_agreed

    @invariant()
    def relapse_is_offered_from_every_active_phase(self):
        if self.dossier.state in ACTIVE_PHASES:
            relapse = next(a for a in available(self.dossier, self.coordinator, self.today) if a.event == "relapse")
            assert relapse.allowed and relapse.needs_reason

    @invariant()
    def no_two_pending_tasks_share_a_dedupe_key(self):
        duplicated = db.session.execute(
            select(Task.dedupe_key).where(Task.dossier_id == self.dossier.id, Task.state.in_(PENDING),
                                          Task.dedupe_key.is_not(None), Task.dedupe_key != "")
            .group_by(Task.dedupe_key).having(func.count(Task.id) > 1)).all()
        assert duplicated == []

    @invariant()
    def closed_only_when_safety_held_in_multidisciplinary_reviews(self):
        for _event, dest, facts in self.entered:
            if dest != "closed":
                continue
            counted = [s for s in facts.scores if s.partners >= facts.partner_scores_needed]
            assert len(counted) >= 2 and counted[-1].on - counted[-2].on >= timedelta(0)
            holding = []
            for score in reversed(counted):
                if score.team_score < facts.closing_threshold:
                    break
                holding.append(score)
            assert len(holding) >= 2 and holding[0].on - holding[-1].on >= facts.closing_review_gap

    @invariant()
    def closed_or_handed_over_only_with_an_accepted_handover(self):
        for _event, dest, facts in self.entered:
            if dest in ("closed", "handed_over"):
                assert facts.handover.state == "accepted" and facts.handover.until > facts.today
        if self.dossier.state in ("closed", "handed_over"):
            assert current_holder(self.dossier.id) is not None


def make_membership(dossier, org_id, status):
    from mda.dossiers.models import TeamMembership
    membership = TeamMembership(organisation_id=org_id, team_role="safety", legal_basis="meldcode", status=status,
                                joined_on=START)
    dossier.memberships.append(membership)
    return membership


def test_random_histories_of_a_real_case_keep_the_workflows_promises(app_ctx):
    run_state_machine_as_test(RealCase, settings=settings(
        max_examples=40, stateful_step_count=40, deadline=None, database=None, derandomize=True))


def test_the_random_histories_reach_the_later_phases(app_ctx):
    """A sanity check that the rules above can take a case through to closure."""
    case = RealCase()
    for role in ("victim", "perpetrator", "child"):
        case.add_person(role, 30)
    case.partner_on_team("vt", "active")
    case.partner_on_team("police", "active")
    fire(case.dossier, "start_assessment", case.coordinator, today=case.today)
    case.assessment("structural")
    case.triage(True)
    fire(case.dossier, "start_safety", case.coordinator, today=case.today)
    case.new_plan_version()
    case.partners_confirm(True)
    case.review(7)
    fire(case.dossier, "start_risk_care", case.coordinator, today=case.today)
    case.care_goals_for_everyone(True)
    case.screen_everyone("done")
    for event in ("start_recovery", "start_monitoring"):
        fire(case.dossier, event, case.coordinator, today=case.today)
    case.review(9, partners=1)  # one partner besides the coordinator's: not multidisciplinary
    case.review(9, partners=1, days=42)
    case.safety_holder(True)
    closing = next(a for a in available(case.dossier, case.coordinator, case.today) if a.event == "close")
    assert [r.code for r in closing.reasons] == ["closing_scores_below_threshold"]  # still the 7 of phase 1
    case.review(9)  # the next day, with enough partner scores: one counted 9 so far
    closing = next(a for a in available(case.dossier, case.coordinator, case.today) if a.event == "close")
    assert [r.code for r in closing.reasons] == ["closing_scores_too_few"]
    case.review(9, days=42)
    fire(case.dossier, "close", case.coordinator, today=case.today)
    assert case.dossier.state == "closed"
    case.every_state_change_is_logged_in_order()
    case.no_two_pending_tasks_share_a_dedupe_key()
    case.teardown()
