"""Stall detection over the demo's history: once the families' histories are built, the real
detection (``mda.escalation.operations.detect_stalls``) runs night by night over the last weeks, as
the scheduler would have, so the cases that stalled are escalated and rise level by level on the
days they would have. On some of them the team lead or the procesregisseur decided the next
working day (``DECISIONS``); a case still stalled after the quiet period is escalated again. Its
rows are dated on the day they happened."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update

from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice
from mda.escalation.operations import decide, detect_stalls
from mda.escalation.progress import refresh_progress
from mda.escalation.queries import open_escalation
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.orgs.calendar import task_context
from mda.tasks.models import Task

WEEKS = 6
NIGHTLY, MORNING = time(2, 30), time(10, 15)

# (family, level) -> who decides, the decision, and the task it gives the coordinator's team
# (what, in how many working days).
DECISIONS = {
    ("Gezin Kowalski", 1): (
        "teamleider", "Besproken met de casusregisseur: zij plant binnen twee weken een casusoverleg met alle "
        "partners, waarin de achterstallige taken opnieuw worden belegd.",
        "Casusoverleg plannen en de achterstallige taken opnieuw beleggen", 10),
    ("Gezin Pinas", 1): (
        "teamleider", "De casusregisseur krijgt deze maand extra uren voor dit gezin; de evaluatie van de "
        "veiligheidsscore wordt deze week ingepland.",
        "Bespreking van de veiligheidsscore inplannen", 5),
    ("Gezin Al-Haddad", 2): (
        "zvh", "De juiste partners zijn betrokken, maar de afspraken worden niet nagekomen. De "
        "procesregisseur zit het volgende casusoverleg voor; de partners leggen daar hun planning vast.",
        "Casusoverleg onder voorzitterschap van de procesregisseur voorbereiden", 10),
}
DATED = ((TransitionLog, "at"), (Escalation, "created_at"), (EscalationLevel, "reached_at"),
         (EscalationNotice, "notified_at"), (InboxItem, "created_at"), (Task, "created_at"))


def _last_ids() -> dict:
    return {model: db.session.scalar(select(func.max(model.id))) or 0 for model, _ in DATED}


def _date_back(since: dict, day: date, at: time) -> None:
    moment = datetime.combine(day, at, tzinfo=clock.ZONE)
    for model, column in DATED:
        db.session.execute(update(model).where(model.id > since[model]).values({column: moment})
                           .execution_options(synchronize_session=False))


def _decided_before(dossier_id: int) -> bool:
    return db.session.scalar(select(func.count(Escalation.id)).where(
        Escalation.dossier_id == dossier_id, Escalation.state == "resolved")) > 0


def _decisions(day: date) -> None:
    """The first working day after a family's first escalation reached its level of ``DECISIONS``,
    it is decided."""
    for (reference, level), (username, decision, work, days) in DECISIONS.items():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
        escalation = open_escalation(dossier.id) if dossier is not None else None
        calendar = task_context(dossier.region_id).calendar if dossier is not None else None
        if escalation is None or escalation.level != level or day <= escalation.level_since \
                or not calendar.is_working_day(day) or _decided_before(dossier.id):
            continue
        actor = db.session.scalar(select(User).where(User.username == username))
        task = {"organisation_id": dossier.coordinator.organisation_id, "text": work,
                "due_on": calendar.add_working_days(day, days)}
        since = _last_ids()
        decide(actor, escalation, decision=decision, tasks=[task], today=day)
        _date_back(since, day, MORNING)
        db.session.commit()


def run(today: date) -> dict[str, str]:
    """Each night of the last ``WEEKS`` weeks up to ``today``: what the detection did."""
    refresh_progress()  # the histories were dated back after the engine had marked their progress
    outcome = {}
    for offset in range(WEEKS * 7, -1, -1):
        day = today - timedelta(days=offset)
        since = _last_ids()
        outcome[day.isoformat()] = detect_stalls(day)
        _date_back(since, day, NIGHTLY)
        db.session.commit()
        if day < today:
            _decisions(day)
    return outcome
