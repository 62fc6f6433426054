"""The head is sealed with the chain's key and the chain is anchored outside the database:
cutting the newest entries, wiping the log or rewriting the head is reported by verify-log with
the last entry known to have existed, with and without the key."""
import json
import socket

import pytest
from sqlalchemy import delete, func, select

from mda.audit.chain import GENESIS, head_seal
from mda.audit.models import AccessLogEntry, AccessLogHead
from mda.extensions import db
from tests.audit.test_chain import run_verify


@pytest.fixture
def checkpoint_file(app, tmp_path, monkeypatch):
    path = tmp_path / "audit" / "checkpoints.jsonl"
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_PATH", str(path))
    return path


@pytest.fixture
def anchored(app, logged, checkpoint_file):
    """Real traffic, then verify-log, which writes the first checkpoint: entry #logged."""
    code, output = run_verify(app)
    assert code == 0 and f"Checkpoint written: entry #{logged}." in output
    return logged


def lines(path) -> list[dict]:
    return [json.loads(text) for text in path.read_text().splitlines()]


def cut_tail(app, keep: int, *, reseal: bool) -> None:
    """Deletes every entry after #keep and points the head at #keep; resealed only with the key."""
    with app.app_context():
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.seq > keep))
        head = db.session.get(AccessLogHead, 1)
        head.last_seq = keep
        head.last_hash = db.session.scalar(select(AccessLogEntry.entry_hash).where(AccessLogEntry.seq == keep))
        if reseal:
            head.seal = head_seal(head.last_seq, head.last_hash)
        db.session.commit()


def test_verify_log_writes_a_signed_checkpoint_line(app, anchored, checkpoint_file):
    [line] = lines(checkpoint_file)
    assert line["seq"] == anchored and line["reason"] == "verify-log" and len(line["hmac"]) == 64
    with app.app_context():
        newest = db.session.scalar(select(AccessLogEntry.entry_hash).where(AccessLogEntry.seq == anchored))
    assert line["hash"] == newest
    code, output = run_verify(app)  # an intact log against its checkpoint
    assert code == 0 and len(lines(checkpoint_file)) == 2


def test_a_cut_tail_without_the_key_is_reported(app, anchored):
    cut_tail(app, anchored - 3, reseal=False)
    code, output = run_verify(app)
    assert code != 0 and "head record was changed without the key" in output
    assert f"Entry #{anchored} existed at" in output and "per checkpoint" in output


def test_a_cut_tail_with_the_key_is_reported_by_the_checkpoint(app, anchored):
    cut_tail(app, anchored - 3, reseal=True)
    code, output = run_verify(app)
    assert code != 0 and f"#{anchored - 2}" in output and "checkpoint" in output
    assert f"Entry #{anchored} existed at" in output


def test_a_wiped_log_is_reported(app, anchored):
    for reset in ("delete the head", "reset the head with the key", "reset the head without the key"):
        with app.app_context():
            db.session.execute(delete(AccessLogEntry))
            head = db.session.get(AccessLogHead, 1)
            if head is not None and reset == "delete the head":
                db.session.delete(head)
            elif head is not None:
                head.last_seq, head.last_hash = 0, GENESIS
                if reset == "reset the head with the key":
                    head.seal = head_seal(0, GENESIS)
            db.session.commit()
        code, output = run_verify(app)
        assert code != 0 and f"Entry #{anchored} existed at" in output, reset
        with app.app_context():
            assert db.session.scalar(select(func.count(AccessLogEntry.id))) == 0


def test_a_rewritten_head_is_reported_with_and_without_the_key(app, logged):
    with app.app_context():
        head = db.session.get(AccessLogHead, 1)
        head.last_seq = logged - 2
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "head record was changed without the key" in output
    with app.app_context():
        head = db.session.get(AccessLogHead, 1)
        head.seal = head_seal(head.last_seq, head.last_hash)
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "newest entries were removed" in output


def test_a_forged_checkpoint_line_is_reported_and_not_trusted(app, anchored, checkpoint_file):
    with checkpoint_file.open("a") as out:
        out.write(json.dumps({"seq": 3, "hash": "f" * 64, "at": "2026-01-01T00:00:00+00:00",
                              "reason": "verify-log", "hmac": "0" * 64}) + "\n")
    cut_tail(app, anchored - 1, reseal=True)
    code, output = run_verify(app)
    assert code != 0 and "line 2 has no valid signature" in output
    assert f"Entry #{anchored} existed at" in output  # the forged line does not move the anchor back


def test_run_jobs_writes_a_checkpoint_but_never_anchors_a_cut_log(app, anchored, checkpoint_file):
    result = app.test_cli_runner().invoke(args=["mda", "run-jobs", "--today", "2026-11-24"])
    assert result.exit_code == 0 and "access log checkpoint: entry #" in result.output
    assert len(lines(checkpoint_file)) == 2 and lines(checkpoint_file)[-1]["reason"] == "run-jobs"
    cut_tail(app, anchored - 1, reseal=True)
    result = app.test_cli_runner().invoke(args=["mda", "run-jobs", "--today", "2026-11-25"])
    assert "checkpoint NOT written" in result.output and len(lines(checkpoint_file)) == 2
    code, output = run_verify(app)
    assert code != 0 and len(lines(checkpoint_file)) == 2


def test_a_checkpoint_goes_to_syslog_too(app, anchored, monkeypatch):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_SYSLOG", f"127.0.0.1:{receiver.getsockname()[1]}")
        assert run_verify(app)[0] == 0
        message = receiver.recv(4096).decode()
    assert "mda-audit-checkpoint" in message and f'"seq":{anchored}' in message


def test_without_a_checkpoint_file_verify_log_says_so(app, logged):
    code, output = run_verify(app)
    assert code == 0 and "AUDIT_CHECKPOINT_PATH" in output
