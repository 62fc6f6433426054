"""The access log is hash-chained: any change, deletion or reordering is detected by verify-log."""
import threading

from sqlalchemy import delete, select, update

from mda.audit.chain import verify
from mda.audit.log import record
from mda.audit.models import AccessLogEntry
from mda.audit.sequencer import sequence
from mda.extensions import db


def run_verify(app):
    result = app.test_cli_runner().invoke(args=["mda", "verify-log"])
    return result.exit_code, result.output


def test_an_untouched_log_verifies(app, logged):
    code, output = run_verify(app)
    assert code == 0 and f"{logged} entries verified" in output
    with app.app_context():
        seqs = list(db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)))
        assert seqs == list(range(1, logged + 1))


def test_an_edited_entry_is_named(app, logged):
    with app.app_context():
        db.session.execute(update(AccessLogEntry).where(AccessLogEntry.seq == 7).values(username="iemand-anders"))
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "#7" in output and "changed" in output


def test_a_deleted_entry_is_detected(app, logged):
    with app.app_context():
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.seq == 5))
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "#5" in output


def test_reordered_entries_are_detected(app, logged):
    with app.app_context():
        first, second = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.seq.in_((3, 4)))
                                           .order_by(AccessLogEntry.seq)).all()
        first.seq, second.seq = -1, -2
        db.session.flush()
        first.seq, second.seq = 4, 3
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "#3" in output


def test_removing_the_newest_entries_is_detected(app, logged):
    with app.app_context():
        db.session.execute(delete(AccessLogEntry).where(AccessLogEntry.seq == logged))
        db.session.commit()
    code, output = run_verify(app)
    assert code != 0 and "newest entries were removed" in output


def test_a_rehashed_edit_still_breaks_the_next_link(app, logged):
    """An attacker who recomputes the edited entry's own MAC and link still breaks the next entry."""
    from mda.audit.chain import HASHED_FIELDS, leaf_mac, link_hash
    with app.app_context():
        entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.seq == 6))
        entry.username = "verborgen"
        entry.leaf_mac = leaf_mac({name: getattr(entry, name) for name in HASHED_FIELDS})
        entry.entry_hash = link_hash(entry.prev_hash, entry.seq, entry.leaf_mac)
        db.session.commit()
        verdict = verify(db.session)
    assert not verdict.intact and verdict.broken_seq == 7


def test_rebuilding_the_whole_chain_without_the_key_is_detected(app, logged):
    """Someone with write access to the database deletes an entry and recomputes every later hash
    and the head row, with plain SHA-256 or a guessed key: the chain's key is not in the database,
    so the first rebuilt entry does not verify."""
    import hashlib
    import json

    from mda.audit.chain import HASHED_FIELDS, _canonical_time, compute_hash
    from mda.audit.models import AccessLogHead

    def plain_sha256(prev, values):
        payload = {name: values.get(name) for name in HASHED_FIELDS}
        payload["at"] = _canonical_time(payload["at"])
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256((prev + text).encode("utf-8")).hexdigest()

    def guessed_key(prev, values):
        return compute_hash(prev, values, key=b"guessed")

    for rehash in (plain_sha256, guessed_key):
        with app.app_context():
            entries = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
            kept = list(entries)
            victim = kept.pop(5)
            db.session.delete(victim)
            db.session.flush()
            prev = kept[4].entry_hash
            for seq, entry in enumerate(kept[5:], start=6):
                entry.seq = -seq
            db.session.flush()
            for seq, entry in enumerate(kept[5:], start=6):
                entry.seq, entry.prev_hash = seq, prev
                entry.entry_hash = rehash(prev, {name: getattr(entry, name) for name in HASHED_FIELDS})
                prev = entry.entry_hash
            head = db.session.get(AccessLogHead, 1)
            head.last_seq, head.last_hash = len(kept), prev
            db.session.commit()
        code, output = run_verify(app)
        assert code != 0 and "#6" in output


def test_concurrent_writers_and_two_sequencers_never_fork_the_chain(app, demo):
    """Four writers append while two sequencers, each with its own session, link: every entry is
    numbered once, no number is skipped, and the chain verifies."""
    errors, writing = [], threading.Event()

    def write(n):
        try:
            with app.app_context():
                for i in range(15):
                    record("view", dossier_id=1, object=f"thread-{n}-{i}", username=f"t{n}")
                    db.session.commit()
        except Exception as error:  # reported below
            errors.append(error)

    def link():
        try:
            with app.app_context():
                while writing.is_set():
                    sequence(db.session, batch=7)
        except Exception as error:  # reported below
            errors.append(error)

    writing.set()
    sequencers = [threading.Thread(target=link) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in sequencers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    for thread in sequencers:
        thread.join()
    assert errors == []
    with app.app_context():
        sequence(db.session)
        seqs = list(db.session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)))
        assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 60
        verdict = verify(db.session)
        assert verdict.intact and verdict.checked == len(seqs) and verdict.waiting == 0
