"""Synthetic benchmark data at real sizes, written in bulk (Core ``INSERT`` of many rows at once,
never the ORM row by row).

One region is 40 organisations, 400 users, 10,000 dossiers of which 7,500 open, 200,000 tasks and
1,000,000 access-log entries, with what a region has around them: persons, signals, teams, notes,
closed reviews with the partners' scores, safety plans with agreements and confirmations, the case
transitions, applications for the triage meeting, case conferences and inbox items. ``national`` is
26 such regions (on PostgreSQL). Every name is invented.

The generator refuses a database that holds anything but benchmark data: a region whose name does
not start with ``Benchregio`` or a user whose name does not start with ``bench-``. Data of the
size asked for is kept and used again; benchmark data of another size is replaced.
"""
import logging
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, time as clock_time, timedelta, timezone

SIZES = {"region": 1, "national": 26}
REGION_PREFIX = "Benchregio"
USER_PREFIX = "bench-"
PASSWORD = "bench-wachtwoord"
DOSSIERS, OPEN_DOSSIERS, TASKS, LOG_ENTRIES = 10_000, 7_500, 200_000, 1_000_000
BATCH = 10_000

# 40 organisations per region and 400 users: (kind, how many, users each, roles of those users).
ORGANISATIONS = [("local_team", 9), ("vt", 1), ("police", 2), ("zvh", 1), ("om", 1), ("rvdk", 1),
                 ("probation", 2), ("care", 8), ("shelter", 2), ("school", 12), ("steering", 1)]
STAFF = {"local_team": 17, "vt": 31, "police": 15, "zvh": 9, "om": 4, "rvdk": 6, "probation": 8, "care": 14,
         "shelter": 5, "school": 2, "steering": 5}
COORDINATORS_PER_TEAM = 12  # the rest of a local team: one team lead and professionals
OPEN_STATES = {"registered": .08, "safety_assessment": .12, "safety": .30, "risk_care": .25, "recovery": .15,
               "monitoring": .10}
PHASES = ("registered", "safety_assessment", "safety", "risk_care", "recovery", "monitoring", "closed")
EVENTS = {"safety_assessment": "start_assessment", "safety": "start_safety", "risk_care": "start_risk_care",
          "recovery": "start_recovery", "monitoring": "start_monitoring", "closed": "close",
          "handed_over": "hand_over"}
PLANNED = ("safety", "risk_care", "recovery", "monitoring", "closed")

FIRST = ("Sanne", "Emre", "Daan", "Lina", "Mees", "Ria", "Fatima", "Kevin", "Noor", "Bram", "Yara", "Jesse",
         "Amira", "Thijs", "Sofie", "Mohamed", "Eva", "Luuk", "Zeynep", "Ruben", "Iris", "Milan", "Hanna", "Finn")
LAST = ("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
        "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
        "Smits", "Yilmaz", "El Amrani", "Kaya", "Nowak", "Kowalski", "Pinas", "Rahimi", "Ozturk", "Haddou")
TASK_TITLES = [("other", "Huisbezoek afleggen", "Home visit"),
               ("safety_plan_contribution", "Bijdrage aan het veiligheidsplan", "Contribution to the safety plan"),
               ("safety_agreement", "Veiligheidsafspraak controleren", "Check a safety agreement"),
               ("police_risk_assessment", "Risicotaxatie politie", "Police risk assessment"),
               ("trauma_screening", "Traumascreening kinderen", "Trauma screening of the children"),
               ("care_intervention", "Start gezinsbehandeling", "Start family treatment"),
               ("treatment", "Behandeling pleger", "Treatment of the perpetrator"),
               ("other", "Overleg met school", "Talk with the school"),
               ("other", "Netwerkberaad organiseren", "Organise a network meeting")]
NOTES = ("Huisbezoek afgelegd; moeder vertelt dat het rustiger is sinds de afspraken.",
         "Vader houdt zich aan het contactverbod volgens de wijkagent.",
         "De kinderen gaan weer naar school; de leerkracht ziet geen bijzonderheden.",
         "Netwerkberaad gepland met oma en de buurvrouw als steunfiguren.")
