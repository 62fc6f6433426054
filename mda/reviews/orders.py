"""Domain operations on temporary restraining orders (*huisverbod*): recording that the mayor
imposed one (which gives the police the decision on its extension before its 10 days end),
extending it and withdrawing it (through the engine), and the order a dossier's front shows."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mda.access import Action, can
from mda.audit.log import record
from mda.core import clock
from mda.core.rules import ensure_open
from mda.dossiers.models import Dossier
from mda.engine.core import fire, following
from mda.errors import RuleError
from mda.extensions import db
from mda.orgs.calendar import task_context
from mda.reviews.models import RestrainingOrder
from mda.tasks.creation import create_tasks
from mda.tasks.models import OPEN_STATES, Task
from workflows import RUNNING_ORDER_STATES, first_end, order_status, restraining_order_extension_task

CASE_ENDED = _l("This case has ended; no restraining order can be recorded.")
NOT_IN_FUTURE = _l("The day it was imposed cannot be in the future.")
NOT_IN_DOSSIER = _l("Choose a person from the dossier.")
ALREADY_RUNNING = _l("A restraining order against this person is already running; record its extension or "
                     "withdrawal instead.")
# Stored in the family's record, which is kept in Dutch.
EXTENDED_RESULT = "Besluit vastgelegd: het huisverbod is verlengd tot {day}."
LIFTED_REASON = "Het huisverbod is ingetrokken; een besluit over verlenging is niet meer nodig."


@dataclass(frozen=True)
class OrderView:
    """An order as a reader sees it: ``status`` is its state, or 'ended' once its end has passed."""
    order: RestrainingOrder
    status: str

    @property
    def running(self) -> bool:
        return self.status in RUNNING_ORDER_STATES


def deciding_police(dossier: Dossier, user) -> int:
    """Who decides on a restraining order: the police recording it, else the police on the
    team, else the coordinator's organisation."""
    if user.organisation.kind == "police":
        return user.organisation_id
    police = [m.organisation_id for m in dossier.memberships
              if m.status == "active" and m.organisation.kind == "police"]
    return police[0] if police else dossier.coordinator.organisation_id


def impose(user, dossier: Dossier, *, imposed_on: date, person_id: int | None = None,
           decided_by_org_id: int | None = None, risk_assessment_id: int | None = None,
           today: date | None = None) -> RestrainingOrder:
    """Records that the mayor imposed a restraining order on ``imposed_on`` (for 10 days); while it
    runs, ``decided_by_org_id`` (default: the deciding police) get the task to decide on its
    extension before it ends."""
    today = today or clock.today()
    ensure_open(dossier, "restraining_order", CASE_ENDED, "imposed_on")
    if imposed_on > today:
        raise RuleError(NOT_IN_FUTURE, "imposed_on")
    if person_id is not None and person_id not in {p.id for p in dossier.persons}:
        raise RuleError(NOT_IN_DOSSIER, "person_id")
    if person_id is not None and any(view.running and view.order.person_id == person_id
                                     for view in orders_of(dossier.id, today)):
        raise RuleError(ALREADY_RUNNING, "person_id")
    order = RestrainingOrder(dossier_id=dossier.id, person_id=person_id, state="imposed", imposed_on=imposed_on,
                             ends_on=first_end(imposed_on), risk_assessment_id=risk_assessment_id,
                             organisation_id=user.organisation_id, author_id=user.id)
    db.session.add(order)
    db.session.flush()
    record("create", user=user, dossier_id=dossier.id, person_id=person_id, object=f"restraining_order:{order.id}",
           detail=f"imposed on {imposed_on.isoformat()}")
    if order.ends_on >= today:
        create_tasks(dossier, [restraining_order_extension_task(
            decided_by_org_id or deciding_police(dossier, user), imposed_on, task_context(dossier.region_id),
            person_id=person_id)], user, today)
        db.session.flush()
    return order


def extend(user, order: RestrainingOrder, *, ends_on: date | None, decided_on: date | None = None, version,
           today: date | None = None) -> RestrainingOrder:
    """Records the mayor's extension of a running order to ``ends_on`` (at most 28 days in total)."""
    today = today or clock.today()
    return fire(order, "extend", user, version=version, today=today, ends_on=ends_on,
                decided_on=decided_on or today)


def lift(user, order: RestrainingOrder, *, reason: str, decided_on: date | None = None, version,
         today: date | None = None) -> RestrainingOrder:
    """Records that a running order was withdrawn (by the mayor, or after a court's ruling)."""
    today = today or clock.today()
    return fire(order, "lift", user, version=version, today=today, reason=reason, decided_on=decided_on or today)


def extend_by_task(task: Task, user, *, ends_on: date, result: str, today: date) -> RestrainingOrder | None:
    """The holder of the task to decide on an extension records the extension it decided: a step
    on the order that its work on the task authorises, which completes the task with ``result``."""
    order = order_of_extension_task(task)
    if order is None:
        return None
    with following(user, Action.TASK_WORK, task, f"task:{task.id}"):
        return fire(order, "extend", user, today=today, ends_on=ends_on, decided_on=today, result=result)


def extension_task(order: RestrainingOrder) -> Task | None:
    """The open task to decide on the extension of ``order``, if any."""
    return db.session.scalar(select(Task).where(
        Task.dossier_id == order.dossier_id, Task.kind == "restraining_order",
        Task.dedupe_key == f"restraining_order_extension:{order.imposed_on.isoformat()}",
        Task.state.in_(OPEN_STATES)).limit(1))


def order_of_extension_task(task: Task) -> RestrainingOrder | None:
    """The running order a task to decide on an extension is about (by the day it was imposed)."""
    prefix = "restraining_order_extension:"
    if task.kind != "restraining_order" or not (task.dedupe_key or "").startswith(prefix):
        return None
    imposed_on = date.fromisoformat(task.dedupe_key[len(prefix):])
    return db.session.scalar(select(RestrainingOrder).where(
        RestrainingOrder.dossier_id == task.dossier_id, RestrainingOrder.imposed_on == imposed_on,
        RestrainingOrder.state == "imposed").order_by(RestrainingOrder.id.desc()).limit(1))


def orders_of(dossier_id: int, today: date | None = None) -> list[OrderView]:
    """Every restraining order of the dossier, the latest imposed first."""
    today = today or clock.today()
    rows = db.session.scalars(select(RestrainingOrder).where(RestrainingOrder.dossier_id == dossier_id)
                              .options(joinedload(RestrainingOrder.person))
                              .order_by(RestrainingOrder.imposed_on.desc(), RestrainingOrder.id.desc()))
    return [OrderView(row, order_status(row.state, row.ends_on, today)) for row in rows]


def front_order(views: list[OrderView]) -> OrderView | None:
    """Of a dossier's orders (``orders_of``), the one its front shows: a running one (the one that
    ends last), else the latest."""
    running = [view for view in views if view.running]
    if running:
        return max(running, key=lambda view: view.order.ends_on)
    return views[0] if views else None


def load_order(dossier: Dossier, order_id: int) -> RestrainingOrder | None:
    return db.session.scalar(select(RestrainingOrder).where(RestrainingOrder.id == order_id,
                                                            RestrainingOrder.dossier_id == dossier.id))


def may_record(user, dossier: Dossier) -> bool:
    return can(user, Action.RESTRAINING_ORDER_RECORD, dossier)
