"""(k) The impact monitor at real size: ``python -m bench monitor [region|national]``.

The whole monitor page (every indicator over the period and per quarter) for one year, through
the test client as the region's steering member, on the data set of ``python -m bench scale``
(generated first when it is missing). Also the figures alone (``compute_all``) and the number of
SQL statements the page issues. Target: under 1 s on SQLite for a 10,000-dossier region.
"""
import statistics
import time
from datetime import date, timedelta

RUNS = 5
TARGET_S = 1.0


def run(size: str = "region") -> None:
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import event, func, select

    from bench import generate
    from bench.scale import database_url
    from bench.server import make_app
    from mda.auth.models import User
    from mda.core import clock
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from mda.monitor.figures import compute_all
    from mda.monitor.periods import Scope
    from mda.orgs.models import Organisation
    from tests.support.web import login

    url = database_url(size)
    app = make_app(url)
    logging.disable(logging.INFO)
    with app.app_context():
        upgrade()
        generate.ensure(size)
        steering = db.session.scalar(select(User).join(Organisation).where(User.role == "steering")
                                     .order_by(User.id).limit(1))
        region_id = steering.organisation.region_id
        dossiers = db.session.scalar(select(func.count(Dossier.id)).where(Dossier.region_id == region_id))
        username = steering.username
    end = clock.today()
    start = date(end.year - 1, end.month, 1)
    print(f"\n(k) Impact monitor ({size}): one year ({start} to {end}) of a region of {dossiers:,} dossiers, "
          f"median of {RUNS}")
    with app.app_context():
        figures = []
        for _ in range(RUNS):
            began = time.perf_counter()
            compute_all(Scope(region_id, start, end))
            figures.append(time.perf_counter() - began)
    client = app.test_client()
    login(client, username, generate.PASSWORD)
    path = f"/monitor?start={start.isoformat()}&end={end.isoformat()}"
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    pages = []
    for n in range(RUNS + 1):
        if n == RUNS:
            event.listen(engine, "before_cursor_execute", listener)
        began = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - began
        assert response.status_code == 200, response.status_code
        if n:
            pages.append(elapsed)
    event.remove(engine, "before_cursor_execute", listener)
    page = statistics.median(pages)
    print(f"  figures alone (compute_all): {statistics.median(figures) * 1000:.0f} ms")
    print(f"  whole page: {page * 1000:.0f} ms (target < {TARGET_S:.0f} s, ratio {page / TARGET_S:.2f}), "
          f"{len(statements)} SQL statements, {len(response.data) // 1024} KiB")
    with app.app_context():
        db.engine.dispose()
    logging.disable(logging.NOTSET)
    return timedelta(seconds=page)
