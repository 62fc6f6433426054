"""Two years of closed cases for the impact monitor: families that started phase 1 from two years to
a few months ago and have been closed since, with their safety plan, care plan, screenings, reviews,
Veilig Thuis's assessment, Handle with Care signals, some escalations and some new reports after
closure, so that every indicator of the demo region rests on more than ten families.

These cases are a situation set up, not lived through: their rows are written as they would stand
after closure (no inbox messages, no open tasks), which keeps the demo build fast. The families of
``mda.demo.families`` are the ones lived through the engine.
"""
from datetime import date, datetime, time, timedelta

from sqlalchemy import update

from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import SafetyAssessment
from mda.dossiers.models import Dossier, Person, Signal, TeamMembership
from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel
from mda.extensions import db
from mda.reviews.models import SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import Task

SURNAMES = ("Aksoy", "Bulut", "Claassen", "Dijkhuizen", "Erdogan", "Frijters", "Gerritsen", "Hendriks", "IJzerman",
            "Jacobs", "Kaya", "Lambrechts", "Mulders", "Nijhuis", "Oudejans", "Peeters", "Quint", "Roelofs",
            "Schouten", "Terpstra", "Uysal", "Veenstra", "Wouters", "Yildiz", "Zwart", "Aarts", "Boer", "Coenen",
            "Driessen", "Evers", "Franken", "Goossens", "Huisman", "Ivanova", "Jonker", "Kuijpers", "Lammers",
            "Mertens", "Noordhoek", "Oudshoorn", "Prins", "Rutten", "Sanders", "Tromp")
# First names as varied as a region's families (none of the lived-through families' first names).
VICTIMS = ("Marieke", "Gonca", "Renate", "Joyce", "Hatice", "Bianca", "Wendy", "Chantal", "Yvonne")
PERPETRATORS = ("Johan", "Orhan", "Erwin", "Marco", "Ricardo", "Wilco", "Sjoerd", "Jeroen")
CHILDREN = ("Milan", "Yara", "Zoë", "Ilias", "Amira", "Jasper", "Ryan", "Silke", "Tygo", "Mees")
REFERENCES = tuple(f"Gezin {name} (afgesloten)" for name in SURNAMES)
# Days between one family's start of phase 1 and the next: the starts spread over two years.
SPACING = 15
FIRST_START_DAYS_AGO = 730
PARTNERS = ("veiligthuis", "politie", "ggz")
RISK_FACTORS = ("addiction", "debts", "psychiatric_problems", "housing", "parenting_stress")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


def run(region, orgs: dict, users: dict, today: date) -> None:
    for index, surname in enumerate(SURNAMES):
        _family(index, surname, region, orgs, users, today)
    db.session.flush()


def date_last_activity(region) -> None:
    """Their last activity was their closure: the dossier list, latest activity first, shows the
    families being worked on above them. Called when the demo is built (every dossier the build
    touched carries the build's moment)."""
    db.session.flush()
    db.session.execute(update(Dossier).where(Dossier.region_id == region.id, Dossier.reference.in_(REFERENCES))
                       .values(updated_at=Dossier.last_progress_at), execution_options={"synchronize_session": False})


