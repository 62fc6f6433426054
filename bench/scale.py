"""python -m bench scale [region|national]: the lists, the dossier page and the heavy work at real
sizes, each against /health measured through the same server in the same run.

The data comes from ``bench.generate`` (region: 10,000 dossiers, 200,000 tasks, 1,000,000 access-log
entries; national: 26 regions, on PostgreSQL) in BENCH_DATABASE_URL, by default a SQLite file in the
system's temporary directory that is kept for the next run. The pages are served by gunicorn
(``bench.server``) and asked by CONNECTIONS clients at once for SECONDS each, after a second of
warming up: requests per second, median and 99th percentile, and that throughput as a share of
/health's. The statements of one request of each page are counted in this process (Flask's test
client on the same database). The stalled-case pass, access-log append and verify run in this
process; the safety-plan PDF is fetched through the server. Figures only, no assertions.
"""
import dataclasses
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
# As the README runs it in production: gunicorn's sync workers, one request at a time per process
# (BENCH_THREADS above 1 serves with threads per process instead).
WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "1")
WORKER_CLASS = "sync" if THREADS == "1" else "gthread"
LIST_SHARE = 0.08  # a list's throughput at least 8% of /health's
LIST_P99_MS = 100
NATIONAL_SHARE = 0.80  # at national size at least 80% of the region's figure
TARGET_STALL_S, TARGET_APPEND_MS, TARGET_VERIFY_S, TARGET_PDF_S = 1.0, 1.0, 60.0, 0.3
TARGET_MONITOR_S = 1.0  # the whole monitor page of a region's year (bench/monitor.py)
RESULTS_JSON = Path(tempfile.gettempdir()) / "mda-bench-{size}.json"
USER_AGENT = "mda-bench"  # the login's session is bound to the browser that made it (Flask-Login)


@dataclass
class Load:
    """What CONNECTIONS clients got from one URL in SECONDS (and ``alone``: the median time of one
    client asking on its own, what the page costs without waiting for others)."""
    requests: int = 0
    errors: int = 0
    latencies: list = field(default_factory=list)
    seconds: float = SECONDS
    size: int = 0
    alone: float = float("nan")

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        return percentile(self.latencies, share) * 1000


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank); NaN for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@dataclass
class Row:
    what: str
    figure: str
    target: str
    ratio: str  # the figure against its target (≥ 1 meets it for a throughput, ≤ 1 for a time)
    health: str  # against /health measured in the same run
    statements: str = ""


def database_url(size: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    if size == "national":
        sys.exit("SIZE=national runs on PostgreSQL: set BENCH_DATABASE_URL=postgresql://user@host/database "
                 "(an empty database, or one this benchmark filled)")
    return f"sqlite:///{Path(tempfile.gettempdir()) / f'mda-bench-{size}.sqlite3'}"


def run(size: str = "region", results: str | None = None) -> None:
    from bench import generate
    from bench.server import driver_url, make_app

    url = database_url(size)
    load_before = os.getloadavg()[0]
    print(f"\nScale ({size}): {url.split('@')[-1]}")
    app = make_app(url)
    with app.app_context():
        data = generate.prepare(size)
        forgotten = _forget_earlier_runs()
        data = dataclasses.replace(data, log_entries=data.log_entries - forgotten)
        cast = _cast()
    statements = _statements(app, cast)
    work = _in_process(app, verify_log=size != "national" or os.environ.get("BENCH_VERIFY") == "1")
    with _server(driver_url(url)) as port:
        loads, pdf = _through_server(port, cast)
    rows = _table(size, loads, pdf, work, statements)
    text = _report(size, data, rows, loads, _database(app), load_before)
    print(text)
    RESULTS_JSON.with_name(RESULTS_JSON.name.format(size=size)).write_text(json.dumps(
        {name: load.per_second for name, load in loads.items()}))
    if results:
        Path(results).write_text(text)
        print(f"  written to {results}")
    from mda.extensions import db
    with app.app_context():
        db.engine.dispose()


def _forget_earlier_runs() -> int:
    """Deletes the access-log entries that earlier runs' pages left waiting. The benchmark serves
    without the scheduler, so nothing links them, and every run adds about half a million: each
    run would verify a larger log than the last. Entries not yet linked are no part of the chain,
    so the data stays what the generator made, and the verify figure stays comparable."""
    from sqlalchemy import delete

    from mda.audit.models import AccessLogEntry
    from mda.extensions import db

    forgotten = db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.seq.is_(None))).rowcount
    db.session.commit()
    if forgotten:
        print(f"  forgot {forgotten:,} access-log entries that earlier runs left waiting (nothing linked them)")
    return forgotten