AGREEMENTS = ("Vader komt niet in de buurt van de woning.", "Moeder belt 112 bij dreiging.",
              "De school meldt afwezigheid dezelfde dag.", "Wekelijks huisbezoek door het wijkteam.",
              "Oma is het aanspreekpunt in het netwerk.", "Geen alcohol in huis.")


class NotBenchmarkData(RuntimeError):
    """The database holds data that is not the benchmark's: the generator will not touch it."""


@dataclass(frozen=True)
class Population:
    """What the benchmark needs to know of the generated data."""
    regions: int
    dossiers: int
    tasks: int
    log_entries: int


def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=timezone.utc)


def check_database() -> int | None:
    """The number of benchmark regions the database holds (0 when it is empty); raises
    ``NotBenchmarkData`` when it holds anything else."""
    from sqlalchemy import func, select

    from mda.auth.models import User
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from mda.orgs.models import Region

    names = list(db.session.scalars(select(Region.name)))
    strangers = [name for name in names if not name.startswith(REGION_PREFIX)]
    users = db.session.scalar(select(func.count(User.id)).where(~User.username.startswith(USER_PREFIX)))
    if strangers or users:
        raise NotBenchmarkData(
            f"this database holds data that is not benchmark data ({len(strangers)} other regions, {users} other "
            "users): the benchmark writes only into an empty database or one it filled itself")
    if not names and db.session.scalar(select(func.count(Dossier.id))):
        raise NotBenchmarkData("this database holds dossiers outside any benchmark region")
    return len(names)


def population() -> Population:
    from sqlalchemy import func, select

    from mda.audit.models import AccessLogEntry
    from mda.dossiers.models import Dossier
    from mda.extensions import db
    from mda.orgs.models import Region
    from mda.tasks.models import Task

    count = lambda column: db.session.scalar(select(func.count(column)))  # noqa: E731
    return Population(count(Region.id), count(Dossier.id), count(Task.id), count(AccessLogEntry.id))


def ensure(size: str, say=print) -> Population:
    """Benchmark data of ``size`` in the app's database: kept when it is there, else generated."""
    from mda.demo.region import wipe
    from mda.extensions import db

    regions = SIZES[size]
    held = check_database()
    if held:
        current = population()
        # The load test (bench/load.py) adds tasks as the app does (a review asks each partner for a
        # score): more tasks than generated is still this size.
        if current.regions == regions and current.dossiers == regions * DOSSIERS and current.tasks >= regions * TASKS:
            say(f"  using the benchmark data already in the database ({current.dossiers:,} dossiers, "
                f"{current.tasks:,} tasks, {current.log_entries:,} access-log entries)")
            return current
        say("  replacing benchmark data of another size")
        wipe()
        db.session.commit()
    start = time.perf_counter()
    generate(regions, say=say)
    current = population()
    say(f"  generated {current.dossiers:,} dossiers, {current.tasks:,} tasks and {current.log_entries:,} "
        f"access-log entries in {time.perf_counter() - start:.0f} s")
    return current


def prepare(size: str, say=print) -> Population:
    """Migrates the app's database (inside its app context) to the head and makes sure it holds
    benchmark data of ``size`` (``ensure``); exits with the refusal when it holds other data."""
    import sys

    from flask_migrate import upgrade

    logging.disable(logging.INFO)
    upgrade()
    logging.disable(logging.NOTSET)
    try:
        return ensure(size, say=say)
    except NotBenchmarkData as refusal:
        sys.exit(f"Refused: {refusal}")


class Ids:
    """Explicit primary keys per table, so that children can name their parents without asking."""

    def __init__(self):
        self.last = {}

    def next(self, table: str) -> int:
        self.last[table] = self.last.get(table, 0) + 1
        return self.last[table]


class Writer:
    """Buffers rows per table and inserts them in batches, parents before children."""

    def __init__(self, order):
        self.order = [table.name for table in order]
        self.tables = {table.name: table for table in order}
        self.rows = {name: [] for name in self.order}

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        from sqlalchemy import insert

        from mda.extensions import db

        for name in self.order:
            shapes = {}  # one INSERT of many rows needs the same columns in each
            for row in self.rows[name]:
                shapes.setdefault(frozenset(row), []).append(row)
            for rows in shapes.values():
                for start in range(0, len(rows), BATCH):
                    db.session.execute(insert(self.tables[name]), rows[start:start + BATCH])
            self.rows[name].clear()


