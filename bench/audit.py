"""The access log: what writing an entry adds to a request, and how long verify-log takes over
1,000,000 entries (targets: under 1 ms, under 60 s)."""
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ENTRIES = 1_000_000
BATCH = 20_000


def line(what: str, value: str, note: str = "") -> None:
    print(f"  {what:<46} {value:>12}  {note}".rstrip())


def run(entries: int = ENTRIES) -> None:
    print(f"\n(d) Access log: cost per entry, and verify-log over {entries:,} entries (SQLite)")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-audit-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'audit.sqlite3'}"))
        with app.app_context():
            _measure(app, entries)


def _measure(app, entries: int) -> None:
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import insert

    from mda.audit.chain import compute_hash, verify
    from mda.audit.log import record
    from mda.audit.models import AccessLogEntry, AccessLogHead
    from mda.extensions import db

    logging.disable(logging.INFO)
    upgrade()
    logging.disable(logging.NOTSET)

    # A request commits anyway; what the log adds is the append: lock the head row, hash, insert.
    appended, committed = [], []
    for n in range(300):
        start = time.perf_counter_ns()
        record("view", dossier_id=n % 50, object="bench", username="bench")
        middle = time.perf_counter_ns()
        db.session.commit()
        appended.append(middle - start)
        committed.append(time.perf_counter_ns() - middle)
    per_entry = statistics.median(appended) / 1e6
    line("append one entry to the chain (median of 300)", f"{per_entry:8.3f} ms",
         f"target 1 ms, ratio {per_entry:.2f}")
    line("  the request's commit, which happens anyway", f"{statistics.median(committed) / 1e6:8.3f} ms")

    # Fill the log to the target size quickly, hashing as the chain does.
    head = db.session.get(AccessLogHead, 1)
    seq, prev = head.last_seq, head.last_hash
    start_fill = time.perf_counter()
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    while seq < entries:
        rows = []
        for _ in range(min(BATCH, entries - seq)):
            seq += 1
            values = {"seq": seq, "at": base + timedelta(seconds=seq), "user_id": seq % 40,
                      "username": f"user{seq % 40}", "organisation_id": seq % 12,
                      "organisation_name": "Politie Eenheid Voorbeeld", "role": "professional",
                      "on_behalf_of": "", "action": "view", "dossier_id": seq % 500, "person_id": None,
                      "object": "dossier.view", "outcome": "allowed", "client_address": "10.0.0.1",
                      "purpose": "team_work", "source": "bench", "detail": ""}
            entry_hash = compute_hash(prev, values)
            rows.append({**values, "prev_hash": prev, "entry_hash": entry_hash})
            prev = entry_hash
        db.session.execute(insert(AccessLogEntry), rows)
        db.session.commit()
    head = db.session.get(AccessLogHead, 1)
    head.last_seq, head.last_hash = seq, prev
    db.session.commit()
    line(f"filled to {entries:,} entries", f"{time.perf_counter() - start_fill:8.1f} s")

    start = time.perf_counter()
    verdict = verify(db.session)
    seconds = time.perf_counter() - start
    line("verify-log over the whole chain", f"{seconds:8.1f} s",
         f"target 60 s, ratio {seconds / 60:.2f}; intact={verdict.intact}, checked={verdict.checked:,}")
    db.session.remove()
    db.engine.dispose()


if __name__ == "__main__":
    run()
