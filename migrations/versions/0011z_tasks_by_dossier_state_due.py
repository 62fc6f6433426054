"""the coordinator's view of what was asked of the partners reads the open tasks of the dossiers
they lead by due day: an index of tasks by dossier, state and due day, so that it starts from those
dossiers instead of walking every open task of the region in due order (166 ms → 0.4 ms for the
busiest coordinator of a region of 200,000 tasks)

Revision ID: 0011z
Revises: 0011p
Create Date: 2026-12-07 05:00:00

"""
from alembic import op


revision = '0011z'
down_revision = '0011p'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_task_dossier_state_due', 'task', ['dossier_id', 'state', 'due_on', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_task_dossier_state_due', table_name='task')
