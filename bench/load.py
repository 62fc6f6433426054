"""python -m bench load [--minutes N] [--users 50]: the load and soak test.

USERS professionals of the benchmark region (bench/generate.py, in BENCH_DATABASE_URL) work for
MINUTES through gunicorn with 4 sync workers (bench.scale._server) and, beside it, the scheduler
(``flask mda scheduler``, which links the access log every second), as production runs them: they
read their work lists, dossier lists and inboxes and the dossiers of their families, complete tasks,
write notes, revise and confirm safety plans, open reviews and score in them, each through the
pages and forms a browser gets (bench/locustfile.py, run by locust). The scheduler first catches up
on its daily jobs on its own (``--once``), so that the run measures a working day, not a first night.

Targets: no 5xx, no "database is locked", no lost update (every write the server confirmed is in the
database afterwards, looked up here row by row), p95 under 300 ms. The figures are printed as a
Markdown table; the exit code is 1 when a 5xx, a "locked" or a lost update occurred (a p95 over its
target is reported, not failed). The server is on this machine only: a target that is not a
loopback address (127.0.0.0/8, ::1) is refused.

On SQLite the run works on a fresh copy of the benchmark database (``…-load.sqlite3`` beside it), so
that the scale benchmark's data stays as generated and each run starts from the same data. On
PostgreSQL it writes into the benchmark database itself (a few thousand rows next to 200,000 tasks;
the scheduler's first catch-up escalates the stalled dossiers): point BENCH_DATABASE_URL at a
database made for it to keep the data as generated.
"""
import argparse
import ipaddress
import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.parse
from collections import Counter
from pathlib import Path

TARGET_P95_MS = 300
COORDINATOR_SHARE = 0.24  # of the users: case coordinators; the others are partners on their families
POOL = 30  # dossiers per coordinator the run works on
PARTNER_KINDS = ("vt", "police", "care", "probation")
SPAWN_PER_SECOND = 2  # the professionals arrive over the first half minute
ROOT = Path(__file__).resolve().parents[1]


class NotLoopback(ValueError):
    """The load test runs against this machine only."""


def loopback_only(url: str) -> str:
    """``url`` when its host is a loopback address (127.0.0.0/8 or ::1), or a name that resolves to
    loopback addresses only; raises ``NotLoopback`` otherwise."""
    host = urllib.parse.urlsplit(url if "//" in url else f"//{url}").hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (socket.gaierror, UnicodeError):
            addresses = []
    if not addresses or not all(address.is_loopback for address in addresses):
        raise NotLoopback(f"Refused: the load test runs against a server on this machine only (127.0.0.0/8 or "
                          f"::1), not {host or url!r}. It puts a region's working day on the server in minutes; "
                          "never point it at a server other people use.")
    return url


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("region", "national"), default=os.environ.get("SIZE", "region"),
                        help="the benchmark data to work on (bench/generate.py; national: on PostgreSQL)")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--wait", default=os.environ.get("LOAD_WAIT", "3,10"),
                        help="each user's think time between two actions, from,to in seconds (default 3,10)")
    parser.add_argument("--host", default=None,
                        help="a server already running on this machine, on BENCH_DATABASE_URL itself "
                             "(default: start gunicorn and the scheduler on a copy)")
    parser.add_argument("--results", default=os.environ.get("BENCH_RESULTS"), help="also write the table here")
    args = parser.parse_args(argv)
    if args.host:
        try:
            loopback_only(args.host)
        except NotLoopback as refusal:
            print(refusal, file=sys.stderr)
            return 2
    return run(args.minutes, args.users, args.wait, size=args.size, host=args.host, results=args.results)


