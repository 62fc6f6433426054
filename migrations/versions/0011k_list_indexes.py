"""indexes that match each list's filter and order, so that a page of a list (mda.core.keyset) reads
about a page of rows whatever the size: the dossiers by latest activity, an organisation's open tasks
by due day (a partial index), its declined ones newest first and its closed ones by closing moment, a region's applications by stage and submission, decision or
withdrawal, the agenda by day and time, an organisation's invitations to a team, and the
conference decision behind a task (asked of every task a list shows)

Revision ID: 0011k
Revises: 0011x
Create Date: 2026-12-06 22:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011k'
down_revision = '0011x'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_dossier_updated', 'dossier', ['updated_at', 'id']),
    ('ix_team_membership_organisation_status', 'team_membership', ['organisation_id', 'status', 'dossier_id']),
    ('ix_task_organisation_closed', 'task', ['organisation_id', 'closed_at', 'id']),
    ('ix_task_organisation_state', 'task', ['organisation_id', 'state', 'id']),
    ('ix_mda_application_region_stage_submitted', 'mda_application', ['region_id', 'stage', 'submitted_at', 'id']),
    ('ix_mda_application_region_decided', 'mda_application', ['region_id', 'decided_at', 'id']),
    ('ix_mda_application_region_withdrawn', 'mda_application', ['region_id', 'withdrawn_at', 'id']),
    ('ix_mda_application_organisation_created', 'mda_application', ['organisation_id', 'created_at', 'id']),
    ('ix_case_conference_agenda', 'case_conference', ['held_on', 'starts_at', 'id']),
    ('ix_conference_decision_task_id', 'conference_decision', ['task_id']),
)


OPEN_TASK = "state IN ('open', 'accepted')"  # mda.tasks.models.OPEN_TASK


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_index('ix_task_open_due', 'task', ['organisation_id', 'due_on', 'id'], unique=False,
                    sqlite_where=sa.text(OPEN_TASK), postgresql_where=sa.text(OPEN_TASK))


def downgrade():
    op.drop_index('ix_task_open_due', table_name='task', sqlite_where=sa.text(OPEN_TASK),
                  postgresql_where=sa.text(OPEN_TASK))
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
