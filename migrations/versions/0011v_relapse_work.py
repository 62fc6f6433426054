"""a relapse is work: the case coordinator revises the safety plan with the team (task kind
'safety_plan_revision'); a report of the same incident as an earlier one is linked to it
(signal.same_incident_as_id)

Revision ID: 0011v
Revises: 0011q
Create Date: 2026-12-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011v'
down_revision = '0011q'
branch_labels = None
depends_on = None

KINDS = ('safety_assessment', 'investigation', 'safety_plan_contribution', 'police_risk_assessment',
         'restraining_order', 'school_signal', 'trauma_screening', 'treatment', 'care_intervention',
         'safety_review', 'safety_score', 'safety_agreement', 'other')
WITH_REVISION = KINDS[:-1] + ('safety_plan_revision', 'other')


def _one_of(values) -> str:
    return "kind IN ({})".format(", ".join(f"'{value}'" for value in values))


def _task_kinds(kinds) -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_task_kind_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_task_kind_valid'), _one_of(kinds))


def upgrade():
    # On SQLite, migrations/env.py holds the foreign keys off while the tables are rebuilt.
    _task_kinds(WITH_REVISION)
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('same_incident_as_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_signal_same_incident_as_id_signal'), 'signal',
                                    ['same_incident_as_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_signal_same_incident_as_id'), ['same_incident_as_id'], unique=False)


def downgrade():
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_same_incident_as_id'))
        batch_op.drop_constraint(batch_op.f('fk_signal_same_incident_as_id_signal'), type_='foreignkey')
        batch_op.drop_column('same_incident_as_id')
    op.execute("UPDATE task SET kind = 'other' WHERE kind = 'safety_plan_revision'")
    _task_kinds(KINDS)