def generate(regions: int, say=print, seed: int = 14) -> None:
    from sqlalchemy import text

    from mda.audit.models import AccessLogEntry
    from mda.auth.models import User
    from mda.auth.passwords import hash_password
    from mda.conferences.models import Conference, ConferenceInvitee
    from mda.core import clock
    from mda.dossiers.models import Dossier, Note, Person, Signal, TeamMembership
    from mda.engine.models import TransitionLog
    from mda.extensions import db
    from mda.inbox.models import InboxItem
    from mda.intake.models import Application, ApplicationCriterion, TriageMeeting
    from mda.orgs.models import Organisation, Region
    from mda.reviews.models import PartnerScore, SafetyReview
    from mda.safetyplan.models import SafetyAgreement, SafetyPlan, SafetyPlanConfirmation
    from mda.tasks.models import Task

    logging.disable(logging.INFO)
    rng, ids, today = random.Random(seed), Ids(), clock.today()  # the Dutch date, as the pages count
    writer = Writer([t.__table__ for t in (
        Region, Organisation, User, Dossier, Person, Signal, TeamMembership, Note, Task, SafetyReview, PartnerScore,
        SafetyPlan, SafetyAgreement, SafetyPlanConfirmation, TransitionLog, TriageMeeting, Application,
        ApplicationCriterion, Conference, ConferenceInvitee, InboxItem)])
    password_hash = hash_password(PASSWORD)
    users_by_id = {}
    for number in range(1, regions + 1):
        started = time.perf_counter()
        region = _region(number, rng, ids, writer, today, password_hash, users_by_id)
        writer.flush()
        db.session.commit()
        say(f"  region {number}/{regions}: {region} written in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    _access_log(regions * LOG_ENTRIES, rng, users_by_id, ids.last.get("dossier", 0), today)
    say(f"  access log: {regions * LOG_ENTRIES:,} chained entries in {time.perf_counter() - started:.0f} s")
    if db.engine.dialect.name == "postgresql":  # the explicit ids leave the sequences behind
        for table in (*writer.tables, AccessLogEntry.__tablename__):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"GREATEST((SELECT MAX(id) FROM {table}), 1))"))
        db.session.commit()
        db.session.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()
    logging.disable(logging.NOTSET)


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _region(number: int, rng, ids: Ids, writer: Writer, today: date, password_hash: str, users_by_id) -> str:
    """Writes one region into ``writer`` and returns its name."""
    name = f"{REGION_PREFIX} {number}"
    region_id = ids.next("region")
    writer.add("region", {"id": region_id, "name": name})
    orgs = {kind: [] for kind, _count in ORGANISATIONS}
    for kind, count in ORGANISATIONS:
        for n in range(1, count + 1):
            org_id = ids.next("organisation")
            orgs[kind].append(org_id)
            writer.add("organisation", {"id": org_id, "region_id": region_id, "kind": kind,
                                        "name": f"{kind.replace('_', ' ').title()} {n} ({name})",
                                        "email": f"org{org_id}@bench.example"})
    staff = {}  # organisation id -> user ids
    coordinators = []
    for kind, org_ids in orgs.items():
        for org_id in org_ids:
            staff[org_id] = []
            for n in range(STAFF[kind]):
                role = {"steering": "steering"}.get(kind, "professional")
                if kind == "local_team":
                    role = "coordinator" if n < COORDINATORS_PER_TEAM else "team_lead" if n == COORDINATORS_PER_TEAM \
                        else "professional"
                if kind == "zvh" and n == 0:
                    role = "admin"
                user_id = ids.next("user_account")
                username = f"{USER_PREFIX}r{number}-{kind}-{org_id}-{n}"
                writer.add("user_account", {"id": user_id, "username": username,
                                            "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                                            "email": f"{username}@bench.example", "organisation_id": org_id,
                                            "role": role, "password_hash": password_hash})
                users_by_id[user_id] = (username, org_id, role)
                if role == "coordinator":
                    coordinators.append((user_id, org_id))
                elif role == "professional":
                    staff[org_id].append(user_id)
    meetings = []
    for week in range(104):  # a triage meeting every week for two years, and the coming two weeks
        meeting_id = ids.next("triage_meeting")
        meetings.append((meeting_id, today - timedelta(days=7 * (week - 2))))
        writer.add("triage_meeting", {"id": meeting_id, "region_id": region_id,
                                      "held_on": today - timedelta(days=7 * (week - 2)),
                                      "created_by_id": staff[orgs["zvh"][0]][0]})
    states = [_weighted(rng, OPEN_STATES) for _ in range(OPEN_DOSSIERS)]
    states += ["closed" if rng.random() < .72 else "handed_over" for _ in range(DOSSIERS - OPEN_DOSSIERS)]
    rng.shuffle(states)
    tasks_left = TASKS
    for index, state in enumerate(states):
        tasks = tasks_left // (DOSSIERS - index)
        tasks_left -= tasks
        _dossier(rng, ids, writer, today, region_id, state, orgs, staff, coordinators, tasks)
    _applications(rng, ids, writer, today, region_id, orgs, staff, coordinators, meetings)
    _inbox(rng, ids, writer, today, [user for org_users in staff.values() for user in org_users]
           + [user for user, _org in coordinators])
    return name


