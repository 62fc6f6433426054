"""minutes keep their attendance and a health part; decisions can be health-related; the
applicant's organisation has seen the triage outcome

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conference_minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('health_body', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('attendance', sa.JSON(), nullable=True))
    with op.batch_alter_table('conference_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('health_related', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_seen_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_column('outcome_seen_at')
    with op.batch_alter_table('conference_decision', schema=None) as batch_op:
        batch_op.drop_column('health_related')
    with op.batch_alter_table('conference_minutes', schema=None) as batch_op:
        batch_op.drop_column('attendance')
        batch_op.drop_column('health_body')
