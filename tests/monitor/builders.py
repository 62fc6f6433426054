"""Small hand-built histories for the monitor's known answers: rows written directly, dated where
the indicator looks, so each test can say what the figure must be."""
from datetime import date, datetime, time

from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import SafetyAssessment
from mda.dossiers.models import Dossier, Person, Signal, TeamMembership
from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel
from mda.extensions import db
from mda.reviews.models import SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import Task
from tests import factories


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


class Region:
    """A region with a coordinator's local team, Veilig Thuis and the police."""

    def __init__(self, name="Regio Monitor"):
        self.region = factories.region(name)
        self.team = factories.organisation(self.region, f"Wijkteam {name}")
        self.vt = factories.organisation(self.region, f"Veilig Thuis {name}", "vt")
        self.police = factories.organisation(self.region, f"Politie {name}", "police")
        self.coordinator = factories.user(self.team, f"coord-{name.split()[-1].lower()}", "coordinator")
        self.count = 0

    def family(self, created: date, partners=("vt",), persons=("victim",)) -> Dossier:
        """A dossier registered on ``created`` with the coordinator's team and ``partners`` on it
        since then, and one report of that day."""
        self.count += 1
        dossier = Dossier(region_id=self.region.id, reference=f"Gezin {self.count}", coordinator=self.coordinator,
                          created_at=at(created))
        dossier.memberships.append(TeamMembership(organisation_id=self.team.id, team_role="lead",
                                                  legal_basis="meldcode", status="active", joined_on=created))
        for key in partners:
            dossier.memberships.append(TeamMembership(organisation_id=getattr(self, key).id, team_role="safety",
                                                      legal_basis="meldcode", status="active", joined_on=created))
        for n, role in enumerate(persons):
            dossier.persons.append(Person(name=f"{role} {n}", role=role, date_of_birth=date(1990, 1, 1)))
        dossier.signals.append(Signal(reported_on=created, reporter_kind="police", violence_type="physical"))
        db.session.add(dossier)
        db.session.flush()
        return dossier

    def step(self, dossier, event: str, from_state: str, to_state: str, moment: datetime) -> None:
        db.session.add(TransitionLog(dossier_id=dossier.id, workflow="case", object_id=dossier.id, event=event,
                                     from_state=from_state, to_state=to_state, at=moment))
        db.session.flush()

    def plan(self, dossier, confirmed_by: dict, written: datetime) -> SafetyPlan:
        """A plan version written at ``written`` and confirmed by organisation key -> moment."""
        version = 1 + sum(1 for _ in db.session.query(SafetyPlan).filter_by(dossier_id=dossier.id))
        plan = SafetyPlan(dossier_id=dossier.id, version=version, author_id=self.coordinator.id, created_at=written)
        db.session.add(plan)
        db.session.flush()
        for key, moment in confirmed_by.items():
            db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=getattr(self, key).id,
                                                  user_id=self.coordinator.id, confirmed_at=moment))
        db.session.flush()
        return plan

    def review(self, dossier, held_on: date, score: int, superseded=False) -> None:
        db.session.add(SafetyReview(dossier_id=dossier.id, phase="safety", status="closed", held_on=held_on,
                                    team_score=score, author_id=self.coordinator.id, superseded=superseded))
        db.session.flush()

    def task(self, dossier, kind: str, due_on: date, state="open", closed_at=None, due_time=None, person=None) -> Task:
        task = Task(dossier_id=dossier.id, kind=kind, title_nl=kind, title_en=kind, organisation_id=self.vt.id,
                    state=state, start_on=due_on, due_on=due_on, due_time=due_time, closed_at=closed_at,
                    person_id=person.id if person else None)
        db.session.add(task)
        db.session.flush()
        return task

    def assessment(self, dossier, assessed_on: date) -> None:
        db.session.add(SafetyAssessment(dossier_id=dossier.id, outcome="structural", route="mda_plus",
                                        assessed_on=assessed_on, organisation_id=self.vt.id,
                                        author_id=self.coordinator.id))
        db.session.flush()

    def goal(self, dossier, kind: str, risk_factor=None) -> None:
        db.session.add(CareGoal(dossier_id=dossier.id, scope="family", kind=kind, risk_factor=risk_factor,
                                description="Doel", author_id=self.coordinator.id))
        db.session.flush()

    def screening(self, person, status="done", positive=None, treatment=None) -> None:
        db.session.add(TraumaScreening(dossier_id=person.dossier_id, person_id=person.id, status=status,
                                       positive=positive, treatment_task_id=treatment.id if treatment else None,
                                       author_id=self.coordinator.id))
        db.session.flush()

    def escalation(self, dossier, raised_on: date, state: str, ended_on=None, rung="team_lead") -> None:
        escalation = Escalation(dossier_id=dossier.id, state=state, level=1, rung=rung, raised_on=raised_on,
                                level_since=raised_on, ended_on=ended_on, signals="overdue_tasks")
        db.session.add(escalation)
        db.session.flush()
        db.session.add(EscalationLevel(escalation_id=escalation.id, level=1, rung=rung, reached_on=raised_on))
        db.session.flush()
