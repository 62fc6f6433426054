"""python -m bench: what the workflow engine costs per step, without and with a database.

(a) guards and the machine alone, on facts built in memory, against a target of 100 µs;
(b) the machine does not grow with the number of rows it has moved;
(c) ``available`` (the case steps offered) for a demo dossier on a real SQLite database;
(d) the access log: appending with concurrent writers, the sequencer, verify-log (bench/audit.py);
(e) a safety-plan PDF, cold and warm (bench/pdf.py);
(f) the dossier page with a full history against an empty one (bench/page.py);
(g) the inbox of a user with 10,000 items, and the digest over them (bench/inbox.py);
(h) stall detection over 10,000 dossiers and 200,000 tasks (bench/escalation.py);
and, on its own, ``python -m bench scale [region|national]`` (``make bench``): the lists, the dossier
page and the heavy work at real sizes through a server, against /health (bench/scale.py).
``python -m bench monitor [region|national]``: the impact monitor page at that size (bench/monitor.py).
``python -m bench load [--minutes N] [--users 50]``: the load and soak test (bench/load.py, bench/locustfile.py).
``python -m bench audit`` runs one part. Figures only, no assertions; see bench/README.md.
"""
import gc
import logging
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from mda.engine.machines import machine, trigger
from workflows import (CASE_WORKFLOW, CaseFacts, PartnerFact, PersonFact, SafetyPlanFact,
                       ScoreFact, SignalFact, available_actions, evaluate)

TARGET_US = 100
BATCHES, PER_BATCH = 200, 100


class Row:
    """A stand-in for a database row: all the machine needs is a ``state`` attribute."""

    def __init__(self, state: str = "safety_assessment"):
        self.state = state


def family_facts(state: str) -> CaseFacts:
    """A case with 6 persons and 5 partners, one of whom has not yet confirmed the safety plan."""
    today = date.today()
    persons = [PersonFact(1, "Sanne", "victim", date(1990, 4, 2)),
               PersonFact(2, "Emre", "perpetrator", date(1987, 9, 12)),
               PersonFact(3, "Daan", "child", today - timedelta(days=9 * 365), school_org_id=9),
               PersonFact(4, "Lina", "child", today - timedelta(days=6 * 365), school_org_id=9),
               PersonFact(5, "Mees", "child", today - timedelta(days=2 * 365)),
               PersonFact(6, "Ria", "network", date(1961, 3, 18))]
    partners = [PartnerFact(1, "Wijkteam Noord", "local_team"), PartnerFact(2, "Veilig Thuis", "vt"),
                PartnerFact(3, "Politie", "police"), PartnerFact(4, "GGZ", "care"),
                PartnerFact(5, "Reclassering", "probation")]
    return CaseFacts(
        state=state, today=today, persons=persons, partners=partners, coordinator_org_id=1,
        signals=[SignalFact(today - timedelta(days=d), d % 2 == 0) for d in (210, 90, 30)],
        assessment_outcome="structural", triage_accepted=True, safety_plan=SafetyPlanFact(2, frozenset({1, 2, 3, 4})),
        scores=[ScoreFact(today - timedelta(days=d), s) for d, s in ((28, 4), (14, 5), (0, 6))])


def per_call_us(work, calls_per_run: int = 1) -> float:
    """Median over BATCHES runs of PER_BATCH calls of ``work``, per call, in microseconds."""
    samples = []
    for _ in range(BATCHES):
        start = time.perf_counter_ns()
        for _ in range(PER_BATCH):
            work()
        samples.append((time.perf_counter_ns() - start) / (PER_BATCH * calls_per_run))
    return statistics.median(samples) / 1000


def line(what: str, value: str, note: str = "") -> None:
    print(f"  {what:<46} {value:>12}  {note}".rstrip())


