"""The indicators of the impact monitor, defined once: each with its Dutch and English name, its
definition in words (shown on the page and in the README) and its query.

A query (``rows(scope)``) gives one row per family and occasion with three columns: ``family``
(the dossier), ``anchor`` (the day that puts the row in the period and in a quarter) and
``value`` (1/0 for a share, a number for an average; NULL when the family does not count for
this indicator). ``mda.monitor.figures`` aggregates those rows in SQL; nothing here loads a
dossier into Python.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Callable

from sqlalchemy import Integer, Select, and_, case, cast, exists, func, literal, not_, or_, select
from sqlalchemy.orm import aliased

from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import SafetyAssessment
from mda.core.database import among
from mda.dossiers.models import Dossier, Person, Signal, TeamMembership
from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel
from mda.monitor.periods import Scope
from mda.monitor.sql import day_of, days_between, seconds_of_day
from mda.orgs.models import NON_TEAM_KINDS, Organisation
from mda.reviews.models import SafetyReview
from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
from mda.tasks.models import Task
from workflows import ACTIVE_PHASES
from workflows.guards import SCREENED_ROLES
from workflows.text import Label

# Reviews count for a monitor moment when held within this many days of it.
MOMENT_WINDOW_DAYS = 45
# Months after the start of phase 1 at which the team's safety score is taken, in days.
MOMENTS = {0: 0, 6: 183, 12: 365, 18: 548}
RE_REPORT_DAYS = 365
# Memberships that were once active: on the team now, or left it.
ONCE_ACTIVE = ("active", "left")
SHARE, MEAN, COUNT = "share", "mean", "count"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: Label
    definition: Label
    kind: str  # SHARE (percentage of the families), MEAN (average per family) or COUNT (families)
    unit: Label
    rows: Callable[[Scope], Select]
    # Rows count in the period when their anchor lies this many days before it: a score 6 months
    # after the start of phase 1 counts in the period in which those 6 months ended.
    lag_days: int = 0


PERCENT = Label("%", "%")
DAYS = Label("dagen", "days")
SCORE = Label("score (0-10)", "score (0-10)")
ORGANISATIONS = Label("organisaties", "organisations")
FAMILIES = Label("gezinnen", "families")


# --- the families in scope and the moments of their case ------------------------------------------

def scoped_dossiers(scope: Scope) -> Select:
    """The ids of the region's dossiers; with an organisation, those it was ever on the team of."""
    stmt = select(Dossier.id).where(Dossier.region_id == scope.region_id)
    if scope.organisation_id is not None:
        stmt = stmt.where(exists().where(TeamMembership.dossier_id == Dossier.id,
                                         TeamMembership.organisation_id == scope.organisation_id,
                                         TeamMembership.status.in_(ONCE_ACTIVE)))
    return stmt


def _first(scope: Scope, event: str):
    """(family, at): the first time each dossier in scope took the case step ``event``."""
    return (select(TransitionLog.dossier_id.label("family"), func.min(TransitionLog.at).label("at"))
            .where(TransitionLog.workflow == "case", TransitionLog.event == event,
                   among(TransitionLog.dossier_id, scoped_dossiers(scope)))
            .group_by(TransitionLog.dossier_id).subquery())


def _closures(scope: Scope):
    """(family, at): every closure of a dossier in scope."""
    return (select(TransitionLog.dossier_id.label("family"), TransitionLog.at.label("at"))
            .where(TransitionLog.workflow == "case", TransitionLog.to_state == "closed",
                   among(TransitionLog.dossier_id, scoped_dossiers(scope))).subquery())


def _first_reports(scope: Scope):
    """(family, reported_on): each dossier's first report."""
    return (select(Signal.dossier_id.label("family"), func.min(Signal.reported_on).label("reported_on"))
            .where(among(Signal.dossier_id, scoped_dossiers(scope))).group_by(Signal.dossier_id).subquery())


