"""The work list's statements at region size (``python -m bench.worklist [database URL]``, default
the region database of ``make bench``; only reads). For the coordinator with the most dossiers and a
Veilig Thuis professional: the open tasks as one page in due order over every visible open task (as
before), and the page urgent-first (``mda.tasks.queries.urgent_first``) of the organisation's own
work and, for the coordinator, of what was asked of the partners; then the whole read model
``task_list`` per view. Each the median of 7 runs, executed and fetched, with its statements."""
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, select


def _median(work, runs: int = 7) -> tuple[float, int]:
    from mda.extensions import db
    counted = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    work()
    samples = []
    event.listen(db.engine, "before_cursor_execute", listener)
    for _ in range(runs):
        counted.clear()
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
        db.session.expire_all()
    event.remove(db.engine, "before_cursor_execute", listener)
    return statistics.median(samples) * 1000, len(counted)


def main(url: str) -> None:
    from flask_login import login_user

    from bench.server import make_app
    from mda.auth.models import User
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from mda.orgs.models import Organisation

    app = make_app(url)
    with app.app_context():
        coordinator_id = db.session.scalar(select(Dossier.coordinator_id).group_by(Dossier.coordinator_id)
                                           .order_by(func.count().desc()).limit(1))
        vt_id = db.session.scalar(select(User.id).join(Organisation).where(
            Organisation.kind == "vt", User.role == "professional").order_by(User.id).limit(1))
    print(f"Work list statements on {url.split('@')[-1]} (median of 7, ms; statements)")
    for name, user_id in (("coordinator", coordinator_id), ("Veilig Thuis", vt_id)):
        with app.test_request_context("/taken"):
            user = db.session.get(User, user_id)
            login_user(user)
            _measure(name, user)


def _measure(name: str, user) -> None:
    from mda.access import visible_tasks
    from mda.tasks.models import Task
    from mda.tasks.queries import (OWN, PARTNERS, PENDING_ORDER, _with_details, asked_of_partners, task_list,
                                   urgent_first)

    visible = _with_details(visible_tasks(user).where(Task.is_open_sql()), user)
    own = visible.where(Task.organisation_id == user.organisation_id)
    partners = asked_of_partners(user, visible)
    lines = {"open tasks in due order, every visible one (before)": lambda: PENDING_ORDER.page(visible, None),
             "own work, urgent first": lambda: urgent_first(own, None)}
    if user.role == "coordinator":
        lines["asked of partners, urgent first"] = lambda: urgent_first(partners, None)
    lines["task_list, own work"] = lambda: task_list(user, {}, OWN)
    if user.role == "coordinator":
        lines["task_list, asked of partners"] = lambda: task_list(user, {}, PARTNERS)
    for label, work in lines.items():
        ms, statements = _median(work)
        print(f"  {name:13} {label:55} {ms:7.1f} ms  {statements} statements")


if __name__ == "__main__":
    default = f"sqlite:///{Path(tempfile.gettempdir()) / 'mda-bench-region.sqlite3'}"
    main(sys.argv[1] if len(sys.argv) > 1 else default)
