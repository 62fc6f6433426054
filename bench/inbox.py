"""(g) The inbox of a user with 10,000 items against one with a single page of 50: the first page, a page deep in
the history (found by its key, not by an offset), the unread-only view, and another page whose
header shows the unread count. The number of SQL statements must not change; the time is shown
with its ratio. Then the daily digest over those 10,000 items."""
import logging
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

RUNS = 30
FEW, MANY = 50, 10_000


def run() -> None:
    print(f"\n(g) Inbox pages (50 items each) for a user with {FEW} and with {MANY:,} items: median of {RUNS}, "
          "SQL statements; the digest over them")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-inbox-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'inbox.sqlite3'}"))
        _measure(app)
        from mda.extensions import db
        with app.app_context():
            db.engine.dispose()


def _region(app) -> tuple[int, int]:
    from flask_migrate import upgrade

    from mda.extensions import db
    from tests import factories as make

    logging.disable(logging.INFO)
    with app.app_context():
        upgrade()
        region = make.region("Regio Bench")
        team = make.organisation(region, "Wijkteam Bench")
        coordinator = make.user(team, "regie", "coordinator", password="bench-password")
        coordinator.email = "regie@example.org"
        dossier = make.dossier(coordinator, "Gezin Bench")
        db.session.commit()
        ids = coordinator.id, dossier.id
    logging.disable(logging.NOTSET)
    return ids


def _fill(app, user_id: int, dossier_id: int, count: int) -> None:
    """``count`` items, one a minute back from now; one in five about the dossier, one in four unread,
    every tenth waiting for the digest."""
    from sqlalchemy import delete, insert

    from mda.core import clock
    from mda.extensions import db
    from mda.inbox.models import InboxItem

    now = clock.utcnow()
    with app.app_context():
        db.session.execute(delete(InboxItem))
        db.session.execute(insert(InboxItem), [
            {"user_id": user_id, "kind": "task_assigned" if n % 3 else "task_overdue", "url": f"/taken/{n}",
             "key": f"bench:{n}", "dossier_id": dossier_id if n % 5 == 0 else None,
             "created_at": now - timedelta(minutes=count - n), "read_at": None if n % 4 == 0 else now,
             "delivery": "digest" if n % 10 == 0 else "app"} for n in range(count)])
        db.session.commit()


def _measure(app) -> None:
    from sqlalchemy import event, func, select

    from mda.extensions import db
    from mda.inbox.models import InboxItem
    from mda.inbox.queries import cursor_of
    from tests.support.web import login

    user_id, dossier_id = _region(app)
    client = app.test_client()
    login(client, "regie", "bench-password")
    with app.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))

    def deep_cursor() -> str:
        """The key of the page that shows the 30 oldest items."""
        with app.app_context():
            mine = select(InboxItem).where(InboxItem.user_id == user_id)
            total = db.session.scalar(select(func.count()).select_from(mine.subquery()))
            row = db.session.scalars(mine.order_by(InboxItem.created_at.desc(), InboxItem.id.desc())
                                     .offset(max(0, total - 31)).limit(1)).first()
            return cursor_of(row)

    def timed(url: str) -> tuple[float, int]:
        assert client.get(url).status_code == 200
        samples = []
        for _ in range(RUNS):
            statements.clear()
            start = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples) * 1000, len(statements)

    results = {}
    for count in (FEW, MANY):
        _fill(app, user_id, dossier_id, count)
        results[count] = {
            "first page": timed("/inbox"),
            "a page at the end (by its key)": timed(f"/inbox?na={deep_cursor()}"),
            "unread only": timed("/inbox?toon=ongelezen"),
            "another page (the header's count)": timed("/taken"),
        }
    for label in results[FEW]:
        (few_ms, few_sql), (many_ms, many_sql) = results[FEW][label], results[MANY][label]
        print(f"  {label:<36} {few_ms:7.1f} ms → {many_ms:7.1f} ms  ratio {many_ms / few_ms:4.2f}   "
              f"SQL {few_sql} → {many_sql}")
    _digest(app, user_id, dossier_id)


def _digest(app, user_id: int, dossier_id: int) -> None:
    from datetime import datetime, time as clock_time

    import time_machine
    from sqlalchemy import func, select

    from mda.core import clock
    from mda.extensions import db
    from mda.inbox.mail import queue_digests
    from mda.inbox.models import InboxItem

    _fill(app, user_id, dossier_id, MANY)
    moment = datetime.combine(clock.today() + timedelta(days=1), clock_time(7, 31), tzinfo=clock.ZONE)
    with app.app_context():
        waiting = db.session.scalar(select(func.count(InboxItem.id)).where(
            InboxItem.delivery == "digest", InboxItem.read_at.is_(None), InboxItem.mail_id.is_(None)))
        with time_machine.travel(moment, tick=False):
            start = time.perf_counter()
            outcome = queue_digests()
            elapsed = time.perf_counter() - start
    print(f"  digest over {MANY:,} items ({waiting} waiting for it)  {elapsed * 1000:7.1f} ms  ({outcome})")


if __name__ == "__main__":
    run()
