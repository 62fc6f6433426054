"""every list of dossiers names the user's region (a team is made of the region's organisations,
an emergency grant is asked within the region): the dossier list's index leads with the region,
so that at national size a list walks its own region's dossiers in order of latest activity, not
those of every region sharing the database

Revision ID: 0012a
Revises: 0011z
Create Date: 2026-12-07 08:00:00

"""
from alembic import op


revision = '0012a'
down_revision = '0011z'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_dossier_region_updated', 'dossier', ['region_id', 'updated_at', 'id'], unique=False)
    op.drop_index('ix_dossier_updated', table_name='dossier')


def downgrade():
    op.create_index('ix_dossier_updated', 'dossier', ['updated_at', 'id'], unique=False)
    op.drop_index('ix_dossier_region_updated', table_name='dossier')
