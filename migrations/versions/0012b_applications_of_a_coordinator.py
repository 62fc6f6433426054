"""the applications list (/aanmeldingen) shows an organisation's own applications and those whose
family a coordinator was given: an index for the second, so that at national size the list does not
read every region's applications

Revision ID: 0012b
Revises: 0012a
Create Date: 2026-12-07 11:00:00

"""
from alembic import op


revision = '0012b'
down_revision = '0012a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_mda_application_coordinator_created', 'mda_application',
                    ['coordinator_id', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_mda_application_coordinator_created', table_name='mda_application')
