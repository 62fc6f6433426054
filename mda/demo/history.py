"""Takes each demo family through the workflow engine up to its target phase, so the demo holds
real transition logs, tasks, assessments, plans, reviews and screenings that the guards accept.

Every step goes through ``mda.engine.core``; afterwards the rows are dated back to when the step
would have happened, so the timeline reads like a real case history.
"""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update

from mda.casework.operations import record_assessment
from mda.engine.core import fire_case, fire_task
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.plans.models import CareGoal, PartnerScore, SafetyPlanConfirmation, SafetyReview, TraumaScreening
from mda.safetyplan.operations import save_version
from mda.tasks.models import Task

PATH = ("safety_assessment", "safety", "risk_care", "recovery", "monitoring", "closed")
EVENTS = {"safety_assessment": "start_assessment", "safety": "start_safety", "risk_care": "start_risk_care",
          "recovery": "start_recovery", "monitoring": "start_monitoring", "closed": "close"}
# Share of the family's history at which each step happens.
WHEN = {"start_assessment": .02, "assessment": .05, "triage": .08, "start_safety": .10, "plan": .18, "start_risk_care": .30,
        "care_plan": .35, "screening": .45, "start_recovery": .55, "evaluation": .70,
        "start_monitoring": .75, "close": .95, "hand_over": .10}
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
COORDINATOR_AGREEMENT = "De casusregisseur bespreekt het plan met het gezin en het netwerk en plant de evaluatie."
RISK_FACTORS = ("addiction", "debts", "psychiatric_problems", "housing", "isolation", "unemployment")


class History:
    def __init__(self, dossier, users: dict, today: date):
        self.dossier = dossier
        self.users = users
        self.coordinator = dossier.coordinator
        self.first = min(s.reported_on for s in dossier.signals)
        self.span = max((today - timedelta(days=3) - self.first).days, 20)

    def day(self, moment: str) -> date:
        return self.first + timedelta(days=round(self.span * WHEN[moment]))

    def user_of(self, organisation_id: int):
        return next((u for u in self.users.values() if u.organisation_id == organisation_id
                     and u.role in ("coordinator", "professional")), self.coordinator)

    def backdate(self, since_log: int, since_task: int, day: date) -> None:
        moment = datetime.combine(day, time(9, 30), tzinfo=timezone.utc)
        db.session.execute(update(TransitionLog).where(TransitionLog.id > since_log,
                                                       TransitionLog.dossier_id == self.dossier.id)
                           .values(at=moment))
        db.session.execute(update(Task).where(Task.id > since_task, Task.dossier_id == self.dossier.id)
                           .values(created_at=moment))

    def marks(self) -> tuple[int, int]:
        last_log = db.session.scalar(select(TransitionLog.id).order_by(TransitionLog.id.desc()).limit(1)) or 0
        last_task = db.session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1)) or 0
        return last_log, last_task

    def step(self, event: str, moment: str | None = None, **kwargs) -> None:
        day = self.day(moment or event)
        marks = self.marks()
        fire_case(self.dossier, event, self.coordinator, today=day, **kwargs)
        self.backdate(*marks, day)

    def finish_open_tasks(self, moment: str) -> None:
        """The partners did their work before the case moved on."""
        day = self.day(moment)
        marks = self.marks()
        tasks = db.session.scalars(select(Task).where(Task.dossier_id == self.dossier.id,
                                                      Task.state.in_(("open", "accepted")))).all()
        for task in tasks:
            worker = self.user_of(task.organisation_id)
            if task.state == "open":
                fire_task(task, "accept", worker, today=day)
            fire_task(task, "complete", worker, result="Afgerond volgens afspraak.", today=day)
        self.backdate(*marks, day)

    def assess(self, outcome: str, route: str) -> None:
        vt = self.users["veiligthuis"]
        day = self.day("assessment")
        marks = self.marks()
        record_assessment(vt, self.dossier, outcome=outcome, route=route, assessed_on=day, today=day,
                          explanation="Herhaald geweld in het gezin, kinderen getuige; reguliere hulp heeft "
                                      "onvoldoende effect gehad. Structurele onveiligheid vastgesteld."
                          if outcome != "none" else "Geen acute of structurele onveiligheid vastgesteld.")
        self.backdate(*marks, day)

    def safety_plan(self) -> None:
        """The first version, saved through the plan's own operation so its agreements become
        tasks; the partners confirmed it two days later."""
        day = self.day("plan")
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
        for membership in self.dossier.memberships:
            if membership.status == "active" and membership.organisation.kind not in ("school", "steering"):
                db.session.add(SafetyPlanConfirmation(
                    plan_id=plan.id, organisation_id=membership.organisation_id,
                    user_id=self.user_of(membership.organisation_id).id,
                    confirmed_at=datetime.combine(day + timedelta(days=2), time(15, 0), tzinfo=timezone.utc)))

    def agreements(self, day: date) -> list[dict]:
        """Safety agreements (the HOW): who does what, by when; for family members and partners."""
        rows = []
        for person in self.dossier.persons:
            text = AGREEMENTS_BY_ROLE.get(person.role)
            if text:
                rows.append((text[0].format(name=person.name), None, person.id, text[1]))
        partners = [m.organisation for m in self.dossier.memberships
                    if m.status == "active" and m.organisation.kind not in ("school", "steering")]
        for organisation in partners:
            text = AGREEMENTS_BY_KIND.get(organisation.kind)
            if text and organisation.id != self.coordinator.organisation_id:
                rows.append((text[0], organisation.id, None, text[1]))
        rows.append((COORDINATOR_AGREEMENT, self.coordinator.organisation_id, None, 14))
        return [{"description": text, "organisation_id": org, "person_id": person,
                 "due_on": day + timedelta(days=days)} for text, org, person, days in rows]

    def review(self, moment: str, score: int, offset: int = 0) -> None:
        """A closed review: every partner scored (the police a little lower, as often), then the team."""
        day = self.day(moment) + timedelta(days=offset)
        moment_closed = datetime.combine(day, time(16, 0), tzinfo=timezone.utc)
        review = SafetyReview(dossier_id=self.dossier.id, phase=self.dossier.state, held_on=day, status="closed",
                              team_score=score, author_id=self.coordinator.id, closed_at=moment_closed,
                              rationale="Multidisciplinair vastgesteld in het casusoverleg.")
        db.session.add(review)
        db.session.flush()
        for membership in self.dossier.memberships:
            organisation = membership.organisation
            if membership.status != "active" or organisation.kind in ("school", "steering"):
                continue
            partner_score = max(0, min(10, score + PARTNER_LEANING.get(organisation.kind, 0)))
            db.session.add(PartnerScore(review_id=review.id, organisation_id=organisation.id, score=partner_score,
                                        user_id=self.user_of(organisation.id).id, given_at=moment_closed,
                                        rationale=PARTNER_RATIONALE.get(organisation.kind, "Beeld vanuit ons contact met het gezin.")))
        db.session.flush()

    def care_plan(self, evaluated: bool = False) -> None:
        for index, person in enumerate(self.dossier.persons):
            risk = person.role in ("perpetrator", "victim", "household")
            db.session.add(CareGoal(
                dossier_id=self.dossier.id, person_id=person.id, kind="risk" if risk else "recovery",
                risk_factor=RISK_FACTORS[index % len(RISK_FACTORS)] if risk else None,
                description="Risicofactor wegnemen met passende hulp." if risk else
                            "Herstel en welzijn: een veilige plek en iemand om mee te praten.",
                evaluation="partly" if evaluated else None, author_id=self.coordinator.id))
        db.session.flush()

    def screenings(self, treated: bool = False) -> None:
        day = self.day("screening")
        for index, person in enumerate(self.dossier.persons):
            if person.role not in ("victim", "perpetrator", "child"):
                continue
            positive = index % 2 == 0
            screening = TraumaScreening(
                dossier_id=self.dossier.id, person_id=person.id, status="done", screened_on=day,
                instrument="cries13" if person.role == "child" else "pcl5",
                score=34 if positive else 12, positive=positive, author_id=self.coordinator.id)
            if positive and treated:
                care = next((m.organisation_id for m in self.dossier.memberships
                             if m.organisation.kind == "care" and m.status == "active"), self.coordinator.organisation_id)
                task = Task(dossier_id=self.dossier.id, kind="treatment", organisation_id=care,
                            person_id=person.id, start_on=day, due_on=day + timedelta(days=28),
                            title_nl="Traumabehandeling na positieve screening",
                            title_en="Trauma treatment after a positive screening",
                            dedupe_key=f"treatment:{person.id}")
                db.session.add(task)
                db.session.flush()
                screening.treatment_task_id = task.id
            db.session.add(screening)
        db.session.flush()

    def triage(self, day: date | None = None) -> None:
        """Veilig Thuis applied for MDA++ after its assessment; the triage meeting at the Zorg- en
        Veiligheidshuis accepted the family and the family was told the same week."""
        from mda.demo.intake import _moment
        from mda.intake import operations as intake

        vt, zvh = self.users["veiligthuis"], self.users["zvh"]
        day = day or self.day("triage")
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
        application.created_at = _moment(day - timedelta(days=3))
        application.submitted_at = _moment(day - timedelta(days=3), 14)
        application.decided_at = _moment(day, 15)
        db.session.flush()

    def holder(self) -> None:
        self.dossier.safety_holder = self.coordinator.organisation
        self.dossier.safety_holder_since = self.day("close") - timedelta(days=7)
        db.session.flush()


