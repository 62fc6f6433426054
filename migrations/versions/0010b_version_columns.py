"""a version column on the care goal, the safety review and the partner score, so that a stale
write to them is refused like any other

Revision ID: 0010b
Revises: 0010a
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010b'
down_revision = '0010a'
branch_labels = None
depends_on = None

TABLES = ('care_goal', 'safety_review', 'partner_score')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version_id', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version_id')
