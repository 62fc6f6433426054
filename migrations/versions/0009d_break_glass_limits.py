"""emergency access: regional settings (who may use it, how long, cool-down) and the outcome of
the coordinator's review

Revision ID: 0009d
Revises: 0009c
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009d'
down_revision = '0009c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('break_glass_kinds', sa.String(length=200), nullable=False,
                                      server_default='vt police'))
        batch_op.add_column(sa.Column('break_glass_hours', sa.Integer(), nullable=False, server_default='4'))
        batch_op.add_column(sa.Column('break_glass_cooldown_hours', sa.Integer(), nullable=False,
                                      server_default='24'))
    with op.batch_alter_table('break_glass_grant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_outcome', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_break_glass_grant_review_outcome_valid'), "review_outcome IN ('justified', 'not_justified')")


def downgrade():
    with op.batch_alter_table('break_glass_grant', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_break_glass_grant_review_outcome_valid'), type_='check')
        batch_op.drop_column('review_outcome')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('break_glass_cooldown_hours')
        batch_op.drop_column('break_glass_hours')
        batch_op.drop_column('break_glass_kinds')