def _dossier(rng, ids: Ids, writer: Writer, today: date, region_id: int, state: str, orgs, staff, coordinators,
             task_count: int) -> None:
    from mda.dossiers.identity import name_key  # the radar's key, kept with the name as the model does

    dossier_id = ids.next("dossier")
    coordinator_id, team_org = rng.choice(coordinators)
    ended = state in ("closed", "handed_over")
    opened = today - timedelta(days=rng.randint(30, 1200))
    last = opened + timedelta(days=rng.randint(0, (today - opened).days)) if ended else \
        today - timedelta(days=int(rng.expovariate(1 / 12)) % (today - opened).days)
    quiet = rng.randint(22, 200) if rng.random() < .02 else rng.randint(0, 18)
    surname = rng.choice(LAST)
    writer.add("dossier", {
        "id": dossier_id, "region_id": region_id, "reference": f"Gezin {surname} {dossier_id}",
        "summary": "Herhaald partnergeweld waarbij de kinderen getuige zijn.", "state": state,
        "coordinator_id": coordinator_id, "created_at": _moment(opened),
        "updated_at": _moment(last, rng.randint(8, 17), rng.randint(0, 59)),
        "last_progress_at": _moment(max(opened, today - timedelta(days=quiet))),
        "safety_holder_id": team_org if state in ("monitoring", "closed") else None})
    persons = []
    roles = ["victim", "perpetrator"] + ["child"] * rng.randint(0, 3) + (["network"] if rng.random() < .4 else [])
    for role in roles:
        person_id = ids.next("person")
        persons.append(person_id)
        years = (2, 16) if role == "child" else (20, 70)
        born = today - timedelta(days=rng.randint(years[0] * 365, years[1] * 365))
        school = rng.choice(orgs["school"]) if role == "child" and rng.random() < .7 else None
        name = f"{rng.choice(FIRST)} {surname}"
        writer.add("person", {"id": person_id, "dossier_id": dossier_id, "role": role, "date_of_birth": born,
                              "name": name, "match_name": name_key(name), "school_id": school,
                              "created_at": _moment(opened)})
    for n in range(rng.randint(1, 3)):
        police = rng.random() < .4
        writer.add("signal", {"id": ids.next("signal"), "dossier_id": dossier_id,
                              "reported_on": opened + timedelta(days=n * 30), "police_callout": police,
                              "reporter_kind": "police" if police else "professional", "acute": rng.random() < .2,
                              "reporter_organisation_id": rng.choice(orgs["police"] if police else orgs["care"]),
                              "violence_type": rng.choice(("physical", "psychological", "witnessing", "stalking")),
                              "description": "Melding na een incident thuis.", "created_at": _moment(opened)})
    team = [(team_org, "lead")]
    for kind, chance, role in (("vt", .9, "safety"), ("police", .5, "justice"), ("care", .8, "care"),
                               ("care", .3, "care"), ("probation", .25, "justice"), ("shelter", .15, "support")):
        org = rng.choice(orgs[kind])
        if rng.random() < chance and org not in [o for o, _r in team]:
            team.append((org, role))
    status = "left" if ended else "active"
    for org, role in team:
        writer.add("team_membership", {"id": ids.next("team_membership"), "dossier_id": dossier_id,
                                       "organisation_id": org, "team_role": role, "legal_basis": "meldcode",
                                       "status": status, "joined_on": opened,
                                       "left_on": last if ended else None, "created_at": _moment(opened)})
    if not ended and rng.random() < .01:  # an invitation not answered yet
        org = rng.choice(orgs["shelter"])
        if org not in [o for o, _r in team]:
            writer.add("team_membership", {"id": ids.next("team_membership"), "dossier_id": dossier_id,
                                           "organisation_id": org, "team_role": "support",
                                           "legal_basis": "consent", "status": "invited", "created_at": _moment(last)})
    partners = [org for org, _role in team if org != team_org] or [team_org]
    for n in range(rng.randint(1, 6)):
        org = rng.choice([org for org, _role in team])
        writer.add("note", {"id": ids.next("note"), "dossier_id": dossier_id, "kind": "fact",
                            "body": rng.choice(NOTES), "author_id": rng.choice(staff[org] or [coordinator_id]),
                            "organisation_id": org, "person_id": rng.choice([None, *persons]),
                            "created_at": _moment(opened + timedelta(days=n * 20))})
    _tasks(rng, ids, writer, today, dossier_id, state, team_org, partners, persons, orgs, task_count, opened, last)
    _history(ids, writer, dossier_id, state, coordinator_id, opened, last)
    if state in PLANNED:
        _plans(rng, ids, writer, today, dossier_id, team, staff, coordinator_id, opened, last, ended)
        if not ended and rng.random() < .3:
            _conference(rng, ids, writer, today, dossier_id, team, coordinator_id, persons)


