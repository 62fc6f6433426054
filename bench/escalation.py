"""python -m bench escalation: stall detection over a large region on SQLite.

A region of 10,000 open dossiers with 200,000 tasks (20 each: most done, the rest mostly due in
the coming weeks, a few long overdue or declined), 30,000 closed reviews and a transition log,
written in bulk into a throwaway SQLite file. About one dossier in twenty stalls: a few without
progress for weeks, a few with overdue or declined work or a flat score. Timed, each the median of 5 runs:

- the detection's queries over the whole region (``stall_signals``: five set-based statements;
  target under 1 s), with the number of stalled dossiers they find;
- the 50 longest-stalled dossiers (``longest_stalled``; target under 10 ms);
- the nightly job when every stalled dossier is escalated already (``detect_stalls``: the same
  queries plus the rising of escalations whose time limit passed), and once, the first night,
  when every stalled dossier is escalated through the engine (one transaction each, as the job
  commits them).
Figures only, no assertions.
"""
import logging
import random
import statistics
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

DOSSIERS, TASKS_PER_DOSSIER, REVIEWS_PER_DOSSIER = 10_000, 20, 3
TARGET_PASS_S, TARGET_LONGEST_MS = 1.0, 10.0
RUNS = 5
OPEN_STATES = ("registered", "safety_assessment", "safety", "risk_care", "recovery", "monitoring")


def run() -> None:
    print(f"\n(h) Stall detection over {DOSSIERS:,} dossiers and {DOSSIERS * TASKS_PER_DOSSIER:,} tasks on SQLite "
          f"(median of {RUNS}); targets {TARGET_PASS_S} s for the pass, {TARGET_LONGEST_MS} ms for the 50 longest")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-stall-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'stall.sqlite3'}"))
        with app.app_context():
            from mda.extensions import db
            _fill(app)
            _measure()
            db.session.remove()
            db.engine.dispose()


def _moment(day: date) -> datetime:
    return datetime.combine(day, clock_time(10), tzinfo=timezone.utc)


