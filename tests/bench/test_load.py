"""The load test (bench/load.py): it refuses a server that is not on this machine, reads the forms
as a browser sends them, and finds a confirmed write that is not in the database. The load itself
runs with ``make bench``, not here."""
import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from bench.forms import form
from bench.load import NotLoopback, loopback_only, main, missing_writes
from tests.support.web import login


@pytest.mark.parametrize("target", ["http://127.0.0.1:8000", "127.0.0.1", "http://127.9.8.7", "http://[::1]:5000",
                                    "http://localhost:5000"])
def test_a_server_on_this_machine_is_a_target(target):
    assert loopback_only(target) == target


@pytest.mark.parametrize("target", ["http://10.0.0.5:8000", "https://192.168.1.20", "http://0.0.0.0:5000",
                                    "http://[2001:db8::1]/", "https://mda.example.org", ""])
def test_any_other_address_is_refused(target):
    with pytest.raises(NotLoopback, match="on this machine only"):
        loopback_only(target)


def test_the_command_refuses_another_host_before_it_starts_anything(capsys):
    assert main(["--host", "http://10.1.2.3:8000", "--minutes", "1"]) == 2
    assert "Refused: the load test runs against a server on this machine only" in capsys.readouterr().err


def test_the_note_form_as_read_from_the_page_saves_the_note(app, demo, client):
    from mda.auth.models import User
    from mda.dossiers.models import Dossier, Note
    from mda.extensions import db

    login(client, "regisseur")
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).join(User, User.id == Dossier.coordinator_id).where(
            User.username == "regisseur", Dossier.state == "safety").order_by(Dossier.id))
    note = form(client.get(f"/dossiers/{dossier_id}").get_data(as_text=True), rf"/dossiers/{dossier_id}/notes")
    assert {"csrf_token", "kind", "body"} <= note.names()
    note.put("kind", "fact")
    note.put("body", "Belasting notitie 1")
    response = client.post(note.action, data=MultiDict(note.data()))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Note.id).where(Note.body == "Belasting notitie 1")) is not None


def test_a_confirmed_write_not_in_the_database_is_reported_missing(app, demo):
    from mda.dossiers.models import Note
    from mda.extensions import db
    from mda.safetyplan.models import SafetyPlan, SafetyPlanConfirmation
    from mda.tasks.models import Task

    with app.app_context():
        note = db.session.scalar(select(Note).order_by(Note.id))
        done = db.session.scalar(select(Task).where(Task.state == "done", Task.result != "").order_by(Task.id))
        open_task = db.session.scalar(select(Task).where(Task.state == "open").order_by(Task.id))
        confirmation, plan = db.session.execute(select(SafetyPlanConfirmation, SafetyPlan).join(SafetyPlan)
                                                .order_by(SafetyPlanConfirmation.id)).first()
        writes = [
            {"kind": "note", "dossier_id": note.dossier_id, "body": note.body},
            {"kind": "note", "dossier_id": note.dossier_id, "body": "a note the server said it saved"},
            {"kind": "task_done", "task_id": done.id, "result": done.result},
            {"kind": "task_done", "task_id": open_task.id, "result": "done, said the server"},
            {"kind": "plan_confirmation", "dossier_id": plan.dossier_id, "version": plan.version,
             "organisation_id": confirmation.organisation_id},
            {"kind": "plan_version", "dossier_id": plan.dossier_id, "warning_signals": plan.warning_signals},
        ]
        checked = missing_writes(writes)
    assert {kind: (confirmed, [w.get("body") or w.get("result") for w in missing])
            for kind, (confirmed, missing) in checked.items()} == {
        "note": (2, ["a note the server said it saved"]), "task_done": (2, ["done, said the server"]),
        "plan_confirmation": (1, []), "plan_version": (1, [])}


def test_a_score_replaced_by_a_later_confirmed_score_is_not_lost(app, demo):
    from mda.extensions import db
    from mda.reviews.models import PartnerScore

    with app.app_context():
        held = db.session.scalar(select(PartnerScore).order_by(PartnerScore.id))
        key = {"kind": "score", "review_id": held.review_id, "organisation_id": held.organisation_id}
        replaced = {**key, "score": 1, "rationale": "an earlier score"}
        current = {**key, "score": held.score, "rationale": held.rationale}
        assert missing_writes([replaced, current])["score"] == (2, [])
        assert missing_writes([current, replaced])["score"] == (2, [replaced])


def test_on_sqlite_the_run_works_on_a_fresh_copy(tmp_path):
    import sqlite3

    from bench.load import _working_copy

    original = tmp_path / "mda-bench-region.sqlite3"
    with sqlite3.connect(original) as connection:
        connection.execute("CREATE TABLE note (body TEXT)")
        connection.execute("INSERT INTO note VALUES ('as generated')")
    connection.close()
    copy = _working_copy(f"sqlite:///{original}")
    assert copy == f"sqlite:///{tmp_path / 'mda-bench-region-load.sqlite3'}"
    with sqlite3.connect(tmp_path / "mda-bench-region-load.sqlite3") as connection:
        connection.execute("INSERT INTO note VALUES ('written by the load test')")
    connection.close()
    _working_copy(f"sqlite:///{original}")  # the next run starts again from the data as generated
    with sqlite3.connect(tmp_path / "mda-bench-region-load.sqlite3") as connection:
        assert connection.execute("SELECT body FROM note").fetchall() == [("as generated",)]
    connection.close()


def _summary(counts: dict, slow_ms: float = 40) -> dict:
    timings = [(100.0 + n, "POST", "/login", 500.0) for n in range(2)]
    timings += [(110.0 + n, "GET", "/taken", slow_ms if n % 10 == 0 else 40.0) for n in range(100)]
    return {"counts": counts, "timings": timings, "writes": [], "samples": {},
            "entries": {"GET /taken": {"failures": counts.get("5xx", 0), "refused": 0},
                        "POST /login": {"failures": 0, "refused": 0}}}


@pytest.mark.parametrize("counts, lost, fails", [({}, 0, False), ({"5xx": 1}, 0, True), ({"locked": 2}, 0, True),
                                                 ({"refused": 3}, 0, False), ({}, 1, True)])
def test_a_5xx_a_locked_database_or_a_lost_update_fails_the_run(counts, lost, fails):
    from collections import Counter

    from bench.load import report

    checked = {"note": (5, [{"kind": "note"}] * lost)}
    text, failed = report(_summary(counts), checked, Counter(), users=2, minutes=1, wait="3,10", database="SQLite",
                          load_before=(0, 0, 0), load_after=(0, 0, 0))
    assert failed is fails
    assert f"| no lost update | {lost} of 5 confirmed writes missing |" in text


def test_a_slow_p95_is_reported_but_does_not_fail_the_run():
    from collections import Counter

    from bench.load import report

    text, failed = report(_summary({}, slow_ms=900), {}, Counter(), users=2, minutes=1, wait="3,10",
                          database="SQLite", load_before=(0, 0, 0), load_after=(0, 0, 0))
    assert not failed
    assert "| p95 under 300 ms (the work once every user had logged in) | 900 ms | **not met** |" in text