def run(minutes: float, users: int, wait: str = "3,10", size: str = "region", host: str | None = None,
        results: str | None = None) -> int:
    from bench import generate
    from bench.scale import _database, _server, database_url
    from bench.server import driver_url, make_app
    from mda.extensions import db

    url = database_url(size)
    load_before = os.getloadavg()
    print(f"\nLoad and soak test: {users} users for {minutes:g} min on {url.split('@')[-1]}")
    app = make_app(url)
    with app.app_context():
        generate.prepare(size)
        people = cast(users)
        database = _database(app)
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite:///") and not host:  # a running server's writes are looked up where it writes
        url = _working_copy(url)
        app = make_app(url)
    work = Path(tempfile.mkdtemp(prefix="mda-load-"))
    (work / "cast.json").write_text(json.dumps({"password": generate.PASSWORD, "users": people}))
    server_log, scheduler_log = work / "gunicorn.log", work / "scheduler.log"
    env = {**os.environ, "BENCH_DATABASE_URL": driver_url(url)}
    if host:
        summary = _locust(loopback_only(host), minutes, users, wait, people, work)
    else:
        print("  the scheduler catches up on its daily jobs first (flask mda scheduler --once)")
        with open(scheduler_log, "w") as log:
            subprocess.run(_scheduler_command("--once"), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                           check=True)
        with open(server_log, "w") as log, _server(driver_url(url), log=log) as port, \
                _scheduler(env, scheduler_log):
            summary = _locust(loopback_only(f"http://127.0.0.1:{port}"), minutes, users, wait, people, work)
    with app.app_context():
        checked = missing_writes(summary["writes"])
        db.session.remove()
        db.engine.dispose()
    logs = _log_counts(server_log, scheduler_log)
    text, failed = report(summary, checked, logs, users=users, minutes=minutes, wait=wait, database=database,
                          load_before=load_before, load_after=os.getloadavg())
    print(text)
    print(f"  logs: {work}")
    if results:
        Path(results).write_text(text)
        print(f"  written to {results}")
    return 1 if failed else 0


def _working_copy(url: str) -> str:
    """A copy of the SQLite benchmark database next to it, made afresh for each run: the run writes
    into it, the scale benchmark's data stays as generated, and every run starts from the same data."""
    import sqlite3

    source = Path(url.removeprefix("sqlite:///"))
    copy = source.with_name(f"{source.stem}-load{source.suffix}")
    for stale in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        stale.unlink(missing_ok=True)
    print(f"  working on a copy: {copy}")
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)
    original.close()
    target.close()
    return f"sqlite:///{copy}"


# --- who works on what --------------------------------------------------------------------------

def cast(users: int) -> list[dict]:
    """The coordinators with the most families in the phases with a plan and reviews, each with
    POOL of them, and partners of the organisations on those families' teams, each with the
    families its organisation is on: they meet on the same dossiers."""
    from sqlalchemy import func, select

    from mda.auth.models import User
    from mda.dossiers.models import Dossier, TeamMembership
    from mda.extensions import db
    from mda.orgs.models import Organisation
    from mda.safetyplan.models import SafetyPlan

    phases = ("safety", "risk_care", "recovery")
    coordinators = max(1, round(users * COORDINATOR_SHARE))
    with_plan = select(SafetyPlan.dossier_id)
    leads = db.session.execute(
        select(User.id, User.username, User.organisation_id).join(Dossier, Dossier.coordinator_id == User.id)
        .where(Dossier.state.in_(phases), Dossier.id.in_(with_plan), User.username.startswith("bench-"))
        .group_by(User.id, User.username, User.organisation_id).order_by(func.count().desc(), User.id)
        .limit(coordinators)).all()
    people, hot = [], []
    for user_id, username, organisation_id in leads:
        pool = list(db.session.scalars(select(Dossier.id).where(
            Dossier.coordinator_id == user_id, Dossier.state.in_(phases), Dossier.id.in_(with_plan))
            .order_by(Dossier.id).limit(POOL)))
        hot += pool
        people.append({"username": username, "role": "coordinator", "organisation_id": organisation_id,
                       "dossiers": pool})
    on_team = {}
    for organisation_id, dossier_id in db.session.execute(
            select(TeamMembership.organisation_id, TeamMembership.dossier_id)
            .join(Organisation, Organisation.id == TeamMembership.organisation_id)
            .where(TeamMembership.dossier_id.in_(hot), TeamMembership.status == "active",
                   Organisation.kind.in_(PARTNER_KINDS))):
        on_team.setdefault(organisation_id, []).append(dossier_id)
    staff = {organisation_id: list(db.session.execute(
        select(User.username).where(User.organisation_id == organisation_id, User.role == "professional",
                                    User.username.startswith("bench-")).order_by(User.id)).scalars())
        for organisation_id, pool in on_team.items() if len(pool) >= 3}
    organisations = sorted(staff, key=lambda org: (-len(on_team[org]), org))
    while len(people) < users and any(staff.values()):
        for organisation_id in organisations:
            if staff[organisation_id] and len(people) < users:
                people.append({"username": staff[organisation_id].pop(0), "role": "partner",
                               "organisation_id": organisation_id, "dossiers": sorted(on_team[organisation_id])})
    return people


# --- the processes ------------------------------------------------------------------------------

def _scheduler_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "bench.server:make_app()", "mda", "scheduler", *options]