def engine_overhead() -> None:
    print("(a) Engine overhead per question and per step, no database "
          f"(6 persons, 5 partners; median of {BATCHES} runs × {PER_BATCH} calls)")
    in_safety, in_assessment = family_facts("safety"), family_facts("safety_assessment")
    actions = available_actions(CASE_WORKFLOW, in_safety, "coordinator", "local_team")
    row = Row()

    def cycle():  # two steps: start_safety, then a relapse back into phase 1
        row.state = "safety_assessment"
        evaluate(CASE_WORKFLOW, "start_safety", in_assessment, state=row.state)
        trigger("case", row, "start_safety")
        evaluate(CASE_WORKFLOW, "relapse", in_safety, state=row.state)
        trigger("case", row, "relapse")

    def machine_only():
        row.state = "safety_assessment"
        trigger("case", row, "start_safety")
        trigger("case", row, "relapse")

    asked = per_call_us(lambda: available_actions(CASE_WORKFLOW, in_safety, "coordinator",
                                                  "local_team"))
    fired = per_call_us(cycle, calls_per_run=2)
    line(f"available actions ({len(actions)} steps, with reasons)", f"{asked:8.1f} µs",
         f"target {TARGET_US} µs, ratio {asked / TARGET_US:.3f}")
    line("evaluate + fire, per step", f"{fired:8.1f} µs",
         f"target {TARGET_US} µs, ratio {fired / TARGET_US:.3f}")
    line("  of which the machine's trigger alone", f"{per_call_us(machine_only, 2):8.1f} µs")


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def machine_growth() -> None:
    print("\n(b) The machine does not grow with the rows it has moved "
          "(a fresh object per event, at most 1,000 alive at once)")
    case_machine = machine("case")
    for count in (10, 1_000, 100_000):
        gc.collect()
        models_before, rss_before, elapsed = len(case_machine.models), maxrss_mb(), 0
        for offset in range(0, count, 1_000):
            rows = [Row() for _ in range(min(1_000, count - offset))]
            start = time.perf_counter_ns()
            for row in rows:
                trigger("case", row, "start_safety")
            elapsed += time.perf_counter_ns() - start
        line(f"{count:>7,} objects", f"{elapsed / count / 1000:8.2f} µs/event",
             f"models {models_before} → {len(case_machine.models)}, "
             f"max RSS {rss_before:.1f} → {maxrss_mb():.1f} MB")


def end_to_end() -> None:
    print("\n(c) available() for a demo dossier on a real SQLite database")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'bench.sqlite3'}"))
        time_case_actions(app)


def time_case_actions(app) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import event, func, select

    from mda.demo.region import build
    from mda.dossiers.models import Dossier, Person
    from mda.engine.core import available
    from mda.extensions import db

    logging.disable(logging.INFO)  # alembic's migration chatter
    with app.app_context():
        upgrade()
        build(password="bench")
        db.session.commit()
    logging.disable(logging.NOTSET)
    with app.test_request_context():
        persons = (select(func.count(Person.id)).where(Person.dossier_id == Dossier.id)
                   .scalar_subquery())
        dossier = db.session.scalar(select(Dossier).where(Dossier.state == "safety")
                                    .order_by(persons.desc(), Dossier.id).limit(1))
        user, dossier_id = dossier.coordinator, dossier.id
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
        warm, cold = [], []
        for _ in range(200):
            start = time.perf_counter_ns()
            available(dossier, user)
            warm.append(time.perf_counter_ns() - start)
            db.session.expire_all()
            statements.clear()
            start = time.perf_counter_ns()
            available(db.session.get(Dossier, dossier_id), user)
            cold.append(time.perf_counter_ns() - start)
        print(f"  {dossier.reference} ({len(dossier.persons)} persons, "
              f"{len(dossier.memberships)} team members, phase {dossier.state}), "
              f"coordinator {user.username}; median of 200 calls")
        line("rows already in the session", f"{statistics.median(warm) / 1e6:8.2f} ms")
        line("everything loaded again, as in a new request", f"{statistics.median(cold) / 1e6:8.2f} ms",
             f"{len(statements)} SQL statements")
        db.session.remove()
    with app.app_context():
        db.engine.dispose()


def main(argv: list[str]) -> int:
    """Run what ``argv`` names (see the module's text); a clear message and exit 2 for what it
    does not know."""
    import argparse
    import os

    from bench import audit, escalation, inbox, load, monitor, page, pdf, scale
    from bench.generate import SIZES

    if argv[:1] == ["load"]:
        return load.main(argv[1:])
    parts = {"engine": engine_overhead, "machine": machine_growth, "actions": end_to_end, "audit": audit.run,
             "pdf": pdf.run, "page": page.run, "inbox": inbox.run, "escalation": escalation.run}
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                     epilog="python -m bench load --help: the load test's own options.")
    sized = {"scale", "monitor"}
    if argv[:1] and argv[0] in sized:
        parser.add_argument("part", choices=sorted(sized))
        parser.add_argument("size", nargs="?", choices=sorted(SIZES), default=os.environ.get("SIZE", "region"))
        args = parser.parse_args(argv)  # checks a size from SIZE too
        if args.part == "scale":
            scale.run(args.size, results=os.environ.get("BENCH_RESULTS"))
        else:
            monitor.run(args.size)
        return 0
    parser.add_argument("parts", nargs="*", metavar="part",
                        help=f"one or more of {', '.join(parts)} (all of them when none is named); "
                             "or scale [region|national], monitor [region|national], load")
    args = parser.parse_args(argv)
    unknown = [name for name in args.parts if name not in parts]
    if unknown:
        parser.error(f"unknown part {', '.join(unknown)}: choose from {', '.join(parts)}, "
                     "or scale, monitor, load")
    for name in args.parts or parts:
        parts[name]()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
