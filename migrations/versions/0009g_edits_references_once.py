"""family references need not be unique in a region

Revision ID: 0009g
Revises: 0008
Create Date: 2026-12-01 10:00:00

"""
from alembic import op


revision = '0009g'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint('uq_dossier_region_id', type_='unique')
        batch_op.create_index('ix_dossier_region_reference', ['region_id', 'reference'], unique=False)


def downgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_region_reference')
        batch_op.create_unique_constraint('uq_dossier_region_id', ['region_id', 'reference'])
