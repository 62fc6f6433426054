"""Free text lies beside the chain: the chain holds its keyed digest, so the text can be erased
while the log still verifies, and a changed text is still caught. A log written before migration
0009b (text chained itself) verifies after it."""
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import select, update

from config import TestConfig
from mda import create_app
from mda.audit.chain import FORMAT_1_FIELDS, GENESIS, compute_hash, detail_digest, erase_detail, verify
from mda.audit.log import record
from mda.audit.models import AccessLogEntry
from mda.audit.sequencer import sequence
from mda.extensions import db
from mda.types import utcnow

SEARCH = "q='Kowalski' page=1 results=1"

BEFORE_0009B = "0009a"  # the revision 0009b follows: the last one that chains the text itself


def test_the_chain_holds_a_keyed_digest_of_the_text_not_the_text(app_ctx):
    record("search", dossier_id=7, object="dossier.list", detail=SEARCH)
    record("view", dossier_id=7, object="dossier")
    db.session.commit()
    sequence(db.session)
    entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.detail == SEARCH))
    assert entry.detail_digest == detail_digest(SEARCH) and entry.detail_digest != detail_digest(SEARCH, b"other")
    assert erase_detail(db.session, AccessLogEntry.dossier_id == 7) == 1
    db.session.commit()
    db.session.refresh(entry)
    assert entry.detail == "" and verify(db.session).intact


def test_a_changed_text_is_still_caught(app_ctx):
    record("search", dossier_id=7, object="dossier.list", detail=SEARCH)
    db.session.commit()
    db.session.execute(update(AccessLogEntry).values(detail="q='iemand anders'"))
    db.session.commit()
    verdict = verify(db.session)  # before the entry is sequenced
    assert verdict.broken_id and "free text" in verdict.problem
    sequence(db.session)
    verdict = verify(db.session)
    assert verdict.broken_seq == 1 and "free text" in verdict.problem


def write_format_1_log(details: list[str]) -> None:
    """Entries as the releases before 0009b wrote them: the free text itself in the chain."""
    log = sa.Table("access_log", sa.MetaData(), autoload_with=db.engine)
    head = sa.Table("access_log_head", sa.MetaData(), autoload_with=db.engine)
    prev = GENESIS
    with db.engine.begin() as connection:
        for seq, detail in enumerate(details, start=1):
            values = {"seq": seq, "at": utcnow(), "user_id": None, "username": "regisseur", "organisation_id": 1,
                      "organisation_name": "Lokaal team", "role": "coordinator", "on_behalf_of": "",
                      "action": "search", "dossier_id": 3, "person_id": None, "object": "dossier.list",
                      "outcome": "allowed", "client_address": "127.0.0.1", "purpose": "case_coordination",
                      "source": "mda-web", "detail": detail}
            entry_hash = compute_hash(prev, values, fields=FORMAT_1_FIELDS)
            connection.execute(log.insert().values(**values, prev_hash=prev, entry_hash=entry_hash))
            prev = entry_hash
        connection.execute(head.update().where(head.c.id == 1).values(last_seq=len(details), last_hash=prev))


def test_a_log_written_before_the_migration_verifies_after_it(fresh_database):
    app = create_app(TestConfig(fresh_database))
    try:
        with app.app_context():
            upgrade(revision=BEFORE_0009B)
            write_format_1_log([SEARCH, "", "rule: retention", "q='Bakker' page=1"])
            upgrade()
            verdict = verify(db.session)
            assert verdict.intact and verdict.checked == 4
            assert db.session.scalar(select(AccessLogEntry.detail).where(AccessLogEntry.seq == 1)) == SEARCH
            erase_detail(db.session, AccessLogEntry.seq.in_((1, 4)))
            db.session.commit()
            assert verify(db.session).intact
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_broken_log_stops_the_migration_unchanged(fresh_database, capsys):
    app = create_app(TestConfig(fresh_database))
    try:
        with app.app_context():
            upgrade(revision=BEFORE_0009B)
            write_format_1_log([SEARCH, "", "q='Bakker' page=1"])
            with db.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE access_log SET username = 'iemand' WHERE seq = 2")
            with pytest.raises(SystemExit):  # Flask-Migrate's way of stopping on the RuntimeError
                upgrade()
            assert "broken at entry #2" in capsys.readouterr().err
            with db.engine.connect() as connection:
                assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == BEFORE_0009B
                columns = {column["name"] for column in sa.inspect(connection).get_columns("access_log")}
            assert "detail_digest" not in columns
    finally:
        with app.app_context():
            db.engine.dispose()