def _tasks(rng, ids, writer, today, dossier_id, state, team_org, partners, persons, orgs, count, opened, last):
    ended = state in ("closed", "handed_over")
    for _ in range(count):
        kind, title_nl, title_en = rng.choice(TASK_TITLES)
        roll = rng.random()
        task_state = ("done" if roll < .85 else "cancelled") if ended else (
            "done" if roll < .62 else "open" if roll < .84 else "accepted" if roll < .96 else "declined" if roll < .965
            else "cancelled")
        if task_state in ("done", "cancelled"):
            due = opened + timedelta(days=rng.randint(0, max((last - opened).days, 1)))
        else:
            due = today + timedelta(days=rng.randint(-30, 60) if rng.random() < .15 else rng.randint(-2, 45))
        org = team_org if kind == "other" and rng.random() < .3 else rng.choice(partners)
        if kind == "other" and rng.random() < .01:
            kind, title_nl, title_en, org = "school_signal", "Handle with Care-signaal", "Handle with Care signal", \
                rng.choice(orgs["school"])
        closed = _moment(min(due, today - timedelta(days=1)), rng.randint(8, 17)) \
            if task_state in ("done", "cancelled") else None
        writer.add("task", {"id": ids.next("task"), "dossier_id": dossier_id, "kind": kind, "title_nl": title_nl,
                            "title_en": title_en, "organisation_id": org, "state": task_state,
                            "person_id": rng.choice(persons) if rng.random() < .3 else None,
                            "start_on": due - timedelta(days=14), "due_on": due,
                            "created_at": _moment(due - timedelta(days=14)),
                            "closed_at": closed, "result": "Gedaan." if task_state == "done" else "",
                            "decline_reason": "Geen capaciteit." if task_state == "declined" else ""})