def _agreed_plans(scope: Scope, families):
    """(family, agreed_at): when the safety plan of each of ``families`` (a SELECT of dossier ids)
    was first agreed: the last confirmation of the first version that every partner on the team
    when it was written confirmed."""
    written = day_of(SafetyPlan.created_at)
    # every partner on the team when the version was written, with its confirmation if it gave one
    versions = (select(SafetyPlan.dossier_id.label("family"), func.max(SafetyPlanConfirmation.confirmed_at).label("at"))
                .select_from(SafetyPlan).join(TeamMembership, and_(
                    TeamMembership.dossier_id == SafetyPlan.dossier_id, TeamMembership.status.in_(ONCE_ACTIVE),
                    TeamMembership.joined_on <= written,
                    or_(TeamMembership.left_on.is_(None), TeamMembership.left_on > written)))
                .join(Organisation, and_(Organisation.id == TeamMembership.organisation_id,
                                         Organisation.kind.not_in(NON_TEAM_KINDS)))
                .outerjoin(SafetyPlanConfirmation, and_(
                    SafetyPlanConfirmation.plan_id == SafetyPlan.id,
                    SafetyPlanConfirmation.organisation_id == TeamMembership.organisation_id))
                .where(SafetyPlan.dossier_id.in_(families))
                .group_by(SafetyPlan.id, SafetyPlan.dossier_id)
                .having(func.count(TeamMembership.id) == func.count(SafetyPlanConfirmation.id)).subquery())
    return select(versions.c.family, func.min(versions.c.at).label("at")).group_by(versions.c.family).subquery()


def _period_end(scope: Scope) -> datetime:
    return datetime.combine(scope.end + timedelta(days=1), time())


def _started_in_period(scope: Scope, started):
    """The families of ``started`` whose step lies in the period: only their plans are looked at."""
    return select(started.c.family).where(started.c.at >= datetime.combine(scope.start, time()),
                                          started.c.at < _period_end(scope))


# --- safety plan -----------------------------------------------------------------------------------

def _plan_agreed(scope: Scope) -> Select:
    started = _first(scope, "start_safety")
    agreed = _agreed_plans(scope, _started_in_period(scope, started))
    value = case((and_(agreed.c.at.is_not(None), agreed.c.at < _period_end(scope)), 1), else_=0)
    return (select(started.c.family, day_of(started.c.at).label("anchor"), value.label("value"))
            .outerjoin(agreed, agreed.c.family == started.c.family))


def _days_to_plan(scope: Scope) -> Select:
    started = _first(scope, "start_safety")
    agreed = _agreed_plans(scope, _started_in_period(scope, started))
    value = case((agreed.c.at < _period_end(scope), days_between(agreed.c.at, Dossier.created_at)))
    return (select(started.c.family, day_of(started.c.at).label("anchor"), value.label("value"))
            .join(agreed, agreed.c.family == started.c.family).join(Dossier, Dossier.id == started.c.family))


# --- care plan and trauma screening ------------------------------------------------------------------

def _care_plan_both(scope: Scope) -> Select:
    started = _first(scope, "start_risk_care")
    risk = exists().where(CareGoal.dossier_id == started.c.family, CareGoal.kind == "risk",
                          func.trim(func.coalesce(CareGoal.risk_factor, "")) != "")
    recovery = exists().where(CareGoal.dossier_id == started.c.family, CareGoal.kind == "recovery")
    return select(started.c.family, day_of(started.c.at).label("anchor"),
                  case((and_(risk, recovery), 1), else_=0).label("value"))


def _screening_complete(scope: Scope) -> Select:
    started = _first(scope, "start_risk_care")
    unscreened = exists().where(
        Person.dossier_id == started.c.family, Person.role.in_(SCREENED_ROLES),
        ~exists().where(TraumaScreening.person_id == Person.id, TraumaScreening.status == "done"))
    return select(started.c.family, day_of(started.c.at).label("anchor"),
                  case((unscreened, 0), else_=1).label("value"))


