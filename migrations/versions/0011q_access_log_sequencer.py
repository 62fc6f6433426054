"""access log: entries are appended unsequenced with their own MAC and linked into the chain by
the sequencer; an index on the entries that wait

Entries chained before this revision keep their hashes (no leaf MAC: their hash covers their
fields and sequence number) and verify as they are. The downgrade links what still waits and
chains every entry again the way the previous release does, after verifying the chain: a broken
log stops it unchanged.

Revision ID: 0011q
Revises: 0011r
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa
import sqlalchemy.orm


revision = '0011q'
down_revision = '0011r'
branch_labels = None
depends_on = None

WAITING = sa.text('seq IS NULL')


def upgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leaf_mac', sa.String(length=64), nullable=True))
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('entry_hash', existing_type=sa.String(length=64), nullable=True)
    op.create_index('ix_access_log_unsequenced', 'access_log', ['id'], unique=False,
                    postgresql_where=WAITING, sqlite_where=WAITING)


def downgrade():
    _chain_in_previous_format()
    op.drop_index('ix_access_log_unsequenced', table_name='access_log', postgresql_where=WAITING,
                  sqlite_where=WAITING)
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.alter_column('entry_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('leaf_mac')


def _chain_in_previous_format():
    """Verifies the chain, then numbers every entry (the sequenced ones in order, then the waiting
    ones by id) and chains it as the previous release does, under the same key."""
    from mda.audit.chain import GENESIS, chain_key, compute_hash, head_seal, verify
    from mda.types import utcnow

    verdict = verify(sa.orm.Session(bind=op.get_bind()))
    if not verdict.intact:
        raise RuntimeError(f"The access log is broken ({verdict.problem}, entry #{verdict.broken_seq}, id "
                           f"{verdict.broken_id}): run `flask mda verify-log` and investigate before migrating. "
                           "Nothing was changed.")
    key = chain_key()
    log = sa.table('access_log', sa.column('at', sa.DateTime(timezone=True)), *[sa.column(name) for name in (
        'id', 'seq', 'user_id', 'username', 'organisation_id', 'organisation_name', 'role', 'on_behalf_of',
        'action', 'dossier_id', 'person_id', 'object', 'outcome', 'client_address', 'purpose', 'source',
        'detail_digest', 'prev_hash', 'entry_hash')])
    head = sa.table('access_log_head', sa.column('id'), sa.column('last_seq'), sa.column('last_hash'),
                    sa.column('seal'), sa.column('updated_at'))
    connection = op.get_bind()
    rows = connection.execute(sa.select(log).order_by(log.c.seq.is_(None), log.c.seq, log.c.id)).mappings().all()
    connection.execute(log.update().values(seq=None))  # renumbered below, free of the unique constraint
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        values = {**row, 'seq': seq}
        entry_hash = compute_hash(prev, values, key)
        connection.execute(log.update().where(log.c.id == row['id']).values(seq=seq, prev_hash=prev,
                                                                            entry_hash=entry_hash))
        prev = entry_hash
    if connection.execute(sa.select(head.c.id).where(head.c.id == 1)).first() is None:
        connection.execute(head.insert().values(id=1, last_seq=0, last_hash=GENESIS, seal='', updated_at=utcnow()))
    connection.execute(head.update().where(head.c.id == 1).values(
        last_seq=len(rows), last_hash=prev, seal=head_seal(len(rows), prev, key), updated_at=utcnow()))