def _history(ids, writer, dossier_id, state, coordinator_id, opened, last) -> None:
    path = PHASES[:PHASES.index(state) + 1] if state in PHASES else ("registered", "safety_assessment", state)
    days = max((last - opened).days, len(path))
    for step, (before, after) in enumerate(zip(path, path[1:], strict=False)):
        writer.add("transition_log", {"id": ids.next("transition_log"), "dossier_id": dossier_id, "workflow": "case",
                                      "object_id": dossier_id, "event": EVENTS[after], "from_state": before,
                                      "to_state": after, "user_id": coordinator_id, "username": "bench",
                                      "at": _moment(opened + timedelta(days=days * (step + 1) // len(path)))})


def _plans(rng, ids, writer, today, dossier_id, team, staff, coordinator_id, opened, last, ended) -> None:
    held = [last - timedelta(days=14 * n) for n in range(rng.randint(1, 6))]
    for day in sorted({d for d in held if d >= opened}):
        review_id = ids.next("safety_review")
        writer.add("safety_review", {"id": review_id, "dossier_id": dossier_id, "phase": "safety", "status": "closed",
                                     "held_on": day, "team_score": rng.randint(3, 8), "author_id": coordinator_id,
                                     "rationale": "Vastgesteld in het casusoverleg.", "closed_at": _moment(day)})
        for org, _role in team:
            if staff[org]:
                writer.add("partner_score", {"id": ids.next("partner_score"), "review_id": review_id,
                                             "organisation_id": org, "score": rng.randint(2, 9),
                                             "user_id": rng.choice(staff[org]), "given_at": _moment(day),
                                             "rationale": "Beeld vanuit ons contact."})
    for version in range(1, rng.randint(1, 2) + 1):
        plan_id = ids.next("safety_plan")
        made = opened + timedelta(days=20 * version)
        writer.add("safety_plan", {"id": plan_id, "dossier_id": dossier_id, "version": version,
                                   "author_id": coordinator_id, "created_at": _moment(made),
                                   "danger_statement": "Wij maken ons zorgen dat het geweld terugkeert.",
                                   "safety_conditions": "Geen fysiek geweld; de kinderen zijn veilig.",
                                   "warning_signals": "Alcoholgebruik, schulden.",
                                   "network_support": "Oma en de buurvrouw."})
        for position in range(rng.randint(4, 8)):
            org = rng.choice(team)[0]
            writer.add("safety_agreement", {"id": ids.next("safety_agreement"), "plan_id": plan_id,
                                            "position": position, "description": rng.choice(AGREEMENTS),
                                            "responsible_organisation_id": org,
                                            "due_on": made + timedelta(days=rng.randint(7, 90))})
        for org, _role in team:
            if staff[org]:
                writer.add("safety_plan_confirmation", {"id": ids.next("safety_plan_confirmation"),
                                                        "plan_id": plan_id, "organisation_id": org,
                                                        "user_id": rng.choice(staff[org]),
                                                        "confirmed_at": _moment(made + timedelta(days=2))})


def _conference(rng, ids, writer, today, dossier_id, team, coordinator_id, persons) -> None:
    held_on = today + timedelta(days=rng.randint(0, 60))
    starts = clock_time(rng.choice((9, 10, 11, 13, 14, 15)), rng.choice((0, 30)))
    conference_id = ids.next("case_conference")
    writer.add("case_conference", {"id": conference_id, "dossier_id": dossier_id, "held_on": held_on,
                                   "starts_at": starts, "ends_at": clock_time(starts.hour + 1, starts.minute),
                                   "place": "Wijkcentrum", "agenda": "Veiligheid, voortgang, afspraken.",
                                   "stage": "planned", "created_by_id": coordinator_id})
    for org, _role in team:
        writer.add("conference_invitee", {"id": ids.next("conference_invitee"), "conference_id": conference_id,
                                          "organisation_id": org, "invited": True})
    for person_id in persons[:2]:
        writer.add("conference_invitee", {"id": ids.next("conference_invitee"), "conference_id": conference_id,
                                          "person_id": person_id, "invited": True})


def _applications(rng, ids, writer, today, region_id, orgs, staff, coordinators, meetings) -> None:
    """About 500 applications over two years: a few drafts, some waiting for the triage meeting, most
    decided, some withdrawn."""
    applicants = orgs["vt"] + orgs["local_team"] + orgs["police"]
    for _ in range(500):
        org = rng.choice(applicants)
        made = today - timedelta(days=rng.randint(0, 700))
        stage = _weighted(rng, {"draft": .05, "submitted": .04, "planned": .03, "accepted": .55,
                                "not_accepted": .18, "withdrawn": .15})
        submitted = None if stage == "draft" else _moment(made + timedelta(days=1))
        if stage in ("submitted", "planned") and made < today - timedelta(days=30):
            made = today - timedelta(days=rng.randint(1, 30))
            submitted = _moment(made)
        decided = _moment(min(made + timedelta(days=rng.randint(5, 20)), today)) \
            if stage in ("accepted", "not_accepted") else None
        application_id = ids.next("mda_application")
        meeting = next((m for m, day in meetings if day >= today), None) if stage == "planned" else None
        writer.add("mda_application", {
            "id": application_id, "region_id": region_id, "organisation_id": org,
            "applicant_id": rng.choice(staff[org] or [coordinators[0][0]]), "stage": stage,
            "family_reference": f"Gezin {rng.choice(LAST)} A{application_id}", "reason": "Structureel onveilig.",
            "goal": "Eén gezin, één plan.", "created_at": _moment(made), "updated_at": _moment(made),
            "submitted_at": submitted, "meeting_id": meeting, "decided_at": decided,
            "decision_reason": "Besproken in de triage." if decided else "",
            "coordinator_id": rng.choice(coordinators)[0] if stage == "accepted" else None,
            "outcome_seen_at": decided,
            "withdrawn_at": _moment(made + timedelta(days=3)) if stage == "withdrawn" else None,
            "withdrawal_reason": "Het gezin is verhuisd." if stage == "withdrawn" else ""})
        for criterion in rng.sample(("structurally_unsafe", "regular_help_exhausted", "incidents_repeat"), 2):
            writer.add("application_criterion", {"id": ids.next("application_criterion"),
                                                 "application_id": application_id, "criterion": criterion})


def _inbox(rng, ids, writer, today, users) -> None:
    kinds = ("task_assigned", "task_due_tomorrow", "task_overdue", "new_signal", "conference_invitation")
    for user_id in users:
        for n in range(50):
            item_id = ids.next("inbox_item")
            moment = _moment(today - timedelta(days=n // 2), rng.randint(7, 18), rng.randint(0, 59))
            writer.add("inbox_item", {"id": item_id, "user_id": user_id, "kind": rng.choice(kinds),
                                      "url": "/taken", "key": f"bench:{item_id}", "created_at": moment,
                                      "read_at": None if n % 4 == 0 else moment})


def _access_log(count: int, rng, users_by_id, dossiers: int, today: date) -> None:
    """``count`` entries over the last year, each with its own MAC and linked into the chain as the
    sequencer links them (``mda.audit.chain``)."""
    from sqlalchemy import insert

    from mda.audit.chain import GENESIS, chain_key, head_seal, leaf_mac, link_hash
    from mda.audit.models import AccessLogEntry, AccessLogHead
    from mda.extensions import db
    from mda.types import utcnow

    users, key = list(users_by_id.items()), chain_key()
    prev, start = GENESIS, _moment(today - timedelta(days=365))
    step = timedelta(days=365) / max(count, 1)
    rows = []
    for seq in range(1, count + 1):
        user_id, (username, org_id, role) = users[seq % len(users)]
        values = {"seq": seq, "at": start + step * seq, "user_id": user_id, "username": username,
                  "organisation_id": org_id, "organisation_name": f"org {org_id}", "role": role, "on_behalf_of": "",
                  "action": "view" if seq % 5 else "search", "dossier_id": rng.randint(1, dossiers),
                  "person_id": None, "object": "dossier.view" if seq % 5 else "task.list", "outcome": "allowed",
                  "client_address": "10.0.0.1", "purpose": "team_work", "source": "bench", "detail_digest": ""}
        leaf = leaf_mac(values, key)
        entry_hash = link_hash(prev, seq, leaf, key)
        rows.append({**values, "id": seq, "detail": "", "leaf_mac": leaf, "prev_hash": prev, "entry_hash": entry_hash})
        prev = entry_hash
        if len(rows) == BATCH:
            db.session.execute(insert(AccessLogEntry.__table__), rows)
            rows = []
    if rows:
        db.session.execute(insert(AccessLogEntry.__table__), rows)
    db.session.merge(AccessLogHead(id=1, last_seq=count, last_hash=prev, seal=head_seal(count, prev),
                                   updated_at=utcnow()))
    db.session.commit()