def _positive_treated(scope: Scope) -> Select:
    started = _first(scope, "start_risk_care")
    positive = exists().where(TraumaScreening.dossier_id == started.c.family, TraumaScreening.positive.is_(True))
    untreated = exists().where(
        TraumaScreening.dossier_id == started.c.family, TraumaScreening.positive.is_(True),
        ~exists().where(Task.id == TraumaScreening.treatment_task_id, Task.state.in_(("accepted", "done"))))
    value = case((not_(positive), None), (untreated, 0), else_=1)
    return select(started.c.family, day_of(started.c.at).label("anchor"), value.label("value"))


def _organisations(scope: Scope) -> Select:
    started = _first(scope, "start_safety")
    # The partner organisations are listed once for the statement (``among``), not joined per
    # family: joined, PostgreSQL read every organisation of the country again for each family.
    partners = select(Organisation.id).where(Organisation.kind.not_in(NON_TEAM_KINDS))
    count = (select(func.count(func.distinct(TeamMembership.organisation_id)))
             .where(TeamMembership.dossier_id == started.c.family, TeamMembership.status.in_(ONCE_ACTIVE),
                    among(TeamMembership.organisation_id, partners)).scalar_subquery())
    return select(started.c.family, day_of(started.c.at).label("anchor"), count.label("value"))


# --- safety scores -----------------------------------------------------------------------------------

def _counted_reviews():
    return and_(SafetyReview.status == "closed", SafetyReview.superseded.is_(False),
                SafetyReview.team_score.is_not(None))


def _score_at(months: int) -> Callable[[Scope], Select]:
    def rows(scope: Scope) -> Select:
        started = _first(scope, "start_safety")
        distance = func.abs(days_between(SafetyReview.held_on, started.c.at) - MOMENTS[months])
        # the nearest review's score in one aggregate: distance in thousandths of a day, then the
        # score (0-10) in the last two digits; of two equally near reviews, the lower score
        nearest = (select(started.c.family, started.c.at,
                          func.min(cast(distance * 1000, Integer) * 100 + SafetyReview.team_score).label("key"))
                   .join(SafetyReview, SafetyReview.dossier_id == started.c.family)
                   .where(_counted_reviews(), distance <= MOMENT_WINDOW_DAYS)
                   .group_by(started.c.family, started.c.at).subquery())
        return select(nearest.c.family, day_of(nearest.c.at).label("anchor"), (nearest.c.key % 100).label("value"))
    return rows


def _score_at_closure(scope: Scope) -> Select:
    closed = _closures(scope)
    last = (select(SafetyReview.team_score)
            .where(SafetyReview.dossier_id == closed.c.family, _counted_reviews(),
                   SafetyReview.held_on <= day_of(closed.c.at))
            .order_by(SafetyReview.held_on.desc(), SafetyReview.id.desc()).limit(1).scalar_subquery())
    return select(closed.c.family, day_of(closed.c.at).label("anchor"), last.label("value"))


# --- after closure -----------------------------------------------------------------------------------

def _re_reported(scope: Scope) -> Select:
    closed = _closures(scope)
    closed_on = day_of(closed.c.at)
    again = (select(closed.c.family, closed.c.at, func.count(Signal.id).label("reports"))
             .outerjoin(Signal, and_(Signal.dossier_id == closed.c.family, Signal.dossier_closed_on.is_not(None),
                                     Signal.reported_on >= closed_on,
                                     days_between(Signal.reported_on, closed_on) <= RE_REPORT_DAYS))
             .group_by(closed.c.family, closed.c.at).subquery())
    return select(again.c.family, day_of(again.c.at).label("anchor"),
                  case((again.c.reports > 0, 1), else_=0).label("value"))


# --- Veilig Thuis's safety assessment ------------------------------------------------------------

def _first_assessment(family):
    return (select(func.min(SafetyAssessment.assessed_on))
            .where(SafetyAssessment.dossier_id == family).scalar_subquery())


def _assessment_days(scope: Scope) -> Select:
    reports = _first_reports(scope)
    value = days_between(_first_assessment(reports.c.family), reports.c.reported_on)
    return select(reports.c.family, reports.c.reported_on.label("anchor"), value.label("value"))