class _scheduler:
    """``flask mda scheduler`` beside the server, as production runs it; stopped on leaving."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log

    def __enter__(self):
        self.out = open(self.log, "a")
        self.process = subprocess.Popen(_scheduler_command(), cwd=ROOT, env=self.env, stdout=self.out,
                                        stderr=subprocess.STDOUT)
        return self.process

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.out.close()


def _locust(host: str, minutes: float, users: int, wait: str, people: list[dict], work: Path) -> dict:
    coordinators = sum(1 for person in people if person["role"] == "coordinator")
    out = work / "summary.json"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--users", str(min(users, len(people))), "--spawn-rate", str(SPAWN_PER_SECOND),
               "--run-time", f"{round(minutes * 60)}s", "--host", host, "--stop-timeout", "30",
               "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    env = {**os.environ, "LOAD_CAST": str(work / "cast.json"), "LOAD_OUT": str(out),
           "LOAD_COORDINATORS": str(coordinators), "LOAD_WAIT": wait}
    print(f"  {coordinators} coordinators and {len(people) - coordinators} partners, think time {wait} s, "
          f"against {host}")
    with open(work / "locust.log", "w") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    if not out.exists():
        sys.exit(f"locust wrote no summary; see {work / 'locust.log'}")
    return json.loads(out.read_text())


def _log_counts(*logs: Path) -> Counter:
    found = Counter()
    for log in logs:
        if log.exists():
            text = log.read_text(errors="replace")
            found[f"{log.stem}: tracebacks"] += text.count("Traceback (most recent call last)")
            found[f"{log.stem}: database is locked"] += text.count("database is locked")
    return found


# --- lost updates -------------------------------------------------------------------------------

def missing_writes(writes: list[dict]) -> dict[str, tuple[int, list[dict]]]:
    """Per kind of write: how many the server confirmed, and those not in the database now. A score
    counts as kept when the organisation's score holds it or a later confirmed score (a colleague's,
    made having seen it: otherwise it would have been refused) replaced it."""
    from sqlalchemy import select

    from mda.extensions import db
    from mda.dossiers.models import Note
    from mda.reviews.models import PartnerScore, SafetyReview
    from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
    from mda.tasks.models import Task

    def kept(write: dict, later: list[dict]) -> bool:
        kind = write["kind"]
        if kind == "note":
            return db.session.scalar(select(Note.id).where(Note.dossier_id == write["dossier_id"],
                                                           Note.body == write["body"])) is not None
        if kind == "task_done":
            task = db.session.get(Task, write["task_id"])
            return task is not None and task.state == "done" and task.result == write["result"]
        if kind == "plan_version":
            return db.session.scalar(select(SafetyPlan.id).where(
                SafetyPlan.dossier_id == write["dossier_id"],
                SafetyPlan.warning_signals == write["warning_signals"])) is not None
        if kind == "plan_confirmation":
            return db.session.scalar(select(SafetyPlanConfirmation.id).join(SafetyPlan).where(
                SafetyPlan.dossier_id == write["dossier_id"], SafetyPlan.version == write["version"],
                SafetyPlanConfirmation.organisation_id == write["organisation_id"])) is not None
        if kind == "review_open":
            review = db.session.get(SafetyReview, write["review_id"])
            return review is not None and review.dossier_id == write["dossier_id"]
        if kind == "score":
            held = db.session.scalar(select(PartnerScore).where(
                PartnerScore.review_id == write["review_id"], PartnerScore.organisation_id == write["organisation_id"]))
            same = [w for w in later if w["kind"] == "score" and w["review_id"] == write["review_id"]
                    and w["organisation_id"] == write["organisation_id"]]
            return held is not None and (held.rationale == write["rationale"] and held.score == write["score"]
                                         or bool(same))
        raise ValueError(f"unknown kind of write: {kind}")

    checked: dict[str, tuple[int, list[dict]]] = {}
    for position, write in enumerate(writes):
        confirmed, missing = checked.get(write["kind"], (0, []))
        if not kept(write, writes[position + 1:]):
            missing = [*missing, write]
        checked[write["kind"]] = (confirmed + 1, missing)
    return checked


# --- the report ---------------------------------------------------------------------------------

def report(summary: dict, checked: dict, logs: Counter, *, users: int, minutes: float, wait: str, database: str,
           load_before, load_after) -> tuple[str, bool]:
    """The Markdown table, and whether a hard target (no 5xx, no "locked", no lost update) failed.
    The p95 target is judged on the work once every user has logged in: the logins (Argon2 with the
    production parameters, slow by design) are shown on their own line, and so is the work asked
    while they were still coming in, which queues behind them."""
    from bench.scale import WORKER_CLASS, WORKERS, _machine, percentile

    counts, entries, timings = summary["counts"], summary["entries"], summary["timings"]
    kinds: dict[str, list[float]] = {}
    for _when, method, name, ms in timings:
        kinds.setdefault(f"{method} {name}", []).append(ms)
    work = [ms for _when, _method, name, ms in timings if name != "/login"]
    # the steady state: what was asked after the last of the users had logged in
    settled = max((when for when, _method, name, _ms in timings if name == "/login"), default=0)
    steady = [ms for when, _method, name, ms in timings if name != "/login" and when - ms / 1000 >= settled]
    server_errors = counts.get("5xx", 0)
    locked = counts.get("locked", 0) + sum(n for name, n in logs.items() if name.endswith("locked"))
    confirmed = sum(n for n, _missing in checked.values())
    lost = sum(len(missing) for _n, missing in checked.values())
    p95 = percentile(steady, .95)
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    lines = [f"### {users} users, {minutes:g} minutes — {date}", "",
             f"Machine: {_machine()}; {database}. Load average (1, 5, 15 min) before "
             f"{', '.join(f'{x:.1f}' for x in load_before)}, after {', '.join(f'{x:.1f}' for x in load_after)}.  ",
             f"Server: gunicorn {WORKER_CLASS}, {WORKERS} workers, and the scheduler beside it; locust on the same "
             f"machine, think time {wait.replace(',', '–')} s between actions.", "",
             "| Request | Requests | Failures | Refused (concurrent edit) | p50 ms | p95 ms | p99 ms | max ms |",
             "|---|---|---|---|---|---|---|---|"]

    def row(label: str, times: list[float], failures, refused) -> str:
        return (f"| {label} | {len(times):,} | {failures} | {refused} | {percentile(times, .5):.0f} | "
                f"{percentile(times, .95):.0f} | {percentile(times, .99):.0f} | {max(times, default=0):.0f} |")

    for kind, times in sorted(kinds.items(), key=lambda item: (item[0].split(" ", 1)[1], item[0])):
        entry = entries.get(kind, {})
        lines.append(row(kind, times, entry.get("failures", 0), entry.get("refused", 0)))
    failures = sum(entry["failures"] for entry in entries.values())
    login_failures = sum(entry["failures"] for kind, entry in entries.items() if kind.endswith(" /login"))
    lines.append(row("**the work (every request after logging in)**", work, failures - login_failures,
                     counts.get("refused", 0)))
    lines.append(row("all requests, the logins included", [t[3] for t in timings], failures,
                     counts.get("refused", 0)))
    lines.append(row("**the work once every user had logged in**", steady, "", ""))
    if timings:
        begin = min(t[0] for t in timings)
        minutes_seen: dict[int, list[float]] = {}
        for when, _method, name, ms in timings:
            if name != "/login":
                minutes_seen.setdefault(int((when - begin) // 60), []).append(ms)
        lines += ["", "The work's p95 per minute (requests): " + ", ".join(
            f"{minute + 1}: {percentile(times, .95):.0f} ms ({len(times):,})"
            for minute, times in sorted(minutes_seen.items())) + "."]
    lines += ["", "| Confirmed write | Confirmed | Missing afterwards |", "|---|---|---|"]
    for kind, (n, missing) in sorted(checked.items()):
        lines.append(f"| {kind} | {n:,} | {len(missing)} |")
    lines.append(f"| **all** | {confirmed:,} | {lost} |")
    met = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    lines += ["", "| Target | Measured | |", "|---|---|---|",
              f"| no 5xx | {server_errors} | {met(server_errors == 0)} |",
              f"| no \"database is locked\" (responses and server/scheduler logs) | {locked} | {met(locked == 0)} |",
              f"| no lost update | {lost} of {confirmed:,} confirmed writes missing | {met(lost == 0)} |",
              f"| p95 under {TARGET_P95_MS} ms (the work once every user had logged in) | {p95:.0f} ms | "
              f"{met(p95 < TARGET_P95_MS)} |"]
    other = {name: n for name, n in counts.items() if name not in ("5xx", "locked", "refused")}
    other.update({name: n for name, n in logs.items() if n})
    if other:
        lines += ["", "Also: " + "; ".join(f"{name} {n}" for name, n in sorted(other.items())) + "."]
    for what, texts in summary.get("samples", {}).items():
        lines += [f"- {what}: " + " · ".join(text.replace("|", "/")[:240] for text in texts)]
    lines.append("")
    return "\n".join(lines), bool(server_errors or locked or lost)
