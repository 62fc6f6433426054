"""The access log: what appending costs a request, alone and with concurrent writers, against the
design before the sequencer (every request locked the chain's head); how fast the sequencer links;
and how long verify-log takes over 1,000,000 entries. On SQLite, and on PostgreSQL in a throwaway
cluster when PostgreSQL 15 is installed (targets: append under 1 ms, linking over 20,000 entries/s,
verify under 60 s for 1,000,000)."""
import logging
import statistics
import tempfile
import threading
import time
from pathlib import Path

SQLITE_ENTRIES = 1_000_000
POSTGRESQL_ENTRIES = 200_000
FILL = 20_000  # entries appended per transaction while filling
WRITERS, REQUESTS, PAGE = 8, 40, 20  # concurrent writers, requests each, entries per request (a list page)
BIG_PAGE = 1_000  # the long list page of the "one slow page" scenario


def line(what: str, value: str, note: str = "") -> None:
    print(f"  {what:<56} {value:>12}  {note}".rstrip())


def run() -> None:
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-audit-") as directory:
        print(f"\n(d) Access log on SQLite: appending, linking, verify-log over {SQLITE_ENTRIES:,} entries")
        _measure(create_app(TestConfig(f"sqlite:///{Path(directory) / 'audit.sqlite3'}")), SQLITE_ENTRIES)
    try:
        from tests.support.postgres import ThrowawayCluster
        cluster = ThrowawayCluster().start()
    except (ImportError, RuntimeError, OSError) as error:
        print(f"\n(d) Access log on PostgreSQL: not measured ({error})")
        return
    try:
        print(f"\n(d) Access log on PostgreSQL 15 (throwaway cluster, fsync off): {POSTGRESQL_ENTRIES:,} entries")
        _measure(create_app(TestConfig(cluster.url)), POSTGRESQL_ENTRIES)
    finally:
        cluster.stop()


def _measure(app, entries: int) -> None:
    from flask_migrate import upgrade

    from mda.extensions import db

    logging.disable(logging.INFO)
    with app.app_context():
        upgrade()
    logging.disable(logging.NOTSET)
    with app.app_context():
        _one_request(app)
        _concurrent(app)
        _fill_link_verify(app, entries)
        db.session.remove()
        db.engine.dispose()


def _empty() -> None:
    """An empty log with its head row (so no two writers race to make it)."""
    from sqlalchemy import delete

    from mda.audit.chain import GENESIS, head_seal
    from mda.audit.models import AccessLogEntry, AccessLogHead
    from mda.extensions import db
    from mda.types import utcnow
    db.session.execute(delete(AccessLogEntry))
    db.session.execute(delete(AccessLogHead))
    db.session.add(AccessLogHead(id=1, last_seq=0, last_hash=GENESIS, seal=head_seal(0, GENESIS), updated_at=utcnow()))
    db.session.commit()


def head_locked_append(session, entries: list[dict]) -> None:
    """The design before the sequencer, for comparison: each request locked the head row, chained
    its entries under that lock, inserted them and moved the head, then committed."""
    from mda.audit.chain import BLANK, chain_key, compute_hash, detail_digest, head_seal
    from mda.audit.models import AccessLogEntry, AccessLogHead
    from mda.types import utcnow

    head = AccessLogHead.__table__
    seq, prev = session.execute(head.update().where(head.c.id == 1).values(updated_at=utcnow())
                                .returning(head.c.last_seq, head.c.last_hash)).one()
    key, rows = chain_key(), []
    for values in entries:
        seq += 1
        values = {**BLANK, **values, "seq": seq, "at": utcnow()}
        values["detail_digest"] = detail_digest(values["detail"], key)
        entry_hash = compute_hash(prev, values, key)
        rows.append({**values, "prev_hash": prev, "entry_hash": entry_hash})
        prev = entry_hash
    session.execute(AccessLogEntry.__table__.insert(), rows)
    session.execute(head.update().where(head.c.id == 1).values(last_seq=seq, last_hash=prev,
                                                               seal=head_seal(seq, prev, key)))


def lock_free_append(session, entries: list[dict]) -> None:
    from mda.audit.chain import append
    append(session, entries)


def page(n: int, size: int) -> list[dict]:
    return [{"action": "search", "dossier_id": (n * size + i) % 500, "object": "task.list", "username": "bench",
             "organisation_name": "Politie Eenheid Voorbeeld", "role": "professional", "purpose": "team_work",
             "client_address": "10.0.0.1", "source": "bench"} for i in range(size)]


def _one_request(app) -> None:
    """A request commits anyway; what the log adds is the append."""
    from mda.extensions import db

    for name, append in (("before (head lock)", head_locked_append), ("now (no lock)", lock_free_append)):
        _empty()
        for size, label in ((1, "append one entry"), (200, "append a list page of 200 entries")):
            appended = []
            for n in range(100 if size == 1 else 30):
                start = time.perf_counter_ns()
                append(db.session, page(n, size))
                appended.append(time.perf_counter_ns() - start)
                db.session.commit()
            ms = statistics.median(appended) / 1e6
            line(f"{label}, {name}", f"{ms:8.3f} ms", f"target 1 ms, ratio {ms:.2f}" if size == 1 else "")