def _family(index: int, surname: str, region, orgs: dict, users: dict, today: date) -> None:
    start = today - timedelta(days=FIRST_START_DAYS_AGO - SPACING * index)
    length = min(600 if index <= 12 else 420, (today - start).days - 20)  # every case is closed by now
    reported = start - timedelta(days=14)
    closed = start + timedelta(days=length)
    coordinator = users["regisseur" if index % 2 == 0 else "wijkteam"]
    lead = coordinator.organisation
    partners = [orgs[key] for key in PARTNERS] + ([orgs["reclassering"]] if index % 3 == 0 else [])
    dossier = Dossier(region=region, reference=REFERENCES[index], coordinator=coordinator, state="closed",
                      summary="Afgesloten casus uit de afgelopen twee jaar.", created_at=_at(reported, 9),
                      updated_at=_at(closed), last_progress_at=_at(closed))
    dossier.memberships.append(TeamMembership(organisation_id=lead.id, team_role="lead", legal_basis="meldcode",
                                              status="active", joined_on=reported, created_at=_at(reported)))
    for organisation in partners:  # their part ended when the case closed
        dossier.memberships.append(TeamMembership(
            organisation_id=organisation.id, team_role="safety", legal_basis="meldcode", status="left",
            joined_on=reported, left_on=closed, reason="Casus afgesloten.", created_at=_at(reported)))
    first = index % len(VICTIMS), index % len(PERPETRATORS), index % len(CHILDREN)
    victim = Person(name=f"{VICTIMS[first[0]]} {surname}", role="victim",
                    date_of_birth=date(1988, 3, 1) + timedelta(days=index), created_at=_at(reported, 9))
    perpetrator = Person(name=f"{PERPETRATORS[first[1]]} {surname}", role="perpetrator",
                         date_of_birth=date(1985, 6, 1), created_at=_at(reported, 9))
    child = Person(name=f"{CHILDREN[first[2]]} {surname}", role="child",
                   date_of_birth=today - timedelta(days=365 * 8 + index), school_id=orgs["school"].id,
                   created_at=_at(reported, 9))
    dossier.persons.extend([victim, perpetrator, child])
    dossier.signals.append(Signal(reported_on=reported, reporter_kind="police", violence_type="physical",
                                  police_callout=True, description="Politie ter plaatse na ruzie."))
    db.session.add(dossier)
    db.session.flush()
    vt = orgs["veiligthuis"]
    _steps(dossier, coordinator, reported, start, length)
    # Veilig Thuis's assessment: due 5 working days (a week) after the report; late in one case of six
    assessment_task = _task(dossier, "safety_assessment", vt, reported + timedelta(days=7), "done",
                            _at(reported + timedelta(days=3)))
    assessed = reported + timedelta(days=9 if index % 6 == 5 else 2 + index % 4)
    db.session.add(SafetyAssessment(dossier_id=dossier.id, outcome="structural", route="mda_plus",
                                    assessed_on=assessed, organisation_id=vt.id, author_id=users["veiligthuis"].id,
                                    explanation="Structureel onveilig: herhaald fysiek geweld."))
    assessment_task.closed_at = _at(assessed, 15)
    # Handle with Care: the school confirmed before 08:30 (Dutch time), late in one case of five
    school_day = reported + timedelta(days=1)
    confirmed = datetime.combine(school_day, time(9, 15) if index % 5 == 4 else time(6, 0))
    signal_task = _task(dossier, "school_signal", orgs["school"], school_day, "done", confirmed, due_time=time(8, 30),
                        person=child)
    signal_task.start_on, signal_task.created_at = reported, _at(reported, 23)
    signal_task.dedupe_key = f"school_signal:{child.id}:{reported.isoformat()}"
    _plan(dossier, coordinator, [lead, *partners], start, index)
    _care(dossier, coordinator, (victim, perpetrator, child), start, length, index, orgs["ggz"])
    _reviews(dossier, coordinator, start, length, index)
    if index % 4 == 1 and closed + timedelta(days=60) < today:  # a new report within a year of closure
        dossier.signals.append(Signal(reported_on=closed + timedelta(days=60), reporter_kind="police",
                                      violence_type="psychological", dossier_closed_on=closed,
                                      description="Nieuwe melding na afsluiting."))
    if index % 4 != 3:
        _escalation(dossier, users, start + timedelta(days=length // 3), index)


def _steps(dossier, coordinator, reported: date, start: date, length: int) -> None:
    steps = (("start_assessment", "registered", "safety_assessment", reported + timedelta(days=1)),
             ("start_safety", "safety_assessment", "safety", start),
             ("start_risk_care", "safety", "risk_care", start + timedelta(days=int(length * .2))),
             ("start_recovery", "risk_care", "recovery", start + timedelta(days=int(length * .45))),
             ("start_monitoring", "recovery", "monitoring", start + timedelta(days=int(length * .7))),
             ("close", "monitoring", "closed", start + timedelta(days=length)))
    for event, from_state, to_state, day in steps:
        db.session.add(TransitionLog(dossier_id=dossier.id, workflow="case", object_id=dossier.id, event=event,
                                     from_state=from_state, to_state=to_state, user_id=coordinator.id,
                                     username=coordinator.username, organisation_name=coordinator.organisation.name,
                                     at=_at(day, 11)))


def _task(dossier, kind, organisation, due_on, state, closed_at, due_time=None, person=None) -> Task:
    task = Task(dossier_id=dossier.id, kind=kind, title_nl=kind.replace("_", " "), title_en=kind.replace("_", " "),
                organisation_id=organisation.id, state=state, start_on=due_on - timedelta(days=1), due_on=due_on,
                due_time=due_time, closed_at=closed_at, person_id=person.id if person else None,
                created_at=_at(due_on - timedelta(days=1), 8))
    db.session.add(task)
    db.session.flush()
    return task


def _plan(dossier, coordinator, organisations, start: date, index: int) -> None:
    written = start + timedelta(days=3)
    plan = SafetyPlan(dossier_id=dossier.id, version=1, author_id=coordinator.id, created_at=_at(written),
                      danger_statement="Wij zijn bang dat er opnieuw geslagen wordt als er gedronken is.",
                      safety_conditions="Geen geweld; bij spanning neemt vader een time-out buiten de woning.")
    db.session.add(plan)
    db.session.flush()
    for n, organisation in enumerate(organisations):
        db.session.add(SafetyPlanConfirmation(plan_id=plan.id, organisation_id=organisation.id, user_id=coordinator.id,
                                              confirmed_at=_at(written + timedelta(days=2 + n * (1 + index % 5)))))


def _care(dossier, coordinator, persons, start: date, length: int, index: int, care_org) -> None:
    planned = start + timedelta(days=int(length * .25))
    db.session.add(CareGoal(dossier_id=dossier.id, scope="family", kind="risk", author_id=coordinator.id,
                            risk_factor=RISK_FACTORS[index % len(RISK_FACTORS)], evaluation="achieved",
                            description="Het risico is beheersbaar.", evaluated_on=planned + timedelta(days=90)))
    if index % 5 != 3:
        db.session.add(CareGoal(dossier_id=dossier.id, scope="family", kind="recovery", author_id=coordinator.id,
                                description="Het gezin verwerkt wat er gebeurd is.", evaluation="partly",
                                evaluated_on=planned + timedelta(days=120)))
    screened = start + timedelta(days=int(length * .3))
    for n, person in enumerate(persons):
        status = "open" if index % 7 == 6 and person.role == "child" else "done"
        positive = status == "done" and person.role == "victim" and index % 2 == 0
        treatment = None
        if positive:
            treatment = _task(dossier, "treatment", care_org, screened + timedelta(days=21),
                              "done" if index % 10 != 8 else "open", _at(screened + timedelta(days=14)))
        db.session.add(TraumaScreening(
            dossier_id=dossier.id, person_id=person.id, status=status, author_id=coordinator.id,
            instrument="cries13" if person.role == "child" else "tsq", positive=positive if status == "done" else None,
            screened_on=screened + timedelta(days=n) if status == "done" else None,
            treatment_task_id=treatment.id if treatment else None, created_at=_at(screened)))


def _reviews(dossier, coordinator, start: date, length: int, index: int) -> None:
    days = sorted({2, *range(60, length - 10, 60), 183, 365, 548, length - 5})
    for n, day in enumerate(d for d in days if d <= length - 5):
        score = min(9, 3 + index % 2 + n)
        held_on = start + timedelta(days=day)
        db.session.add(SafetyReview(dossier_id=dossier.id, phase="safety", status="closed", held_on=held_on,
                                    team_score=score, author_id=coordinator.id, closed_at=_at(held_on, 12),
                                    rationale="Vastgesteld in het casusoverleg."))


def _escalation(dossier, users, raised_on: date, index: int) -> None:
    """Most families stalled once; the system escalated to the team lead, some further up."""
    rungs = ("team_lead", "zvh", "steering")[:1 + index % 3]
    resolved = index % 8 != 6
    ended = raised_on + timedelta(days=7 * len(rungs) + 3)
    top_since = raised_on + timedelta(days=7 * (len(rungs) - 1))
    escalation = Escalation(dossier_id=dossier.id, state="resolved" if resolved else "withdrawn", level=len(rungs),
                            rung=rungs[-1], raised_on=raised_on, level_since=top_since,
                            signals="task_overdue", reason="Taken liepen te lang achter.", ended_on=ended,
                            outcome="Afspraken gemaakt over de achterstallige taken." if resolved else
                            "De taken zijn alsnog gedaan.", ended_by_id=users["teamleider"].id)
    db.session.add(escalation)
    db.session.flush()
    for level, rung in enumerate(rungs, start=1):
        db.session.add(EscalationLevel(escalation_id=escalation.id, level=level, rung=rung,
                                       reached_on=raised_on + timedelta(days=7 * (level - 1)),
                                       reached_at=_at(raised_on + timedelta(days=7 * (level - 1)))))
