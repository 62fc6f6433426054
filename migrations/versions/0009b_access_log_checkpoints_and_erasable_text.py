"""access log: a sealed head, free text beside the chain (its digest chained), counted refusals;
applications purged on their own term

Entries written before this revision chained their free text itself (format 1). This revision
verifies that chain in full, with the text, and only then chains every entry again with the
digest of its text instead (format 2), under the same key: whoever could forge the new chain could
forge the old one, and nothing outside the database anchored the old hashes yet (checkpoints start
with this revision). A broken chain is never re-chained: the upgrade stops and names the entry.

Revision ID: 0009b
Revises: 0009a
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009b'
down_revision = '0009a'
branch_labels = None
depends_on = None


def upgrade():
    rows = _verified_rows(fields_format=1)  # before any change: a broken log stops the upgrade untouched
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail_digest', sa.String(length=64), nullable=False, server_default=''))
    with op.batch_alter_table('access_log_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal', sa.String(length=64), nullable=False, server_default=''))
    op.create_table('access_log_refusal_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('repeats', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_refusal_window')),
    sa.UniqueConstraint('client_address', 'kind', name=op.f('uq_access_log_refusal_window_client_address'))
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_retention_years', sa.Integer(), nullable=False,
                                      server_default='2'))
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    application = sa.table('mda_application', sa.column('updated_at'), sa.column('created_at'),
                           sa.column('submitted_at'), sa.column('decided_at'))
    op.get_bind().execute(application.update().values(updated_at=sa.func.coalesce(
        application.c.decided_at, application.c.submitted_at, application.c.created_at)))
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    _rechain(rows, to_format=2)


def downgrade():
    _rechain(_verified_rows(fields_format=2), to_format=1)
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('application_retention_years')
    op.drop_table('access_log_refusal_window')
    with op.batch_alter_table('access_log_head', schema=None) as batch_op:
        batch_op.drop_column('seal')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_column('detail_digest')


def _tables():
    from mda.audit.chain import FORMAT_1_FIELDS, HASHED_FIELDS

    names = sorted(set(HASHED_FIELDS + FORMAT_1_FIELDS) - {'at'})
    log = sa.table('access_log', sa.column('id'), sa.column('at', sa.DateTime(timezone=True)),
                   *[sa.column(name) for name in names], sa.column('prev_hash'), sa.column('entry_hash'))
    head = sa.table('access_log_head', sa.column('id'), sa.column('last_seq'), sa.column('last_hash'),
                    sa.column('seal'), sa.column('updated_at'))
    return log, head


def _verified_rows(fields_format: int) -> list[dict]:
    """Every entry, after verifying the whole chain (and the head) in the format it has."""
    from mda.audit.chain import FORMAT_1_FIELDS, GENESIS, HASHED_FIELDS, chain_key, compute_hash

    key, fields = chain_key(), FORMAT_1_FIELDS if fields_format == 1 else HASHED_FIELDS
    log, head = _tables()
    columns = [log.c.id, log.c.prev_hash, log.c.entry_hash, *[log.c[name] for name in set(fields) | {'detail'}]]
    connection = op.get_bind()
    rows = [dict(row) for row in connection.execute(sa.select(*columns).order_by(log.c.seq)).mappings()]
    prev = GENESIS
    for expected, values in enumerate(rows, start=1):
        if (values['seq'] != expected or values['prev_hash'] != prev
                or compute_hash(prev, values, key, fields) != values['entry_hash']):
            raise RuntimeError(f"The access log is broken at entry #{expected}: run `flask mda verify-log` on "
                               "the previous release and investigate before migrating. Nothing was changed.")
        prev = values['entry_hash']
    last = connection.execute(sa.select(head.c.last_seq, head.c.last_hash).where(head.c.id == 1)).first()
    if (tuple(last) if last else (0, GENESIS)) != (len(rows), prev):
        raise RuntimeError("The newest entries of the access log were removed: run `flask mda verify-log` on "
                           "the previous release and investigate before migrating. Nothing was changed.")
    return rows


def _rechain(rows: list[dict], to_format: int):
    """Chains the verified entries again in ``to_format``, under the same key."""
    from mda.audit.chain import (FORMAT_1_FIELDS, GENESIS, HASHED_FIELDS, chain_key, compute_hash,
                                 detail_digest, head_seal)
    from mda.types import utcnow

    key, fields = chain_key(), HASHED_FIELDS if to_format == 2 else FORMAT_1_FIELDS
    log, head = _tables()
    connection = op.get_bind()
    prev = GENESIS
    for row in rows:
        values = {**row, 'detail_digest': detail_digest(row['detail'] or '', key)}
        entry_hash = compute_hash(prev, values, key, fields)
        connection.execute(log.update().where(log.c.id == row['id'])
                           .values(detail_digest=values['detail_digest'], prev_hash=prev, entry_hash=entry_hash))
        prev = entry_hash
    connection.execute(head.update().where(head.c.id == 1).values(
        last_hash=prev, seal=head_seal(len(rows), prev, key) if to_format == 2 else '', updated_at=utcnow()))