def _assessment_term_met(scope: Scope) -> Select:
    reports = _first_reports(scope)
    assessed = _first_assessment(reports.c.family)
    due = (select(func.min(Task.due_on))
           .where(Task.dossier_id == reports.c.family, Task.kind == "safety_assessment").scalar_subquery())
    value = case((due.is_(None), None), (assessed <= due, 1), (and_(assessed.is_(None), due >= scope.end), None),
                 else_=0)
    return select(reports.c.family, reports.c.reported_on.label("anchor"), value.label("value"))


# --- time per phase ------------------------------------------------------------------------------

def _time_in(phase: str) -> Callable[[Scope], Select]:
    def rows(scope: Scope) -> Select:
        entered, later = aliased(TransitionLog), aliased(TransitionLog)
        left_at = (select(func.min(later.at))
                   .where(later.dossier_id == entered.dossier_id, later.workflow == "case", later.id > entered.id)
                   .scalar_subquery())
        spells = (select(entered.dossier_id.label("family"), entered.at.label("entered_at"), left_at.label("left_at"))
                  .where(entered.workflow == "case", entered.to_state == phase,
                         among(entered.dossier_id, scoped_dossiers(scope))).subquery())
        return (select(spells.c.family, day_of(spells.c.left_at).label("anchor"),
                       days_between(spells.c.left_at, spells.c.entered_at).label("value"))
                .where(spells.c.left_at.is_not(None)))
    return rows


# --- stalls and escalations --------------------------------------------------------------------------

def _escalations(scope: Scope, *conditions) -> Select:
    return (select(Escalation.dossier_id.label("family"), Escalation.raised_on.label("anchor"),
                   literal(1).label("value"))
            .where(Escalation.state != "new", Escalation.raised_on.is_not(None),
                   among(Escalation.dossier_id, scoped_dossiers(scope)), *conditions))


def _escalated(scope: Scope) -> Select:
    return _escalations(scope)


def _stalled(scope: Scope) -> Select:
    return _escalations(scope, Escalation.raised_by_id.is_(None))


def _reached(rung: str) -> Callable[[Scope], Select]:
    def rows(scope: Scope) -> Select:
        return (select(Escalation.dossier_id.label("family"), EscalationLevel.reached_on.label("anchor"),
                       literal(1).label("value"))
                .join(EscalationLevel, EscalationLevel.escalation_id == Escalation.id)
                .where(EscalationLevel.rung == rung, among(Escalation.dossier_id, scoped_dossiers(scope))))
    return rows


def _escalation_resolved(scope: Scope) -> Select:
    return (select(Escalation.dossier_id.label("family"), Escalation.ended_on.label("anchor"),
                   case((Escalation.state == "resolved", 1), else_=0).label("value"))
            .where(Escalation.state.in_(("resolved", "withdrawn")), Escalation.ended_on.is_not(None),
                   among(Escalation.dossier_id, scoped_dossiers(scope))))


def _escalation_days(scope: Scope) -> Select:
    return (select(Escalation.dossier_id.label("family"), Escalation.ended_on.label("anchor"),
                   days_between(Escalation.ended_on, Escalation.raised_on).label("value"))
            .where(Escalation.state == "resolved", Escalation.ended_on.is_not(None),
                   Escalation.raised_on.is_not(None), among(Escalation.dossier_id, scoped_dossiers(scope))))


# --- Handle with Care ----------------------------------------------------------------------------

def _summer_time(moment, years):
    """Whether a stored UTC moment falls in Dutch summer time (from the last Sunday of March to the
    last Sunday of October, 01:00 UTC), for the years the period can touch."""
    def last_sunday(year, month):
        day = datetime(year, month + 1, 1) - timedelta(days=1)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    return or_(*[and_(moment >= last_sunday(year, 3).replace(hour=1), moment < last_sunday(year, 10).replace(hour=1))
                 for year in years])


