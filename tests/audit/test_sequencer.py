"""Requests append access-log entries without a lock and the sequencer links them into the chain:
a list page logs what it showed in one statement and never touches the head; a sequencer holding
the head holds up no request; two sequencers at once (two sessions, two processes) number every
entry once and skip no number; verify-log links first, counts what still waits and checks it
against its own MAC; the reports show entries not yet linked; nothing is linked onto a broken head."""
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text, update

from config import TestConfig
from mda import create_app
from mda.audit.chain import GENESIS, compute_hash, verify
from mda.audit.log import record
from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.audit.sequencer import HeadBroken, oldest_waiting, sequence
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.types import utcnow
from tests.audit.test_chain import run_verify
from tests.support.web import QueryCounter, login

ROOT = Path(__file__).resolve().parents[2]


def numbers(app) -> list[int | None]:
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.id)))


def test_the_task_list_logs_what_it_showed_in_one_statement_and_never_touches_the_head(app, demo):
    client = app.test_client()
    login(client, "regisseur")
    with app.app_context():
        before = db.session.scalar(select(func.max(AccessLogEntry.id))) or 0
    with app.app_context(), QueryCounter(db.engine) as counter:
        assert client.get("/taken").status_code == 200
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG ")]
    assert len(inserts) == 1
    assert not [s for s in counter.statements if "access_log_head" in s]
    with app.app_context():
        listed = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before,
                                                                 AccessLogEntry.object == "task.list",
                                                                 AccessLogEntry.dossier_id.is_not(None))).all()
        assert len(listed) > 1 and all(entry.seq is None and entry.leaf_mac for entry in listed)


