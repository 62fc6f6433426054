"""the safety score is multidisciplinary: partners get a task to score ('safety_score'); the region
sets how many partner scores a team score needs and how far apart the reviews that allow closing lie;
one review per dossier per day (an earlier review held the same day before this rule is kept as
superseded, and no longer counts)

Revision ID: 0011t
Revises: 0011n
Create Date: 2026-12-06 19:30:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0011t'
down_revision = '0011n'
branch_labels = None
depends_on = None

KINDS = ('safety_assessment', 'investigation', 'safety_plan_contribution', 'police_risk_assessment',
         'restraining_order', 'school_signal', 'trauma_screening', 'treatment', 'care_intervention',
         'safety_review', 'safety_agreement', 'other')
WITH_SCORE = KINDS[:10] + ('safety_score',) + KINDS[10:]


def _one_of(values) -> str:
    return "kind IN ({})".format(", ".join(f"'{value}'" for value in values))


@contextmanager
def _foreign_keys_held_off():
    """SQLite rebuilds a table to change its check constraint or drop a column; with foreign keys on,
    dropping the old table would be refused (or, worse, set the references to it to NULL). Foreign
    keys can only be switched off outside a transaction; they are checked before they are switched on."""
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # migrations/env.py holds them off for the whole run already: then they stay off until its end
    sqlite = sqlite and op.get_bind().exec_driver_sql('PRAGMA foreign_keys').scalar() == 1
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys=OFF')
    try:
        yield
        if sqlite:
            broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
            if broken:
                raise RuntimeError(f'foreign keys broken by the migration: {broken[:5]}')
    finally:
        if sqlite:
            with op.get_context().autocommit_block():
                op.execute('PRAGMA foreign_keys=ON')


def _task_kinds(kinds) -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_task_kind_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_task_kind_valid'), _one_of(kinds))


def upgrade():
    with _foreign_keys_held_off():
        _upgrade()


def downgrade():
    with _foreign_keys_held_off():
        _downgrade()


def _upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_partner_minimum', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('closing_review_gap_days', sa.Integer(), server_default='42', nullable=False))
    with op.batch_alter_table('safety_review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE safety_review SET superseded = true WHERE EXISTS ("
               "SELECT 1 FROM safety_review later WHERE later.dossier_id = safety_review.dossier_id "
               "AND later.held_on = safety_review.held_on AND later.id > safety_review.id)")
    with op.batch_alter_table('safety_review', schema=None) as batch_op:
        batch_op.create_index('uq_safety_review_one_per_day', ['dossier_id', 'held_on'], unique=True,
                              sqlite_where=sa.text('NOT superseded'), postgresql_where=sa.text('NOT superseded'))
    _task_kinds(WITH_SCORE)


def _downgrade():
    op.execute("UPDATE task SET kind = 'other' WHERE kind = 'safety_score'")
    _task_kinds(KINDS)
    with op.batch_alter_table('safety_review', schema=None) as batch_op:
        batch_op.drop_index('uq_safety_review_one_per_day', sqlite_where=sa.text('NOT superseded'),
                            postgresql_where=sa.text('NOT superseded'))
        batch_op.drop_column('superseded')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('closing_review_gap_days')
        batch_op.drop_column('review_partner_minimum')