# --- who and what is asked ----------------------------------------------------------------------

@dataclass
class Cast:
    coordinator: str
    professional: str  # of Veilig Thuis, on most teams: the longest lists
    procesregisseur: str
    dossier_id: int
    monitor: str | None  # the monitor page's path, when this branch has one
    steering: str | None = None  # a member of the steering group, who may open it


def _cast() -> Cast:
    from flask import current_app
    from sqlalchemy import func, select

    from mda.auth.models import User
    from mda.dossiers.models import Dossier, Person
    from mda.extensions import db
    from mda.orgs.models import Organisation
    from mda.safetyplan.models import SafetyPlan

    coordinator_id = db.session.scalar(
        select(Dossier.coordinator_id).group_by(Dossier.coordinator_id).order_by(func.count().desc()).limit(1))
    users = lambda kind, role: select(User.username).join(Organisation).where(  # noqa: E731
        Organisation.kind == kind, User.role == role).order_by(User.id).limit(1)
    persons = select(func.count(Person.id)).where(Person.dossier_id == Dossier.id).scalar_subquery()
    dossier_id = db.session.scalar(
        select(Dossier.id).where(Dossier.coordinator_id == coordinator_id, Dossier.state == "risk_care",
                                 Dossier.id.in_(select(SafetyPlan.dossier_id)))
        .order_by(persons.desc(), Dossier.id).limit(1))
    monitor = next((rule.rule for rule in current_app.url_map.iter_rules()
                    if "monitor" in rule.rule and not rule.arguments), None)
    return Cast(db.session.get(User, coordinator_id).username, db.session.scalar(users("vt", "professional")),
                db.session.scalar(users("zvh", "professional")), dossier_id, monitor,
                db.session.scalar(users("steering", "steering")))


def _targets(cast: Cast) -> dict[str, tuple[str, str | None]]:
    """name -> (path, user)"""
    targets = {
        "/health": ("/health", None),
        "/dossiers (coordinator)": ("/dossiers", cast.coordinator),
        "/dossiers (Veilig Thuis)": ("/dossiers", cast.professional),
        "/taken (coordinator)": ("/taken", cast.coordinator),
        "/taken (Veilig Thuis)": ("/taken", cast.professional),
        "/taken?weergave=partners (coordinator)": ("/taken?weergave=partners", cast.coordinator),
        "dossier page": (f"/dossiers/{cast.dossier_id}", cast.coordinator),
        "/triage": ("/triage", cast.professional),
        "/aanmeldingen": ("/aanmeldingen", cast.professional),
        "/agenda": ("/agenda", cast.coordinator),
        "/inbox": ("/inbox", cast.coordinator),
        "/escalaties": ("/escalaties", cast.procesregisseur),
    }
    if cast.monitor:
        targets["monitor page"] = (cast.monitor, cast.steering)
    return targets


# --- in this process ----------------------------------------------------------------------------

def _statements(app, cast: Cast) -> dict[str, int]:
    """The SQL statements of one request of each page (the second: the first warms the caches)."""
    from sqlalchemy import event

    from bench.generate import PASSWORD
    from mda.extensions import db
    from tests.support.web import login

    counted = {}
    clients = {}
    with app.app_context():
        engine = db.engine
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    for name, (path, user) in [*_targets(cast).items(),
                               ("safety-plan PDF", (f"/dossiers/{cast.dossier_id}/veiligheidsplan.pdf",
                                                    cast.coordinator))]:
        if user not in clients:
            clients[user] = app.test_client()
            if user:
                login(clients[user], user, PASSWORD)
        client = clients[user]
        client.get(path)
        event.listen(engine, "before_cursor_execute", listener)
        statements.clear()
        response = client.get(path)
        event.remove(engine, "before_cursor_execute", listener)
        counted[name] = len(statements) if response.status_code == 200 else -response.status_code
    return counted