def test_a_request_is_not_held_up_by_a_sequencer_or_a_slow_page(app, demo, database_url):
    """A sequencer holding the head's lock, and a slow page whose entries are written but not yet
    committed, hold up no other request."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time, whatever the log does")
    with app.app_context():
        record("view", object="first", username="sequencer")
        db.session.commit()
        sequence(db.session)
        engine = db.engine
    done = {}
    with engine.connect() as head, engine.connect() as slow:
        head.execute(text("SELECT last_seq FROM access_log_head WHERE id = 1 FOR UPDATE"))
        slow.execute(AccessLogEntry.__table__.insert().values(action="view", object="slow page", at=utcnow()))

        def request():
            client = app.test_client()
            login(client, "politie")
            done["status"] = client.get("/taken").status_code

        thread = threading.Thread(target=request)
        thread.start()
        thread.join(timeout=90)  # held up would be for ever; a loaded CI machine is slow
        assert not thread.is_alive() and done["status"] == 200
        slow.rollback()
        head.rollback()


def test_verify_log_links_the_waiting_entries_first(app, waiting):
    assert set(numbers(app)) == {None}
    code, output = run_verify(app)
    assert code == 0 and f"{waiting} entries verified" in output and f"{waiting} of them linked first" in output
    assert numbers(app) == list(range(1, waiting + 1))


def test_verify_log_counts_the_entries_not_yet_sequenced(app, logged, monkeypatch):
    """Entries that arrive while verify-log runs wait: they are counted and checked against their
    own MAC."""
    with app.app_context():
        for n in range(3):
            record("view", dossier_id=1, object=f"meanwhile-{n}", username="later")
        db.session.commit()
    monkeypatch.setattr("mda.audit.sequencer.sequence", lambda session: 0)
    code, output = run_verify(app)
    assert code == 0 and f"{logged} entries verified" in output
    assert "3 entries not yet sequenced (the oldest from " in output


def test_an_entry_changed_or_made_up_before_it_is_sequenced_is_caught(app, waiting):
    with app.app_context():
        victim, who = db.session.execute(select(AccessLogEntry.id, AccessLogEntry.username)
                                         .where(AccessLogEntry.action == "view")
                                         .order_by(AccessLogEntry.id).limit(1)).one()
        db.session.execute(update(AccessLogEntry).where(AccessLogEntry.id == victim).values(username="iemand"))
        db.session.commit()
        verdict = verify(db.session)
        assert verdict.broken_id == victim and "not yet sequenced" in verdict.problem
        db.session.execute(update(AccessLogEntry).where(AccessLogEntry.id == victim).values(username=who))
        db.session.execute(AccessLogEntry.__table__.insert().values(
            action="view", dossier_id=1, username="verzonnen", at=utcnow(), leaf_mac="0" * 64))
        db.session.commit()
        made_up = db.session.scalar(select(AccessLogEntry.id).where(AccessLogEntry.username == "verzonnen"))
        assert verify(db.session).broken_id == made_up
    code, output = run_verify(app)  # linked now: still caught, at its place in the chain
    assert code != 0 and f"(id {made_up})" in output and "entry was changed" in output


def test_nothing_is_linked_onto_a_head_changed_without_the_key(app, logged):
    from mda.jobs.scheduler import link_access_log
    with app.app_context():
        head = db.session.get(AccessLogHead, 1)
        head.last_seq = logged - 2
        record("view", dossier_id=1, object="after the cut", username="later")
        db.session.commit()
        with pytest.raises(HeadBroken, match="without the key"):
            sequence(db.session)
        said = []
        link_access_log(said.append, last := {})
        link_access_log(said.append, last)
        assert len(said) == 1 and "refused: the head record was changed without the key" in said[0]
    assert numbers(app)[-1] is None
    code, output = run_verify(app)
    assert code != 0 and "head record was changed without the key" in output
    assert "Waiting entries were not linked" in output


def test_nothing_is_linked_when_the_head_was_taken_away_from_a_numbered_log(app, logged):
    """A missing head is created for a log that has numbered nothing yet; for one that has, it was
    taken away, and a new head at the start would fork the chain."""
    with app.app_context():
        db.session.execute(AccessLogHead.__table__.delete())
        record("view", dossier_id=1, object="after the head went", username="later")
        db.session.commit()
        with pytest.raises(HeadBroken, match="head record is missing"):
            sequence(db.session)
        assert db.session.get(AccessLogHead, 1) is None
    assert numbers(app)[-1] is None


def test_the_first_sequencer_of_an_empty_log_creates_the_head(app):
    with app.app_context():
        record("view", object="first", username="eerste")
        db.session.commit()
        assert sequence(db.session) == 1
        assert db.session.get(AccessLogHead, 1).last_seq == 1
    assert numbers(app) == [1]


def test_two_sequencer_processes_at_once_number_every_entry_once(app, demo, database_url, tmp_path):
    """Two sequencers, each a process of its own, link while four writers append."""
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-m", "tests.support.sequencer_process", database_url,
                                   str(stop), "5"], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
    errors = []

    def write(n):
        try:
            with app.app_context():
                for i in range(100):
                    record("view", dossier_id=1, object=f"writer-{n}-{i}", username=f"w{n}")
                    db.session.commit()
                    time.sleep(0.005)
        except Exception as error:  # reported below
            errors.append(error)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.touch()
    linked = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, out + err
        linked.append(int(out.split()[-1]))
    assert errors == []
    with app.app_context():
        rest = sequence(db.session)
        total = db.session.scalar(select(func.count(AccessLogEntry.id)))
        print(f"\ntwo sequencer processes linked {linked}, {rest} after them, of {total} entries")
        assert all(linked) and sum(linked) + rest == total
        seqs = list(db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)))
        assert seqs == list(range(1, total + 1))
        verdict = verify(db.session)
        assert verdict.intact and verdict.checked == total and verdict.waiting == 0


def test_the_reports_show_entries_not_yet_sequenced_newest_first(app, demo):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Bakker-Yilmaz"))
        dossier_id, person_id = dossier.id, dossier.persons[0].id
    with time_machine.travel(clock.now() + timedelta(days=1), tick=True):  # after the demo's own entries
        looks_after_the_demo(app, dossier_id, person_id)


def looks_after_the_demo(app, dossier_id: int, person_id: int) -> None:
    police = app.test_client()
    login(police, "politie")
    police.get(f"/dossiers/{dossier_id}")
    with app.app_context():
        sequence(db.session)
    time.sleep(0.01)
    safe_home = app.test_client()
    login(safe_home, "veiligthuis")
    safe_home.get(f"/dossiers/{dossier_id}")  # not yet sequenced
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    for page in (f"/dossiers/{dossier_id}/persons/{person_id}/inzage", f"/dossiers/{dossier_id}/access-log"):
        html = coordinator.get(page).get_data(as_text=True)
        assert ">veiligthuis<" in html and ">politie<" in html
        assert html.index(">veiligthuis<") < html.index(">politie<"), page


def test_the_scheduler_and_sequence_log_link_the_log(app, waiting):
    result = app.test_cli_runner().invoke(args=["mda", "sequence-log"])
    assert result.exit_code == 0 and f"{waiting} entries linked." in result.output
    with app.app_context():
        record("view", dossier_id=1, object="later", username="later")
        db.session.commit()
        from mda.jobs.scheduler import link_access_log
        said = []
        assert link_access_log(said.append, {}) == "linked 1" and said == []
    assert numbers(app) == list(range(1, waiting + 2))


def test_a_migration_round_trip_keeps_a_log_that_verifies(fresh_database):
    """Down to the release before the sequencer (every entry numbered and chained its way), and up
    again: the log verifies, also the entries that were waiting."""
    app = create_app(TestConfig(fresh_database))
    try:
        with app.app_context():
            upgrade()
            for n in range(5):
                record("view", dossier_id=n, object="dossier", detail=f"n={n}", username="regisseur")
            db.session.commit()
            sequence(db.session)
            for n in range(3):
                record("search", dossier_id=n, object="dossier.list", username="regisseur")
            db.session.commit()
            downgrade(revision="0011q-1")  # the release before the sequencer (later migrations undone first)
            rows = db.session.execute(text("SELECT * FROM access_log ORDER BY seq")).mappings().all()
            prev = GENESIS
            for seq, row in enumerate(rows, start=1):
                at = db.session.scalar(select(AccessLogEntry.at).where(AccessLogEntry.id == row["id"]))
                values = {**row, "at": at}
                assert row["seq"] == seq and row["prev_hash"] == prev
                assert compute_hash(prev, values) == row["entry_hash"]
                prev = row["entry_hash"]
            head = db.session.execute(text("SELECT last_seq, last_hash FROM access_log_head")).one()
            assert tuple(head) == (8, prev)
            db.session.rollback()
            upgrade()
            verdict = verify(db.session)
            assert verdict.intact and verdict.checked == 8 and verdict.waiting == 0
            record("view", dossier_id=9, object="dossier", username="regisseur")
            db.session.commit()
            assert sequence(db.session) == 1 and verify(db.session).checked == 9
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_health_says_how_far_the_sequencer_is_behind(app, client):
    """/health, which the load balancer asks, reports the age of the oldest entry still waiting to
    be linked; past AUDIT_SEQUENCER_LAG_SECONDS it says "behind" (the scheduler is not running),
    still with status 200: the server itself serves. Linking the entries brings it back."""
    assert client.get("/health").get_json()["access_log"] == {"sequencer": "ok", "waiting_seconds": 0.0}
    with app.app_context():
        record("view", object="waits", username="lag")
        db.session.commit()
        written = oldest_waiting(db.session)  # the entry's own moment, UTC
    with time_machine.travel(written + timedelta(seconds=30), tick=False):
        assert client.get("/health").get_json()["access_log"] == {"sequencer": "ok", "waiting_seconds": 30.0}
    with time_machine.travel(written + timedelta(minutes=5), tick=False):
        response = client.get("/health")
        assert response.status_code == 200
        assert response.get_json()["access_log"] == {"sequencer": "behind", "waiting_seconds": 300.0}
    with app.app_context():
        sequence(db.session)
    assert client.get("/health").get_json()["access_log"] == {"sequencer": "ok", "waiting_seconds": 0.0}