def run(dossier, target: str, users: dict, today: date) -> None:
    """Moves ``dossier`` from registered to ``target`` through the engine."""
    history = History(dossier, users, today)
    if target == "registered":
        history.triage(today - timedelta(days=6))  # accepted at last week's triage, not yet started
        return
    history.step("start_assessment")
    if target == "safety_assessment":
        return
    if target == "handed_over":
        history.assess("none", "handover")
        history.finish_open_tasks("assessment")
        history.holder()
        history.step("hand_over")
        return
    history.assess("structural", "mda_plus")
    history.finish_open_tasks("assessment")
    history.triage()
    history.step("start_safety")
    if target == "safety":
        history.review("plan", 4)
        return
    history.safety_plan()
    history.review("plan", 5)
    history.review("plan", 6, offset=14)
    history.finish_open_tasks("start_risk_care")
    history.step("start_risk_care")
    if target == "risk_care":
        history.care_plan()
        return
    history.care_plan(evaluated=target in ("monitoring", "closed"))
    history.screenings(treated=target in ("monitoring", "closed"))
    history.finish_open_tasks("start_recovery")
    history.step("start_recovery")
    if target == "recovery":
        history.review("start_recovery", 7, offset=10)
        return
    history.finish_open_tasks("start_monitoring")
    history.step("start_monitoring")
    if target == "monitoring":
        history.review("start_monitoring", 8, offset=10)
        return
    history.review("start_monitoring", 8, offset=10)
    history.review("start_monitoring", 9, offset=60)
    history.holder()
    history.finish_open_tasks("close")
    history.step("close")