def _median(work, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _in_process(app, verify_log: bool = True) -> dict[str, float]:
    """The stalled-case pass, access-log appends and (``verify_log``) a verify of the whole log: at
    national size that is 26 million entries, about a quarter of an hour, so it runs there only with
    BENCH_VERIFY=1; it is linear in the entries, so the region's figure says what it costs."""
    from sqlalchemy import select

    from mda.audit.chain import verify
    from mda.audit.log import record
    from mda.escalation.stalls import stall_signals
    from mda.extensions import db
    from mda.orgs.models import Region

    work = {}
    with app.app_context():
        region = db.session.scalar(select(Region).order_by(Region.id).limit(1))
        stall_signals(region)
        work["stall"] = _median(lambda: stall_signals(region), 3)
        appended = []
        for n in range(200):
            start = time.perf_counter()
            record("view", dossier_id=n + 1, object="bench", username="bench")
            db.session.flush()
            appended.append(time.perf_counter() - start)
            db.session.commit()
        work["append"] = statistics.median(appended)
        if verify_log:
            start = time.perf_counter()
            verdict = verify(db.session)
            work["verify"] = time.perf_counter() - start
            work["verified"] = verdict.checked
            work["waiting"] = getattr(verdict, "waiting", 0) or 0  # appended by requests, not yet linked
            work["intact"] = verdict.intact
        db.session.remove()
    return work


# --- through the server -------------------------------------------------------------------------

class _server:
    """gunicorn serving the benchmark database on a free port, stopped on leaving: the production
    settings of gunicorn.conf.py, with the benchmark's workers, no access log and no worker
    recycling in the middle of a measurement; its errors go to ``log`` (a file open for writing)
    when given."""

    def __init__(self, url: str, log=None):
        self.url, self.log = url, log

    def __enter__(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        root = Path(__file__).resolve().parents[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-k", WORKER_CLASS, "-w", WORKERS, "--threads", THREADS,
             "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", "--max-requests", "0",
             "bench.server:make_app()"],
            cwd=root, env={**os.environ, "BENCH_DATABASE_URL": self.url, "GUNICORN_ACCESS_LOG": ""},
            stderr=self.log)
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1):
                    return self.port
            except OSError:
                time.sleep(0.1)
        self.process.terminate()
        raise RuntimeError("gunicorn did not answer /health")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _login(port: int, username: str) -> str:
    """A session cookie of ``username``, logged in through the login form."""
    from bench.forms import csrf_token
    from bench.generate import PASSWORD

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/login").read().decode()
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrf_token": csrf_token(page)}).encode())
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _hammer(port: int, path: str, cookie: str | None, connections: int = CONNECTIONS,
            seconds: float = SECONDS) -> Load:
    load, lock = Load(seconds=seconds), threading.Lock()
    begin = time.perf_counter() + 1.0  # a second of warming up first
    end = begin + seconds
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, errors, size = [], 0, 0
        while True:
            start = time.perf_counter()
            if start >= end:
                break
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            done = time.perf_counter()
            if response.status != 200:
                errors += 1
            if start >= begin and done <= end:
                mine.append(done - start)
                size = len(body)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.close()
        with lock:
            load.latencies += mine
            load.requests += len(mine)
            load.errors += errors
            load.size = max(load.size, size)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load


def _through_server(port: int, cast: Cast) -> tuple[dict[str, Load], float]:
    cookies = {}
    loads = {}
    for name, (path, user) in _targets(cast).items():
        if user and user not in cookies:
            cookies[user] = _login(port, user)
        if name == "monitor page":  # a report of seconds, not a list: asked one at a time
            loads[name] = Load(alone=_one_at_a_time(port, path, cookies[user], warm=1, runs=3) * 1000)
        else:
            loads[name] = _hammer(port, path, cookies.get(user))
            loads[name].alone = _hammer(port, path, cookies.get(user), connections=1, seconds=2).percentile(.5)
        print(f"  {name:<40} {loads[name].per_second:8.1f} req/s  p50 {loads[name].percentile(.5):7.1f} ms  "
              f"p99 {loads[name].percentile(.99):7.1f} ms  alone {loads[name].alone:6.1f} ms  "
              f"{loads[name].size / 1024:6.0f} KiB" + (f"  {loads[name].errors} errors" if loads[name].errors else ""))
    cookie = _login(port, cast.coordinator)  # an export asks for a login of the last five minutes
    return loads, _one_at_a_time(port, f"/dossiers/{cast.dossier_id}/veiligheidsplan.pdf", cookie)


