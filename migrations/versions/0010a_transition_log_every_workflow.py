"""the transition log holds every lifecycle: applications (before they have a dossier),
conferences and their minutes

Revision ID: 0010a
Revises: 0009b
Create Date: 2026-12-06 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010a'
down_revision = '0009b'
branch_labels = None
depends_on = None

BEFORE = ('case', 'task', 'team_membership')
AFTER = BEFORE + ('application', 'conference', 'minutes')


def _one_of(values) -> str:
    return "workflow IN ({})".format(", ".join(f"'{value}'" for value in values))


def upgrade():
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_transition_log_workflow_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_transition_log_workflow_valid'), _one_of(AFTER))
        batch_op.alter_column('dossier_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM transition_log WHERE dossier_id IS NULL OR workflow NOT IN ({})".format(
        ", ".join(f"'{value}'" for value in BEFORE)))
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.alter_column('dossier_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(op.f('ck_transition_log_workflow_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_transition_log_workflow_valid'), _one_of(BEFORE))
