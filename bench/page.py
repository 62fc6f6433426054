"""The dossier page of one family as the demo has it, and again after 20 more reviews (every partner
scoring) and 50 more tasks. The number of SQL statements must stay the same; the time is shown."""
import logging
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

RUNS = 30


def run() -> None:
    print(f"\n(f) Dossier page (phase 2, confirmed plan): statements and time (median of {RUNS}), "
          "before and after 20 reviews and 50 tasks")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-page-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'page.sqlite3'}"))
        _measure(app)
        from mda.extensions import db
        with app.app_context():
            db.engine.dispose()


def _fill(dossier, coordinator) -> None:
    from mda.extensions import db
    from mda.reviews.models import PartnerScore, SafetyReview
    from mda.tasks.models import Task

    today = date.today()
    for n in range(20):
        review = SafetyReview(dossier_id=dossier.id, phase="safety", status="closed", team_score=4 + n % 5,
                              held_on=today - timedelta(days=14 * (20 - n)), author_id=coordinator.id,
                              rationale="Vastgesteld in het casusoverleg.")
        db.session.add(review)
        db.session.flush()
        for membership in dossier.memberships:
            db.session.add(PartnerScore(review_id=review.id, organisation_id=membership.organisation_id,
                                        score=3 + n % 6, rationale="Beeld vanuit ons contact.", user_id=coordinator.id))
    for n in range(50):
        db.session.add(Task(dossier_id=dossier.id, kind="other", title_nl=f"Taak {n}", title_en=f"Task {n}",
                            organisation_id=dossier.memberships[n % len(dossier.memberships)].organisation_id,
                            start_on=today, due_on=today + timedelta(days=n)))
    db.session.commit()


def _measure(app) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import event, select

    from mda.demo.region import build
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from tests.support.web import login

    logging.disable(logging.INFO)
    with app.app_context():
        upgrade()
        build(password="bench")
        db.session.commit()
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Kowalski"))
        engine = db.engine
    logging.disable(logging.NOTSET)
    client = app.test_client()
    login(client, "regisseur", "bench")
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))

    def measure(label: str) -> None:
        client.get(f"/dossiers/{dossier_id}")
        samples = []
        for _ in range(RUNS):
            statements.clear()
            start = time.perf_counter()
            client.get(f"/dossiers/{dossier_id}")
            samples.append(time.perf_counter() - start)
        print(f"  {label:<46} {statistics.median(samples) * 1000:8.1f} ms  {len(statements)} SQL statements")

    measure("as in the demo (2 reviews, 11 tasks)")
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        _fill(dossier, dossier.coordinator)
    measure("with 20 more reviews and 50 more tasks")


if __name__ == "__main__":
    run()
