"""Takes each demo family through the workflow engine up to its target phase, so the demo holds
real transition logs, tasks, assessments, plans, reviews and screenings that the guards accept.

Every step goes through ``mda.engine.core``; afterwards the rows are dated back to when the step
would have happened, so the timeline reads like a real case history.
"""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update

from mda.casework.models import ReporterFeedback
from mda.casework.operations import record_assessment
from mda.closing.operations import accept_handover, decide_reopening, propose_handover
from mda.closing.queries import pending_decision
from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.core import clock
from mda.extensions import db
from mda.careplan import operations as careplan
from mda.careplan.models import CareGoal, TraumaScreening
from mda.reviews import orders
from mda.reviews.models import PartnerScore, RestrainingOrder, SafetyReview
from mda.reviews.operations import record_risk_assessment
from mda.reviews.queries import review_held_on
from mda.safetyplan.models import PLAN_PARTS, SafetyPlan, SafetyPlanConfirmation
from mda.safetyplan.operations import load_version, reopen_after_relapse, save_version
from mda.safetyplan.revision import pending_revision
from mda.safetyplan.versions import TEXT_PARTS
from mda.types import utcnow
from workflows import ACTIVE_PHASES
from mda.tasks.models import Task
from mda.tasks.operations import complete_restraining_order
from mda.dossiers.operations import add_signal, add_team_member
from mda.demo.intake import _moment
from mda.intake import operations as intake

PATH = ("safety_assessment", "safety", "risk_care", "recovery", "monitoring", "closed")
EVENTS = {"safety_assessment": "start_assessment", "safety": "start_safety", "risk_care": "start_risk_care",
          "recovery": "start_recovery", "monitoring": "start_monitoring", "closed": "close"}
# Share of the MDA++ part of the history (from the start of phase 1 to three days ago, or the
# family's ``history_ends_days_ago``) at which each step happens.
WHEN = {"plan": .08, "start_risk_care": .22, "care_plan": .28, "screening": .38, "start_recovery": .50,
        "start_monitoring": .72, "close": .94}
# How partners' own scores tend to sit around the team's score in the demo.
PARTNER_LEANING = {"police": -1, "vt": 0, "care": 1, "probation": -1, "shelter": 0}
PARTNER_RATIONALE = {
    "police": "Geen nieuwe meldingen, maar de pleger ontkent nog veel.",
    "vt": "Afspraken uit het veiligheidsplan worden grotendeels nagekomen.",
    "care": "De behandeling loopt; moeder voelt zich veiliger.",
    "probation": "Toezicht loopt, bijzondere voorwaarden worden nageleefd.",
    "shelter": "Contact met de opvang is goed; er is een vluchtplan.",
    "local_team": "Het gezin werkt mee; de kinderen zijn rustiger op school.",
}
# Safety agreements in the demo plans: (text, days until due) per family role and partner kind.
AGREEMENTS_BY_ROLE = {
    "victim": ("{name} belt bij dreiging direct 112 en daarna de casusregisseur.", 7),
    "perpetrator": ("{name} komt alleen op afspraak naar de woning en gaat bij oplopende spanning "
                    "een time-out nemen buiten de woning.", 14),
    "network": ("{name} vangt de kinderen op bij oplopende spanning en belt dan de casusregisseur.", 7),
}
AGREEMENTS_BY_KIND = {
    "police": ("De politie rijdt vier weken extra langs de woning en meldt elk incident binnen 24 uur "
               "aan de casusregisseur.", 28),
    "vt": ("Veilig Thuis spreekt de kinderen apart en bespreekt de afspraken met hen.", 10),
    "care": ("De behandelaar neemt het veiligheidsplan op in de behandeling en meldt signalen van "
             "onveiligheid aan de casusregisseur.", 21),
    "probation": ("De reclassering controleert wekelijks de naleving van de bijzondere voorwaarden en "
                  "meldt een overtreding dezelfde dag.", 28),
    "shelter": ("De opvang stelt met het slachtoffer een vluchtplan op.", 7),
}
# The monitoring agreement of the demo's handovers of zicht op veiligheid.
WATCHES = ("Of de afspraken uit het veiligheidsplan worden nagekomen, hoe het met de kinderen gaat op school, "
           "en elk nieuw incident of nieuwe melding.")
REOPENED = ("Nieuwe politie-inzet na de afsluiting: de afspraken houden niet bij terugval. De casus gaat terug "
            "naar fase 1 en het team herziet het veiligheidsplan.")
COORDINATOR_AGREEMENT = "De casusregisseur bespreekt het plan met het gezin en het netwerk en plant de evaluatie."
RISK_FACTORS = ("addiction", "debts", "psychiatric_problems", "housing", "isolation", "unemployment")


