"""the in-app inbox: one item per user per event

Revision ID: 0011a
Revises: 0011i
Create Date: 2026-12-06 19:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011a'
down_revision = '0011i'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'inbox_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=300), nullable=False),
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'key'),
    )
    op.create_index('ix_inbox_item_user_unread', 'inbox_item', ['user_id', 'read_at', 'id'])
    op.create_index('ix_inbox_item_dossier_id', 'inbox_item', ['dossier_id'])


def downgrade():
    op.drop_index('ix_inbox_item_dossier_id', table_name='inbox_item')
    op.drop_index('ix_inbox_item_user_unread', table_name='inbox_item')
    op.drop_table('inbox_item')
