"""the work list shows decisions (whether to reopen a closed case) and urgent tasks (a huisverbod to
consider, a Handle with Care signal) before the rest: a partial index of an organisation's open
tasks of those kinds by due day, so that finding its few (or that there are none) reads those rows
alone instead of every open task of the organisation

Revision ID: 0011p
Revises: 0011y
Create Date: 2026-12-07 01:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011p'
down_revision = '0011y'
branch_labels = None
depends_on = None

# mda.tasks.models.OPEN_TASK and FIRST_TASK
FIRST_OPEN_TASK = "state IN ('open', 'accepted') AND kind IN ('reopening_decision', 'restraining_order', 'school_signal')"


def upgrade():
    op.create_index('ix_task_open_first_due', 'task', ['organisation_id', 'due_on', 'id'], unique=False,
                    sqlite_where=sa.text(FIRST_OPEN_TASK), postgresql_where=sa.text(FIRST_OPEN_TASK))


def downgrade():
    op.drop_index('ix_task_open_first_due', table_name='task', sqlite_where=sa.text(FIRST_OPEN_TASK),
                  postgresql_where=sa.text(FIRST_OPEN_TASK))