class History:
    """One family's case history, in date order. Signals come in on their own dates through the
    operation a user would use: before phase 1 they build up the history that Veilig Thuis's radar
    links (its *Voorwaarden & Vervolg* until the family is applied for MDA++); once the case is in
    an active phase each new incident is a relapse, after which the coordinator reopens the plan
    and the team reviews it again; a second report of an incident is linked to its first; after
    closure a new signal is a re-report, on which the holder of zicht op veiligheid reopened the case."""

    def __init__(self, dossier, family: dict, users: dict, orgs: dict, today: date):
        self.dossier = dossier
        self.users = users
        self.orgs = orgs
        self.today = today
        self.coordinator = dossier.coordinator
        self.family = family
        self.signals = [dict(values, on=today - timedelta(days=values["days_ago"])) for values in family["signals"]]
        self.first = self.signals[0]["on"]
        self.mda_signal = family.get("mda_after_signal", len(self.signals) - 1)
        self.pending = list(self.signals)
        self.floor = self.first
        self.relapses = 0
        self.unsettled = False
        self.started = None
        self.span = 20

    # --- dates ----------------------------------------------------------------------------------

    def day(self, moment: str, offset: int = 0) -> date:
        """The scheduled day of ``moment`` in the MDA++ part of the history, never before the last
        thing that happened (``floor``) and never after today."""
        planned = self.started + timedelta(days=round(self.span * WHEN[moment]) + offset)
        return min(max(planned, self.floor), self.today)

    def at(self, day: date) -> date:
        self.floor = max(self.floor, day)
        return day

    def user_of(self, organisation_id: int):
        return next((u for u in self.users.values() if u.organisation_id == organisation_id
                     and u.role in ("coordinator", "professional")), self.coordinator)

    def backdate(self, since_log: int, since_task: int, day: date) -> None:
        moment = datetime.combine(day, time(9, 30), tzinfo=timezone.utc)
        for statement in (
                update(TransitionLog).where(TransitionLog.id > since_log, TransitionLog.dossier_id == self.dossier.id)
                .values(at=moment),
                update(Task).where(Task.id > since_task, Task.dossier_id == self.dossier.id).values(created_at=moment),
                update(Task).where(Task.dossier_id == self.dossier.id, Task.closed_at >= self.built_at)
                .values(closed_at=moment),
                update(SafetyPlan).where(SafetyPlan.dossier_id == self.dossier.id,
                                         SafetyPlan.created_at >= self.built_at).values(created_at=moment),
                update(ReporterFeedback).where(ReporterFeedback.dossier_id == self.dossier.id,
                                               ReporterFeedback.sent_at >= self.built_at).values(sent_at=moment)):
            # the database finds the rows: judging them in Python would compare the naive times
            # SQLite gives back with aware ones, depending on which rows the session still holds
            db.session.execute(statement, execution_options={"synchronize_session": "fetch"})

    def marks(self) -> tuple[int, int]:
        last_log = db.session.scalar(select(TransitionLog.id).order_by(TransitionLog.id.desc()).limit(1)) or 0
        last_task = db.session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1)) or 0
        return last_log, last_task

    # --- steps ----------------------------------------------------------------------------------

    def step(self, event: str, day: date, **kwargs) -> None:
        day = self.at(day)
        marks = self.marks()
        fire(self.dossier, event, self.coordinator, today=day, **kwargs)
        self.backdate(*marks, day)

    def signals_until(self, day: date) -> None:
        while self.pending and self.pending[0]["on"] <= day:
            self.signal(self.pending.pop(0))

    def signal(self, values: dict) -> None:
        """Recorded by the reporting partner when it is on the team, else by the coordinator; the
        school confirmed the Handle with Care signal the next day."""

        if self.dossier.state in ACTIVE_PHASES:
            self.catch_up(values["on"])
        day = self.at(values["on"])
        reporter = self.orgs[values["reporter"]] if values.get("reporter") else None
        on_team = reporter is not None and any(m.status == "active" and m.organisation_id == reporter.id
                                               for m in self.dossier.memberships)
        user = self.user_of(reporter.id) if on_team and reporter.kind == "police" else self.coordinator
        state, marks = self.dossier.state, self.marks()
        at = time.fromisoformat(values["at"]) if values.get("at") else None
        incident = self.dossier.signals[-1].id if values.get("same_incident") else None
        signal = add_signal(user, self.dossier, reported_on=day, reported_time=at,
                            reporter_kind=values["reporter_kind"], reporter_organisation=reporter,
                            violence_type=values["violence_type"],
                            acute=values["acute"], police_callout=values["police_callout"],
                            description=values["description"], today=day, incident=incident)
        signal.created_at = datetime.combine(day, time(9, 0), tzinfo=timezone.utc)
        self.backdate(*marks, day)
        if state == "closed" and incident is None:
            self.reopen(day)
        if state in ACTIVE_PHASES and incident is None:
            self.relapses += 1
            self.unsettled = True
        school_tasks = db.session.scalars(select(Task).where(
            Task.dossier_id == self.dossier.id, Task.id > marks[1], Task.kind == "school_signal",
            Task.state == "open")).all()
        for task in school_tasks:  # confirmed on the morning it was due
            confirmed_on = min(task.due_on, self.today)
            task_marks = self.marks()
            self.school_signal_handled(task, confirmed_on)
            self.backdate(*task_marks, confirmed_on)
            self.before_school(task, confirmed_on)
        if values.get("rihg"):
            self.rihg(values, day)

    def rihg(self, values: dict, day: date) -> None:
        """The police recorded the RiHG of the call-out that night, and the next day whether the
        mayor imposed the temporary restraining order it pointed to; an imposed one was extended
        later, before it ended."""
        police = self.user_of(self.orgs["politie"].id)
        marks = self.marks()
        rihg = values["rihg"]
        assessment = record_risk_assessment(police, self.dossier, instrument="rihg", assessed_on=day,
                                            level=rihg["level"], outcome=rihg["outcome"],
                                            answers={item: str(n) for item, n in rihg["answers"].items()}, today=day)
        assessment.created_at = datetime.combine(day, time(23, 55), tzinfo=timezone.utc)
        self.backdate(*marks, day)
        decision = values.get("order")
        consider = db.session.scalar(select(Task).where(
            Task.dossier_id == self.dossier.id, Task.dedupe_key == f"restraining_order:{day.isoformat()}",
            Task.state.in_(("open", "accepted"))))
        if decision is None or consider is None:
            return
        decided_on = min(day + timedelta(days=1), self.today)
        marks = self.marks()
        fire(consider, "accept", police, today=decided_on)
        complete_restraining_order(consider, police, result=decision["result"],
                                   imposed_on=day if decision["imposed"] else None, today=decided_on)
        self.backdate(*marks, decided_on)
        order = db.session.scalar(select(RestrainingOrder).where(RestrainingOrder.dossier_id == self.dossier.id,
                                                                 RestrainingOrder.imposed_on == day))
        if order is None:
            return
        order.person_id = self.dossier.persons[decision["person"]].id
        order.created_at = datetime.combine(decided_on, time(10, 0), tzinfo=timezone.utc)
        extended_on = day + timedelta(days=decision.get("extended_after", 0))
        extension = orders.extension_task(order)
        if not decision.get("extended_after") or extended_on > self.today or extension is None:
            return
        marks = self.marks()
        orders.extend_by_task(extension, police, ends_on=day + timedelta(days=decision["extended_to"]),
                              result=decision["extension"], today=extended_on)
        self.backdate(*marks, extended_on)

    def risk_assessments(self) -> None:
        """Risk assessments a partner on the team recorded on their day (B-SAFER by probation)."""
        for values in self.family.get("risk_assessments", ()):
            day = self.today - timedelta(days=values["days_ago"])
            author = self.user_of(self.orgs[values["author"]].id)
            assessment = record_risk_assessment(
                author, self.dossier, instrument=values["instrument"], assessed_on=day, level=values["level"],
                outcome=values["outcome"], answers=values["answers"], today=day)
            assessment.created_at = datetime.combine(day, time(15, 0), tzinfo=timezone.utc)
        db.session.flush()

    def school_signal_handled(self, task, day: date) -> None:
        """The school confirmed its signal. A teenager's school is outside the demo region: the
        coordinator, who held the signal in its place, told the mentor and cancelled it."""
        if task.organisation.kind == "school":
            fire(task, "confirm", self.user_of(task.organisation_id), today=day)
        else:
            fire(task, "cancel", self.coordinator, today=day,
                 reason="De school ligt buiten de regio; de casusregisseur heeft de mentor zelf gebeld.")

    @staticmethod
    def before_school(task, day: date) -> None:
        """The school confirmed at a quarter to eight, Dutch time, before its day began (the rest of
        the history happens at half past nine UTC)."""
        if task.state != "done":
            return
        moment = min(datetime.combine(day, time(7, 45), tzinfo=clock.ZONE).astimezone(timezone.utc), clock.utcnow())
        confirmed = (TransitionLog.workflow == "task", TransitionLog.object_id == task.id,
                     TransitionLog.event == "confirm")
        for statement in (update(Task).where(Task.id == task.id).values(closed_at=moment),
                          update(TransitionLog).where(*confirmed).values(at=moment)):
            db.session.execute(statement, execution_options={"synchronize_session": "fetch"})

    def finish_open_tasks(self, day: date, due_before: date | None = None) -> None:
        """The partners did their work before the case moved on (or, with ``due_before``, the work
        that was due by then)."""
        day = self.at(day)
        marks = self.marks()
        stmt = select(Task).where(Task.dossier_id == self.dossier.id, Task.state.in_(("open", "accepted")),
                                  Task.kind != "safety_plan_revision",  # the coordinator's act (settle)
                                  (Task.not_before.is_(None)) | (Task.not_before <= day))
        if due_before is not None:  # a partner confirms the plan to finish its contribution
            stmt = stmt.where(Task.due_on < due_before, Task.kind != "safety_plan_contribution")
        tasks = db.session.scalars(stmt).all()
        for task in tasks:
            worker = self.user_of(task.organisation_id)
            if task.kind == "school_signal":
                self.school_signal_handled(task, day)
                continue
            if task.state == "open":
                fire(task, "accept", worker, today=day)
            # the history stands in for the screening or review that would complete it
            fire(task, "complete", worker, result="Afgerond volgens afspraak.", today=day, through_record=True)
        self.backdate(*marks, day)

    def assess(self, outcome: str, route: str, day: date) -> None:
        vt = self.users["veiligthuis"]
        day = self.at(day)
        marks = self.marks()
        explanation = {
            "none": "Geen acute of structurele onveiligheid vastgesteld.",
            "conditions": "Zorgelijke signalen van geweld in het gezin. Veilig Thuis stelt veiligheidsvoorwaarden "
                          "en volgt of ze worden nageleefd (Voorwaarden & Vervolg).",
        }.get(route if outcome != "none" else "none",
              "Herhaald geweld in het gezin, kinderen getuige; reguliere hulp en Voorwaarden & Vervolg hebben "
              "onvoldoende effect gehad. Structurele onveiligheid vastgesteld.")
        visiting = getattr(self, "visiting_vt", None)
        if not any(m.organisation_id == vt.organisation_id for m in self.dossier.memberships):
            # Veilig Thuis records its assessment in the dossier, so it joins the team for it (and
            # takes over the assessment task the coordinator's organisation held in its place), and
            # leaves again when the family's team goes on without it.
            visiting = add_team_member(self.coordinator, self.dossier, organisation_id=vt.organisation_id,
                                       legal_basis="meldcode")
            visiting.created_at = datetime.combine(day, time(9, 0), tzinfo=timezone.utc)
            fire(visiting, "accept", vt, today=day)
            self.visiting_vt = visiting
            db.session.flush()
        record_assessment(vt, self.dossier, outcome=outcome, route=route, assessed_on=day, today=day,
                          explanation=explanation)
        last = route != "conditions" or self.family["state"] == "safety_assessment"
        if visiting is not None and last:
            fire(visiting, "leave", vt, today=day,
                 reason="De veiligheidsbeoordeling is gedaan; het team gaat verder zonder Veilig Thuis.")
        self.backdate(*marks, day)

    def confirm_plan(self, plan, day: date) -> None:
        moment = datetime.combine(day, time(15, 0), tzinfo=timezone.utc)
        for membership in self.dossier.memberships:
            if membership.status == "active" and membership.organisation.kind not in ("school", "steering"):
                db.session.add(SafetyPlanConfirmation(
                    plan_id=plan.id, organisation_id=membership.organisation_id,
                    user_id=self.user_of(membership.organisation_id).id, confirmed_at=moment))
        db.session.flush()

    def safety_plan(self) -> None:
        """The first version, saved through the plan's own operation so its agreements become
        tasks; the partners confirmed it two days later."""
        day = self.at(self.day("plan"))
        names = ", ".join(p.name for p in self.dossier.persons if p.role in ("victim", "child"))
        vt_on_team = any(m.status == "active" and m.organisation.kind == "vt" for m in self.dossier.memberships)
        author = self.users["veiligthuis"] if vt_on_team else self.coordinator
        marks = self.marks()
        plan = save_version(author, self.dossier, based_on=0, internal_notes="", today=day,
                            change_summary="Eerste versie, opgesteld met het gezin en het netwerk.",
                            agreements=self.agreements(day), parts={
            "danger_statement": f"Zorg om herhaling van geweld thuis; de veiligheid van {names} staat voorop.",
            "safety_conditions": "Er is geen fysiek geweld meer. Conflicten worden zonder dreiging opgelost. "
                                 "De kinderen zijn niet meer getuige van geweld.",
            "warning_signals": "Oplopende spanning, alcoholgebruik, dreigende taal, terugtrekken van contact.",
            "consequences": "Bij naleving: evaluatie over zes weken. Bij overtreding: direct contact met "
                            "Veilig Thuis en zo nodig politie.",
            "network_support": "Familie en buren zijn op de hoogte en bellen bij onrust.",
            "supervision": "De casusregisseur bewaakt het plan; evaluatie in het casusoverleg."})
        plan.created_at = datetime.combine(day, time(11, 0), tzinfo=timezone.utc)
        self.backdate(*marks, day)
        db.session.flush()
        self.confirm_plan(plan, day + timedelta(days=2))

    def agreements(self, day: date) -> list[dict]:
        """Safety agreements (the HOW): who does what, by when; for family members and partners.
        A victim's own agreement is withheld from the perpetrator by the plan operation itself;
        the shelter's escape plan and the family's own safety measures are marked here."""
        persons = self.dossier.persons
        perpetrators = [p.id for p in persons if p.role == "perpetrator"]
        rows = []
        for person in persons:
            text = AGREEMENTS_BY_ROLE.get(person.role)
            if text:
                rows.append((text[0].format(name=person.name), None, person.id, text[1], []))
        partners = [m.organisation for m in self.dossier.memberships
                    if m.status == "active" and m.organisation.kind not in ("school", "steering")]
        for organisation in partners:
            text = AGREEMENTS_BY_KIND.get(organisation.kind)
            if text and organisation.id != self.coordinator.organisation_id:
                rows.append((text[0], organisation.id, None, text[1],
                             perpetrators if organisation.kind == "shelter" else []))
        for extra in self.family.get("plan_agreements", ()):
            rows.append((extra["description"], self.orgs[extra["org"]].id, None, extra["days"],
                         [persons[index].id for index in extra["not_for"]]))
        rows.append((COORDINATOR_AGREEMENT, self.coordinator.organisation_id, None, 14, []))
        return [{"description": text, "organisation_id": org, "person_id": person,
                 "due_on": day + timedelta(days=days), "not_for": not_for}
                for text, org, person, days, not_for in rows]

    def review(self, day: date, score: int,
               rationale: str = "Multidisciplinair vastgesteld in het casusoverleg.") -> None:
        """A closed review: every partner scored (the police a little lower, as often), then the team.
        A family has one review a day at most: one planned on the day of another moves a day on."""
        while review_held_on(self.dossier.id, day) is not None and day < self.today:
            day += timedelta(days=1)
        day = self.at(day)
        moment_closed = datetime.combine(day, time(16, 0), tzinfo=timezone.utc)
        review = SafetyReview(dossier_id=self.dossier.id, phase=self.dossier.state, held_on=day, status="closed",
                              team_score=score, author_id=self.coordinator.id, closed_at=moment_closed,
                              rationale=rationale, created_at=datetime.combine(day, time(9, 0), tzinfo=timezone.utc))
        db.session.add(review)
        db.session.flush()
        for membership in self.dossier.memberships:
            organisation = membership.organisation
            if membership.status != "active" or organisation.kind in ("school", "steering"):
                continue
            partner_score = max(0, min(10, score + PARTNER_LEANING.get(organisation.kind, 0)))
            partner_view = PARTNER_RATIONALE.get(organisation.kind, "Beeld vanuit ons contact met het gezin.")
            db.session.add(PartnerScore(review_id=review.id, organisation_id=organisation.id, score=partner_score,
                                        user_id=self.user_of(organisation.id).id, given_at=moment_closed,
                                        rationale=partner_view))
        db.session.flush()

    def care_plan(self, day: date, evaluated: bool = False) -> None:
        day = self.at(day)
        for index, person in enumerate(self.dossier.persons):
            risk = person.role in ("perpetrator", "victim", "household")
            db.session.add(CareGoal(
                dossier_id=self.dossier.id, person_id=person.id, kind="risk" if risk else "recovery",
                risk_factor=RISK_FACTORS[index % len(RISK_FACTORS)] if risk else None,
                description="Risicofactor wegnemen met passende hulp." if risk else
                            "Herstel en welzijn: een veilige plek en iemand om mee te praten.",
                evaluation="partly" if evaluated else None, author_id=self.coordinator.id,
                created_at=datetime.combine(day, time(11, 0), tzinfo=timezone.utc)))
        db.session.flush()
        self.systemic_goals(day, evaluated)

    def systemic_goals(self, day: date, evaluated: bool) -> None:
        """Goals for the parents together or for the family as a whole, each with an intervention by
        a partner on the team (a task, as the coordinator gives it)."""
        persons = self.dossier.persons
        for values in self.family.get("systemic_goals", ()):
            marks = self.marks()
            chosen = [persons[index].id for index in values["persons"]]
            goal = careplan.add_goal(
                self.coordinator, self.dossier, scope=values["scope"], person_id=chosen[0] if chosen else None,
                partner_id=chosen[1] if len(chosen) > 1 else None, kind=values["kind"],
                risk_factor=values.get("risk_factor"), description=values["description"], health_related=False,
                evaluate_on=day + timedelta(days=values["evaluate_in_days"]), today=day)
            goal.created_at = datetime.combine(day, time(11, 30), tzinfo=timezone.utc)
            if evaluated:
                goal.evaluation, goal.evaluated_on = "partly", min(day + timedelta(days=values["evaluate_in_days"]),
                                                                   self.today)
                goal.evaluation_note = "Gedeeltelijk bereikt; het team werkt er verder aan."
            if values.get("intervention"):
                careplan.add_intervention(self.coordinator, self.dossier, goal,
                                          description=values["intervention"]["description"],
                                          organisation_id=self.orgs[values["intervention"]["org"]].id,
                                          due_on=day + timedelta(days=28), today=day)
            self.backdate(*marks, day)
        db.session.flush()

    def screenings(self, day: date, treated: bool = False) -> None:
        day = self.at(day)
        created = datetime.combine(day, time(14, 0), tzinfo=timezone.utc)
        for index, person in enumerate(self.dossier.persons):
            if person.role not in ("victim", "perpetrator", "child"):
                continue
            positive = index % 2 == 0
            screening = TraumaScreening(
                dossier_id=self.dossier.id, person_id=person.id, status="done", screened_on=day,
                instrument="cries13" if person.role == "child" else "pcl5",
                score=34 if positive else 12, positive=positive, author_id=self.coordinator.id,
                created_at=created)
            if positive and treated:
                care = next((m.organisation_id for m in self.dossier.memberships
                             if m.organisation.kind == "care" and m.status == "active"),
                            self.coordinator.organisation_id)
                task = Task(dossier_id=self.dossier.id, kind="treatment", organisation_id=care,
                            person_id=person.id, start_on=day, due_on=day + timedelta(days=28),
                            title_nl="Traumabehandeling na positieve screening",
                            title_en="Trauma treatment after a positive screening",
                            dedupe_key=f"treatment:{person.id}", created_at=created)
                db.session.add(task)
                db.session.flush()
                screening.treatment_task_id = task.id
            db.session.add(screening)
        db.session.flush()

    def triage(self, day: date) -> None:
        """Veilig Thuis applied for MDA++ after its assessment; the triage meeting at the Zorg- en
        Veiligheidshuis accepted the family and the family was told the same week."""

        vt, zvh = self.users["veiligthuis"], self.users["zvh"]
        day = self.at(day)
        partners = [m.organisation_id for m in self.dossier.memberships
                    if m.organisation_id != self.coordinator.organisation_id
                    and m.organisation.kind not in ("school", "steering")]
        values = {"family_reference": "", "reason": self.dossier.summary or "Structurele onveiligheid in het gezin.",
                  "goal": "Eén gezin, één plan: eerst veiligheid, dan risicogestuurde en herstelgerichte zorg.",
                  "other_help": "", "involved": partners, "signal_reported_on": None, "signal_violence_type": "",
                  "signal_acute": False, "signal_description": "",
                  "persons": [{"name": p.name, "role": p.role, "date_of_birth": p.date_of_birth}
                              for p in self.dossier.persons],
                  "criteria": {"structurally_unsafe": "Uitkomst van de veiligheidsbeoordeling van Veilig Thuis.",
                               "incidents_repeat": "Meerdere meldingen en politie-inzetten in korte tijd."}}
        application = intake.save_application(vt, None, values, dossier=self.dossier, submit=True)
        intake.plan_application(zvh, application, held_on=day, today=day)
        proposed = partners or [vt.organisation_id]
        intake.decide(zvh, application, accepted=True, partner_ids=proposed,
                      reason="Voldoet aan de criteria voor MDA++; het lokale team voert de casusregie.")
        intake.record_family_informed(self.coordinator, application, informed=True,
                                      informed_on=day + timedelta(days=2), reason="")
        for membership in self.dossier.memberships:
            if membership.organisation_id in partners and membership.organisation.kind != "vt":
                membership.joined_on = day
                membership.created_at = _moment(day, 16)
        application.created_at = _moment(day - timedelta(days=3))
        application.submitted_at = _moment(day - timedelta(days=3), 14)
        application.decided_at = _moment(day, 15)
        application.family_recorded_at = _moment(min(day + timedelta(days=2), self.today), 11)
        self.at(min(day + timedelta(days=2), self.today))
        db.session.flush()

    def hand_over(self, day: date) -> None:
        """The coordinator handed zicht op veiligheid over to the family's holder (default the own
        team) with a monitoring agreement for a year; its staff accepted it two days later."""
        holder = self.orgs[self.family["holder"]] if self.family.get("holder") else self.coordinator.organisation
        day = self.at(day)
        marks = self.marks()
        handover = propose_handover(self.coordinator, self.dossier, organisation_id=holder.id, watches=WATCHES,
                                    frequency="monthly", until=day + timedelta(days=365), today=day)
        self.backdate(*marks, day)
        accepted = self.at(day + timedelta(days=2))
        marks = self.marks()
        accept_handover(self.user_of(holder.id), handover, today=accepted)
        self.backdate(*marks, accepted)

    def reopen(self, reported_on: date) -> None:
        """A new report after closure: the holder of zicht op veiligheid decided the next day to
        reopen the case, which is back in phase 1 (a relapse for the rest of the history)."""
        decision = pending_decision(self.dossier.id)
        decider = self.user_of(decision.holder_id) if decision.holder_id else self.coordinator
        day = self.at(min(reported_on + timedelta(days=1), self.today))
        marks = self.marks()
        decide_reopening(decider, decision, reopen=True, reason=REOPENED, today=day)
        self.backdate(*marks, day)
        self.relapses += 1
        self.unsettled = True

    def catch_up(self, day: date) -> None:
        """Before a new signal: the team had settled an earlier relapse when there was time, and
        did the work that was due."""
        if self.unsettled and (day - self.floor).days > 14:
            self.settle(score=5)
        self.finish_open_tasks(max(self.floor, day - timedelta(days=1)), due_before=day)

    def revise_plan(self, day: date) -> None:
        """After a relapse the coordinator reopened the plan for the team (their task)."""
        if pending_revision(self.dossier.id) is None:
            return
        day = self.at(day)
        marks = self.marks()
        reopen_after_relapse(self.coordinator, self.dossier, based_on=load_version(self.dossier.id).version, today=day)
        self.backdate(*marks, day)

    def settle(self, score: int = 6) -> None:
        """After a relapse the coordinator reopens the plan, the partners confirm it, and the team
        sets a new score two weeks later."""
        self.unsettled = False
        relapsed_on = self.floor
        self.revise_plan(relapsed_on + timedelta(days=2))
        plan = load_version(self.dossier.id)
        if plan is not None and not plan.confirmations:
            self.confirm_plan(plan, self.at(relapsed_on + timedelta(days=3)))
        self.review(relapsed_on + timedelta(days=14), score,
                    "Na de terugval opnieuw vastgesteld: de afspraken uit het herziene plan worden nageleefd.")
        self.finish_open_tasks(relapsed_on + timedelta(days=14))

    def finish(self, target: str) -> None:
        """The signals after the last step; a relapse among them leaves the case in phase 1 unless the
        family is back in ``target`` by now, and the team set a new score after it."""
        relapses = self.relapses
        self.signals_until(self.today)
        if target != "safety":
            self.back_to(target)
        elif self.relapses > relapses:
            relapsed_on = self.floor
            self.conditions_after_the_relapse(min(relapsed_on + timedelta(days=1), self.today))
            day = min(relapsed_on + timedelta(days=7), self.today - timedelta(days=1))
            if day > self.floor:
                self.review(day, 4, "Na het nieuwe incident opnieuw vastgesteld; het veiligheidsplan wordt herzien.")

    def conditions_after_the_relapse(self, day: date) -> None:
        """Veilig Thuis sharpened the safety conditions the day after the incident (a new version the
        partners have yet to confirm); the coordinator has yet to revise the plan with the team."""
        plan = load_version(self.dossier.id)
        vt = self.users["veiligthuis"]
        if plan is None or not any(m.status == "active" and m.organisation_id == vt.organisation_id
                                   for m in self.dossier.memberships):
            return
        day = self.at(day)
        marks = self.marks()
        texts = {name: getattr(plan, name) for name in TEXT_PARTS}
        texts["safety_conditions"] = (texts["safety_conditions"] + " Na de nieuwe inzet: er is geen contact "
                                      "tussen de ouders zonder een derde erbij.").strip()
        save_version(vt, self.dossier, based_on=plan.version, internal_notes=plan.internal_notes, today=day,
                     change_summary="Veiligheidsvoorwaarden aangescherpt na de politie-inzet.", parts=texts,
                     agreements=[{"description": a.description, "organisation_id": a.responsible_organisation_id,
                                  "person_id": a.responsible_person_id, "due_on": a.due_on, "not_for": a.not_for}
                                 for a in plan.agreements],
                     parts_not_for={part: plan.part_not_for(part) for part in PLAN_PARTS})
        self.backdate(*marks, day)

    def back_to(self, target: str) -> None:
        """After a relapse the team settles it (``settle``) and the case goes back up the path to
        ``target``."""
        order = PATH.index
        if not self.unsettled:
            return
        relapsed_on = self.floor
        self.settle()
        self.finish_open_tasks(relapsed_on + timedelta(days=20))
        day = relapsed_on + timedelta(days=21)
        for index, state in enumerate(PATH[order("risk_care"):order(target) + 1]):
            if index:
                self.finish_open_tasks(day)
            self.step(EVENTS[state], day)
            day += timedelta(days=1)

    def moment(self, name: str, needs: str | None = None, offset: int = 0) -> date:
        """The day of ``name``: first the signals that came in before it, and when a relapse put the
        case back in phase 1, the way back to the phase ``needs``."""
        self.signals_until(self.day(name, offset))
        if needs:
            self.back_to(needs)
        return self.day(name, offset)