def _percentile(samples: list[float], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * share))]


def _writers(app, append, *, with_sequencer: bool, big_page: bool) -> tuple[float, list[float], int]:
    """WRITERS threads each run REQUESTS requests of PAGE entries (append + commit); with
    ``big_page`` one more thread writes a list page of BIG_PAGE entries every 50 ms. (entries/s of the
    small requests, their latencies in ms, entries the sequencer linked meanwhile)"""
    from mda.audit.sequencer import sequence
    from mda.extensions import db

    from sqlalchemy.exc import OperationalError

    latencies, linked, busy, done = [], [0], [0], threading.Event()
    lock = threading.Lock()

    def attempt(entries: list[dict]) -> None:
        """Once more after SQLite gave up waiting for its write lock (busy past its timeout)."""
        while True:
            try:
                append(db.session, entries)
                db.session.commit()
                return
            except OperationalError:
                db.session.rollback()
                busy[0] += 1

    def writer(n):
        with app.app_context():
            mine = []
            for r in range(REQUESTS):
                start = time.perf_counter()
                attempt(page(n * REQUESTS + r, PAGE))
                mine.append((time.perf_counter() - start) * 1000)
            with lock:
                latencies.extend(mine)
            db.session.remove()

    def long_pages():
        with app.app_context():
            n = 0
            while not done.is_set():
                attempt(page(n, BIG_PAGE))
                n += 1
                time.sleep(0.05)
            db.session.remove()

    def sequencer():
        with app.app_context():
            while not done.is_set():
                try:
                    linked[0] += sequence(db.session)
                except OperationalError:
                    db.session.rollback()
                    busy[0] += 1
                time.sleep(0.2)
            db.session.remove()

    background = ([threading.Thread(target=sequencer)] if with_sequencer else []) + \
                 ([threading.Thread(target=long_pages)] if big_page else [])
    writers = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in background:
        thread.start()
    start = time.perf_counter()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    seconds = time.perf_counter() - start
    done.set()
    for thread in background:
        thread.join()
    if busy[0]:
        print(f"    ({busy[0]} writes waited past SQLite's busy timeout and were tried again)")
    return WRITERS * REQUESTS * PAGE / seconds, latencies, linked[0]


def _concurrent(app) -> None:
    print(f"  {WRITERS} writers × {REQUESTS} requests of {PAGE} entries each, committed one by one:")
    for big_page in (False, True):
        if big_page:
            print(f"  the same while one more writer writes a list page of {BIG_PAGE:,} entries every 50 ms:")
        results = {}
        for name, append, with_sequencer in (("before (head lock per request)", head_locked_append, False),
                                             ("now (lock-free, sequencer every 0.2 s)", lock_free_append, True)):
            _empty()
            rate, latencies, linked = _writers(app, append, with_sequencer=with_sequencer, big_page=big_page)
            results[name] = rate, _percentile(latencies, 0.95)
            line(f"  {name}", f"{rate:8,.0f} /s",
                 f"request p50 {statistics.median(latencies):.1f} ms, p95 {_percentile(latencies, 0.95):.1f} ms, "
                 f"max {max(latencies):.1f} ms" + (f"; {linked:,} linked meanwhile" if with_sequencer else ""))
        (before_rate, before_p95), (now_rate, now_p95) = results.values()
        line("  ratio now / before", f"{now_rate / before_rate:8.2f} ×",
             f"throughput; p95 latency ratio {now_p95 / before_p95:.2f}")


def _timed(work) -> tuple[object, float, float]:
    """(result, wall-clock seconds, this process's CPU seconds): on a shared machine the CPU time
    shows what the work itself costs (the database server's share not included on PostgreSQL)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _fill_link_verify(app, entries: int) -> None:
    from mda.audit.chain import append, verify
    from mda.audit.sequencer import sequence
    from mda.extensions import db

    def fill():
        for offset in range(0, entries, FILL):
            append(db.session, page(offset, min(FILL, entries - offset)))
            db.session.commit()

    _empty()
    _, seconds, cpu = _timed(fill)
    line(f"appended {entries:,} entries unsequenced", f"{seconds:8.1f} s",
         f"{entries / seconds:,.0f} entries/s; CPU {cpu:.1f} s")
    linked, seconds, cpu = _timed(lambda: sequence(db.session))
    rate = linked / seconds
    line(f"sequencer linked {linked:,} (batches of {app.config['AUDIT_SEQUENCE_BATCH']:,})", f"{seconds:8.1f} s",
         f"{rate:,.0f} entries/s, target 20,000, ratio {rate / 20_000:.2f}; CPU {cpu:.1f} s")
    verdict, seconds, cpu = _timed(lambda: verify(db.session))
    scale = 1_000_000 / entries
    line("verify-log over the whole chain", f"{seconds:8.1f} s",
         f"target 60 s per 1,000,000, ratio {seconds * scale / 60:.2f}; CPU {cpu:.1f} s (ratio "
         f"{cpu * scale / 60:.2f}); intact={verdict.intact}, checked={verdict.checked:,}")


if __name__ == "__main__":
    run()