def _school_signal_in_time(scope: Scope) -> Select:
    closed = Task.closed_at
    offset_hours = case((_summer_time(closed, range(scope.start.year, scope.end.year + 2)), 2), else_=1)
    local_seconds = days_between(closed, Task.due_on) * 86400 + offset_hours * 3600
    deadline = func.coalesce(seconds_of_day(Task.due_time), 86400)
    value = case((Task.state == "cancelled", None),
                 (and_(Task.state == "done", closed.is_not(None), local_seconds <= deadline), 1), else_=0)
    return (select(Task.dossier_id.label("family"), Task.due_on.label("anchor"), value.label("value"))
            .where(Task.kind == "school_signal", Task.state.not_in(("reassigned",)),
                   among(Task.dossier_id, scoped_dossiers(scope))))


# --- the list ------------------------------------------------------------------------------------

PHASE_NAMES = {
    "safety": Label("fase 1 (veiligheid)", "phase 1 (safety)"),
    "risk_care": Label("fase 2 (risicogestuurde zorg)", "phase 2 (risk-driven care)"),
    "recovery": Label("fase 3 (herstelgerichte zorg)", "phase 3 (recovery-oriented care)"),
    "monitoring": Label("borging en monitoring", "consolidation and monitoring"),
}
RUNG_NAMES = {
    "team_lead": Label("de teamleider", "the team lead"),
    "zvh": Label("de procesregisseur van het Zorg- en Veiligheidshuis",
                 "the Zorg- en Veiligheidshuis's process director"),
    "steering": Label("de regionale stuurgroep", "the regional steering group"),
}
_STARTED_1 = Label("Gezinnen: de MDA++-gezinnen waarvan fase 1 in de periode begon.",
                   "Families: the MDA++ families whose phase 1 started in the period.")
_STARTED_2 = Label("Gezinnen: de gezinnen waarvan fase 2 in de periode begon.",
                   "Families: the families whose phase 2 started in the period.")


def _with(families: Label, nl: str, en: str) -> Label:
    return Label(f"{nl} {families.nl}", f"{en} {families.en}")


def _score_indicator(months: int) -> Indicator:
    if months == 0:
        name = Label("Veiligheidsscore bij de start", "Safety score at the start")
        moment = Label("het begin van fase 1", "the start of phase 1")
    else:
        name = Label(f"Veiligheidsscore na {months} maanden", f"Safety score after {months} months")
        moment = Label(f"{months} maanden na het begin van fase 1", f"{months} months after the start of phase 1")
    families = _STARTED_1 if months == 0 else Label(
        f"Gezinnen: de MDA++-gezinnen voor wie {moment.nl} in de periode viel.",
        f"Families: the MDA++ families for whom {moment.en} fell in the period.")
    return Indicator(
        f"score_{months}m", name,
        _with(families,
              f"Gemiddelde multidisciplinaire veiligheidsscore van het team (0-10) in de afgesloten evaluatie die het "
              f"dichtst bij {moment.nl} ligt, binnen {MOMENT_WINDOW_DAYS} dagen ervoor of erna; gezinnen zonder "
              f"evaluatie in dat venster tellen niet mee.",
              f"Average multidisciplinary team safety score (0-10) at the closed review nearest to {moment.en}, "
              f"within {MOMENT_WINDOW_DAYS} days either side; families without a review in that window do not count."),
        MEAN, SCORE, _score_at(months), lag_days=MOMENTS[months])