def run(dossier, family: dict, users: dict, orgs: dict, today: date) -> None:
    """Moves ``dossier`` from registered to the family's state through the engine, on the days of
    its history; the family may have reached a later phase (``peak``) before its last relapse. The
    partners' own risk assessments are recorded on their days."""
    history = History(dossier, family, users, orgs, today)
    history.built_at = utcnow() - timedelta(minutes=5)
    _live(history, family, today)
    history.risk_assessments()


def _live(history: History, family: dict, today: date) -> None:
    target = family["state"]
    peak = family.get("peak", target)
    first, mda_signal = history.signals[0], history.signals[history.mda_signal]
    history.signal(history.pending.pop(0))
    if target == "registered":
        history.signals_until(today)
        history.triage(today - timedelta(days=6))  # accepted at last week's triage, not yet started
        return
    history.step("start_assessment", first["on"] + timedelta(days=1))
    if target == "handed_over":
        history.assess("none", "handover", first["on"] + timedelta(days=4))
        history.finish_open_tasks(first["on"] + timedelta(days=4))
        history.hand_over(first["on"] + timedelta(days=6))
        history.step("hand_over", first["on"] + timedelta(days=8))
        return
    if target == "safety_assessment" or history.mda_signal > 0:
        history.assess("structural", "conditions", first["on"] + timedelta(days=4))
        history.finish_open_tasks(first["on"] + timedelta(days=4))
    if target == "safety_assessment":
        history.signals_until(today)
        return
    history.signals_until(mda_signal["on"])
    assessed_on = mda_signal["on"] + timedelta(days=3)
    history.assess("structural", "mda_plus", assessed_on)
    history.finish_open_tasks(assessed_on)
    history.triage(assessed_on + timedelta(days=4))
    history.step("start_safety", assessed_on + timedelta(days=7))
    history.started = history.floor
    ends = today - timedelta(days=family.get("history_ends_days_ago", 3))
    history.span = max((ends - history.started).days, 20)
    if peak == "safety":
        history.review(history.moment("plan"), 4)
        history.finish(target)
        return
    history.safety_plan()
    history.review(history.moment("plan", offset=1), 5)
    history.review(history.moment("plan", offset=14), 6)
    history.finish_open_tasks(history.moment("start_risk_care", needs="safety"))
    history.step("start_risk_care", history.moment("start_risk_care", needs="safety"))
    if peak == "risk_care":
        history.care_plan(history.moment("care_plan", needs="risk_care"))
        history.finish(target)
        return
    history.care_plan(history.moment("care_plan", needs="risk_care"), evaluated=peak in ("monitoring", "closed"))
    history.screenings(history.moment("screening", needs="risk_care"), treated=peak in ("monitoring", "closed"))
    history.finish_open_tasks(history.moment("start_recovery", needs="risk_care"))
    history.step("start_recovery", history.moment("start_recovery", needs="risk_care"))
    if peak == "recovery":
        history.review(history.moment("start_recovery", needs="recovery", offset=10), 7)
        history.finish(target)
        return
    history.finish_open_tasks(history.moment("start_monitoring", needs="recovery"))
    history.step("start_monitoring", history.moment("start_monitoring", needs="recovery"))
    history.review(history.moment("start_monitoring", needs="monitoring", offset=10), 8)
    if peak == "monitoring":
        history.finish(target)
        return
    history.review(history.moment("start_monitoring", needs="monitoring", offset=60), 9)
    history.hand_over(history.moment("close", needs="monitoring", offset=-7))
    history.finish_open_tasks(history.moment("close", needs="monitoring"))
    history.step("close", history.moment("close", needs="monitoring"))
    history.finish(target)