def _fill(app) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from mda.auth.models import User
    from mda.dossiers.models import Dossier, TeamMembership
    from mda.engine.models import TransitionLog
    from mda.extensions import db
    from mda.orgs.models import Organisation, Region
    from mda.reviews.models import SafetyReview
    from mda.tasks.models import Task

    logging.disable(logging.INFO)
    upgrade()
    logging.disable(logging.NOTSET)
    rng, today = random.Random(12), date.today()
    region = Region(name="Regio Groot")
    db.session.add(region)
    db.session.flush()
    kinds = ("local_team", "vt", "police", "care", "zvh", "steering")
    orgs = {kind: Organisation(region_id=region.id, name=f"{kind} Groot", kind=kind) for kind in kinds}
    db.session.add_all(orgs.values())
    db.session.flush()
    roles = {"local_team": "coordinator", "steering": "steering"}
    users = {kind: User(username=f"bench-{kind}", full_name=kind, organisation_id=org.id,
                        role=roles.get(kind, "professional"), password_hash="x") for kind, org in orgs.items()}
    users["lead"] = User(username="bench-lead", full_name="lead", organisation_id=orgs["local_team"].id,
                         role="team_lead", password_hash="x")
    db.session.add_all(users.values())
    db.session.flush()
    coordinator = users["local_team"]
    dossiers = []
    for number in range(DOSSIERS):
        opened = today - timedelta(days=rng.randint(250, 700))
        quiet = rng.randint(22, 200) if rng.random() < .02 else rng.randint(0, 18)
        dossiers.append({"region_id": region.id, "reference": f"Gezin {number}", "summary": "",
                         "state": rng.choice(OPEN_STATES), "coordinator_id": coordinator.id,
                         "created_at": _moment(opened), "last_progress_at": _moment(today - timedelta(days=quiet))})
    db.session.execute(insert(Dossier), dossiers)
    ids = list(range(1, DOSSIERS + 1))
    partners = [orgs[kind].id for kind in ("vt", "police", "care")]
    db.session.execute(insert(TeamMembership), [
        {"dossier_id": dossier_id, "organisation_id": org_id, "team_role": "safety", "legal_basis": "meldcode",
         "status": "active"} for dossier_id in ids for org_id in [orgs["local_team"].id] + partners])
    tasks, steps = [], []
    for dossier_id in ids:
        for _ in range(TASKS_PER_DOSSIER):
            roll = rng.random()
            state = ("done" if roll < .7 else "open" if roll < .88 else "accepted" if roll < .967
                     else "declined" if roll < .968 else "cancelled")
            late = state in ("open", "accepted") and rng.random() < .001
            due = today + timedelta(days=rng.randint(-120, -10) if state in ("done", "cancelled") or late
                                    else rng.randint(-2, 40))
            tasks.append({"dossier_id": dossier_id, "kind": "safety_review" if rng.random() < .1 else "other",
                          "title_nl": "Taak", "title_en": "Task", "organisation_id": rng.choice(partners),
                          "state": state, "start_on": due - timedelta(days=20), "due_on": due,
                          "created_at": _moment(due - timedelta(days=20)),
                          "closed_at": _moment(due) if state in ("done", "cancelled") else None})
    db.session.execute(insert(Task), tasks)
    declined = [(row_id, task) for row_id, task in enumerate(tasks, start=1) if task["state"] == "declined"]
    for row_id, task in declined:
        steps.append({"dossier_id": task["dossier_id"], "workflow": "task", "object_id": row_id, "event": "decline",
                      "from_state": "open", "to_state": "declined", "at": _moment(task["due_on"] - timedelta(days=5))})
    for dossier_id in ids:
        steps.append({"dossier_id": dossier_id, "workflow": "case", "object_id": dossier_id,
                      "event": "start_assessment", "from_state": "registered", "to_state": "safety_assessment",
                      "at": dossiers[dossier_id - 1]["created_at"]})
    db.session.execute(insert(TransitionLog), steps)
    flat = {dossier_id for dossier_id in ids if rng.random() < .01}
    db.session.execute(insert(SafetyReview), [
        {"dossier_id": dossier_id, "phase": "safety", "status": "closed",
         "team_score": 5 if dossier_id in flat else 7 - number,
         "held_on": today - timedelta(days=14 * (number + 1)), "author_id": coordinator.id}
        for dossier_id in ids for number in range(REVIEWS_PER_DOSSIER)])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()


def _median(work) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def line(what: str, value: str, note: str = "") -> None:
    print(f"  {what:<58} {value:>11}  {note}".rstrip())


def _measure() -> None:
    from sqlalchemy import func, select

    from mda.escalation.models import Escalation
    from mda.escalation.operations import detect_stalls
    from mda.escalation.stalls import longest_stalled, stall_signals
    from mda.extensions import db
    from mda.orgs.models import Region

    region = db.session.scalar(select(Region))
    seconds, found = _median(lambda: stall_signals(region))
    line(f"the detection's queries over the region ({len(found):,} stalled)", f"{seconds:8.3f} s",
         f"target {TARGET_PASS_S} s, ratio {seconds / TARGET_PASS_S:.3f}")
    seconds, rows = _median(lambda: longest_stalled(region.id))
    line(f"the {len(rows)} longest-stalled dossiers", f"{seconds * 1000:8.2f} ms",
         f"target {TARGET_LONGEST_MS} ms, ratio {seconds * 1000 / TARGET_LONGEST_MS:.3f}")
    start = time.perf_counter()
    outcome = detect_stalls()
    first = time.perf_counter() - start
    raised = db.session.scalar(select(func.count(Escalation.id)))
    line(f"first night: {outcome}", f"{first:8.2f} s", f"{first / max(raised, 1) * 1000:.1f} ms per escalation")
    seconds, outcome = _median(detect_stalls)
    line(f"every night after: {outcome}", f"{seconds:8.3f} s",
         f"target {TARGET_PASS_S} s, ratio {seconds / TARGET_PASS_S:.3f}")


if __name__ == "__main__":
    run()