INDICATORS: tuple[Indicator, ...] = (
    Indicator("safety_plan_agreed", Label("Veiligheidsplan afgesproken", "Safety plan agreed"),
              _with(_STARTED_1,
                    "Aandeel gezinnen met een afgesproken veiligheidsplan aan het eind van de periode: een versie die "
                    "elke partner in het team bij het schrijven ervan heeft bevestigd.",
                    "Share of the families with an agreed safety plan by the end of the period: a version confirmed "
                    "by every partner on the team when it was written."),
              SHARE, PERCENT, _plan_agreed),
    Indicator("days_to_safety_plan", Label("Tijd tot afgesproken veiligheidsplan", "Time to an agreed safety plan"),
              _with(_STARTED_1,
                    "Gemiddeld aantal dagen van de registratie van het dossier tot de laatste bevestiging van de "
                    "eerste afgesproken versie van het veiligheidsplan; alleen gezinnen met een afgesproken plan.",
                    "Average number of days from the dossier's registration to the last confirmation of the first "
                    "agreed version of the safety plan; only families with an agreed plan."),
              MEAN, DAYS, _days_to_plan),
    Indicator("care_plan_risk_and_recovery",
              Label("Risicogestuurd en herstelgericht zorgplan", "Risk-driven and recovery-oriented care plan"),
              _with(_STARTED_2,
                    "Aandeel gezinnen waarvan het zorgplan zowel een risicogestuurd doel (tegen een benoemde "
                    "risicofactor) als een herstelgericht doel heeft.",
                    "Share of the families whose care plan has both a risk-driven goal (against a named risk factor) "
                    "and a recovery-oriented goal."),
              SHARE, PERCENT, _care_plan_both),
    Indicator("trauma_screening_complete", Label("Traumascreening compleet", "Trauma screening complete"),
              _with(_STARTED_2,
                    "Aandeel gezinnen waarin elk slachtoffer, elke pleger en elk kind een uitgevoerde traumascreening "
                    "heeft.",
                    "Share of the families in which every victim, perpetrator and child has a trauma screening done."),
              SHARE, PERCENT, _screening_complete),
    Indicator("positive_screening_treated",
              Label("Behandeling na positieve screening", "Treatment after a positive screening"),
              _with(_STARTED_2,
                    "Aandeel gezinnen met een positieve traumascreening waarin voor elke positieve screening de "
                    "behandeltaak is aanvaard of afgerond; alleen gezinnen met een positieve screening.",
                    "Share of the families with a positive trauma screening in which the treatment task of every "
                    "positive screening was accepted or done; only families with a positive screening."),
              SHARE, PERCENT, _positive_treated),
    Indicator("organisations_per_family", Label("Organisaties per gezin", "Organisations per family"),
              _with(_STARTED_1,
                    "Gemiddeld aantal partnerorganisaties dat ooit actief in het team van het gezin zat (geen scholen "
                    "of stuurgroep).",
                    "Average number of partner organisations ever active on the family's team (no schools or "
                    "steering group)."),
              MEAN, ORGANISATIONS, _organisations),
    *(_score_indicator(months) for months in MOMENTS),
    Indicator("score_at_closure", Label("Veiligheidsscore bij afsluiting", "Safety score at closure"),
              Label("Gemiddelde veiligheidsscore van het team in de laatste afgesloten evaluatie op of voor de "
                    "afsluiting. Gezinnen: de casussen die in de periode werden afgesloten.",
                    "Average team safety score at the last closed review on or before closure. Families: the cases "
                    "closed in the period."),
              MEAN, SCORE, _score_at_closure),
    Indicator("re_reported_12m", Label("Nieuwe melding na afsluiting", "New report after closure"),
              Label(f"Aandeel afgesloten casussen met een nieuwe melding binnen 12 maanden ({RE_REPORT_DAYS} dagen) "
                    "na de afsluiting, tot nu toe. Gezinnen: de casussen die in de periode werden afgesloten.",
                    f"Share of the closed cases with a new report within 12 months ({RE_REPORT_DAYS} days) of "
                    "closure, so far. Families: the cases closed in the period."),
              SHARE, PERCENT, _re_reported),
    Indicator("days_to_assessment",
              Label("Tijd tot veiligheidsbeoordeling", "Time to the safety assessment"),
              Label("Gemiddeld aantal dagen van de eerste melding tot de eerste veiligheidsbeoordeling van Veilig "
                    "Thuis. Gezinnen: de dossiers waarvan de eerste melding in de periode binnenkwam en die "
                    "beoordeeld zijn.",
                    "Average number of days from the first report to Veilig Thuis's first safety assessment. "
                    "Families: the dossiers whose first report came in during the period and that were assessed."),
              MEAN, DAYS, _assessment_days),
    Indicator("assessment_term_met",
              Label("Beoordeling binnen 5 werkdagen", "Assessment within 5 working days"),
              Label("Aandeel dossiers waarin de veiligheidsbeoordeling op of voor de vervaldag van de "
                    "beoordelingstaak lag (5 werkdagen na de melding). Gezinnen: de dossiers waarvan de eerste "
                    "melding in de periode binnenkwam; dossiers waarvan de termijn nog loopt tellen niet mee.",
                    "Share of the dossiers whose safety assessment was on or before the due day of the assessment "
                    "task (5 working days after the report). Families: the dossiers whose first report came in "
                    "during the period; those whose term is still running do not count."),
              SHARE, PERCENT, _assessment_term_met),
    *(Indicator(f"days_in_{phase}", Label(f"Duur van {PHASE_NAMES[phase].nl}", f"Time in {PHASE_NAMES[phase].en}"),
                Label(f"Gemiddeld aantal dagen dat een casus in {PHASE_NAMES[phase].nl} bleef, tot de volgende stap "
                      "(ook een terugval). Gezinnen: de casussen die de fase in de periode verlieten.",
                      f"Average number of days a case stayed in {PHASE_NAMES[phase].en}, until its next step (a "
                      "relapse too). Families: the cases that left the phase in the period."),
                MEAN, DAYS, _time_in(phase))
      for phase in ACTIVE_PHASES),
    Indicator("escalated", Label("Geëscaleerde casussen", "Escalated cases"),
              Label("Aantal gezinnen waarvan de casus in de periode werd geëscaleerd (door het systeem of door het "
                    "team).",
                    "Number of families whose case was escalated in the period (by the system or by the team)."),
              COUNT, FAMILIES, _escalated),
    Indicator("stalled", Label("Gestagneerde casussen", "Stalled cases"),
              Label("Aantal gezinnen waarvan het systeem in de periode een stagnatie signaleerde en de casus "
                    "escaleerde.",
                    "Number of families whose case the system found stalled and escalated in the period."),
              COUNT, FAMILIES, _stalled),
    *(Indicator(f"escalated_to_{rung}", Label(f"Escalatie naar {RUNG_NAMES[rung].nl}",
                                               f"Escalation to {RUNG_NAMES[rung].en}"),
                Label(f"Aantal gezinnen waarvan een escalatie in de periode {RUNG_NAMES[rung].nl} bereikte.",
                      f"Number of families whose escalation reached {RUNG_NAMES[rung].en} in the period."),
                COUNT, FAMILIES, _reached(rung))
      for rung in RUNG_NAMES),
    Indicator("escalation_resolved", Label("Escalatie opgelost met een besluit", "Escalation resolved by a decision"),
              Label("Aandeel van de in de periode beëindigde escalaties dat met een besluit werd opgelost (de rest "
                    "werd ingetrokken).",
                    "Share of the escalations ended in the period that were resolved by a decision (the others "
                    "were withdrawn)."),
              SHARE, PERCENT, _escalation_resolved),
    Indicator("escalation_days", Label("Duur van een escalatie", "Time to resolve an escalation"),
              Label("Gemiddeld aantal dagen van escaleren tot het besluit, voor de escalaties die in de periode "
                    "met een besluit werden opgelost.",
                    "Average number of days from raising an escalation to its decision, for the escalations "
                    "resolved in the period."),
              MEAN, DAYS, _escalation_days),
    Indicator("school_signal_in_time",
              Label("Handle with Care op tijd bevestigd", "Handle with Care confirmed in time"),
              Label("Aandeel Handle with Care-signalen aan scholen dat de school vóór het begin van de schooldag "
                    "bevestigde. Gezinnen: de dossiers met een signaal dat in de periode vóór schooltijd bevestigd "
                    "moest zijn (ingetrokken signalen tellen niet mee).",
                    "Share of the Handle with Care signals to schools that the school confirmed before the school "
                    "day began. Families: the dossiers with a signal due for confirmation in the period (withdrawn "
                    "signals do not count)."),
              SHARE, PERCENT, _school_signal_in_time),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