def _one_at_a_time(port: int, path: str, cookie: str, warm: int = 4, runs: int = 10) -> float:
    """The median time of ``runs`` requests one after another, after ``warm`` that load what each
    worker loads once (WeasyPrint, its fonts)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    samples = []
    for n in range(warm + runs):
        start = time.perf_counter()
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        if n >= warm:
            samples.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(samples)


# --- the table ----------------------------------------------------------------------------------

def _table(size, loads, pdf_s, work, statements) -> list[Row]:
    health = loads["/health"]
    region = None
    if size == "national":
        saved = RESULTS_JSON.with_name(RESULTS_JSON.name.format(size="region"))
        region = json.loads(saved.read_text()) if saved.exists() else None
    rows = [Row("/health", f"{health.per_second:.0f} req/s, p50 {health.percentile(.5):.1f} ms, "
                           f"p99 {health.percentile(.99):.1f} ms; alone {health.alone:.1f} ms", "", "", "1",
                str(statements["/health"]))]
    for name, load in loads.items():
        if name == "/health":
            continue
        share = load.per_second / health.per_second
        target = f"≥ {LIST_SHARE:.0%} of /health, p99 < {LIST_P99_MS} ms"
        ratio = f"{share / LIST_SHARE:.2f}; p99 {load.percentile(.99) / LIST_P99_MS:.2f}"
        if name == "monitor page":  # a report a few people open, not a list: its target is its time alone
            target, ratio = f"< {TARGET_MONITOR_S:.0f} s alone", f"{load.alone / 1000 / TARGET_MONITOR_S:.2f}"
        if region and region.get(name):
            target += f"; ≥ {NATIONAL_SHARE:.0%} of region ({region[name]:.0f} req/s)"
            ratio += f"; {load.per_second / region[name]:.2f} of region"
        if name == "monitor page":
            rows.append(Row(name, f"alone {load.alone:.0f} ms (median of 3, one at a time)", target, ratio,
                            f"{load.alone / health.alone:.0f} × a /health request", str(statements.get(name, ""))))
            continue
        rows.append(Row(name, f"{load.per_second:.0f} req/s, p50 {load.percentile(.5):.0f} ms, "
                              f"p99 {load.percentile(.99):.0f} ms; alone {load.alone:.0f} ms"
                              + (f", {load.errors} errors" if load.errors else ""),
                        target, ratio, f"{share:.1%}", str(statements.get(name, ""))))
    if "monitor page" not in loads:
        rows.append(Row("monitor page", "not on this branch", "", "", ""))
    health_s = health.percentile(.5) / 1000
    for what, seconds, target, statements_of in (
            ("stalled-case pass (stall_signals, region 1)", work["stall"], TARGET_STALL_S, ""),
            ("safety-plan PDF (through the server, warm)", pdf_s, TARGET_PDF_S,
             str(statements.get("safety-plan PDF", ""))),
            ("access-log append (one entry)", work["append"], TARGET_APPEND_MS / 1000, ""),
            *([(f"access-log verify ({work['verified']:,} linked entries and {work['waiting']:,} waiting, "
                f"intact: {work['intact']})", work["verify"], TARGET_VERIFY_S, "")] if "verify" in work else [])):
        figure = f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.1f} s"
        target_text = f"< {target * 1000:.0f} ms" if target < 1 else f"< {target:.0f} s"
        rows.append(Row(what, figure, target_text, f"{seconds / target:.2f}",
                        f"{seconds / health_s:.0f} × a /health request", statements_of))
    if "verify" not in work:
        rows.append(Row("access-log verify", "not run (BENCH_VERIFY=1 runs it): linear in the entries, see "
                        "the region's figure", "", "", ""))
    return rows


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def _database(app) -> str:
    from sqlalchemy import text

    from mda.extensions import db
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return f"SQLite {db.session.scalar(text('SELECT sqlite_version()'))}"
        return db.session.scalar(text("SELECT version()")).split(" on ")[0]


def _report(size, data, rows, loads, database: str, load_before: float) -> str:
    date = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    lines = [f"## {size.capitalize()} size — {date}", "",
             f"Machine: {_machine()}; {database}. Load average before the run: {load_before:.1f}.  ",
             f"Data: {data.regions} region(s), {data.dossiers:,} dossiers, {data.tasks:,} tasks, "
             f"{data.log_entries:,} access-log entries.  ",
             f"Server: gunicorn {WORKER_CLASS}, {WORKERS} workers × {THREADS} thread(s); {CONNECTIONS} connections, "
             f"{SECONDS:.0f} s per page after 1 s of warming up; the load comes from the same machine. "
             "*Alone*: the median of one client asking on its own for 2 s.", "",
             "| What | Figure | Target | Ratio to target | Against /health | SQL statements |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {r.what} | {r.figure} | {r.target} | {r.ratio} | {r.health} | {r.statements} |" for r in rows]
    lines += ["", "Page sizes: " + ", ".join(f"{name} {load.size / 1024:.0f} KiB" for name, load in loads.items()
                                             if name != "/health") + ".", ""]
    return "\n".join(lines)
