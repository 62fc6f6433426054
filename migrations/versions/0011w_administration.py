"""administration: the region's score thresholds and review cadence, a school's contact for Handle
with Care, the password change the administrator asks for, and each account's history of changes

Revision ID: 0011w
Revises: 0011e
Create Date: 2026-12-14 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011w'
down_revision = '0011e'
branch_labels = None
depends_on = None

ACCOUNT_EVENTS = ('created', 'role_changed', 'deactivated', 'reactivated', 'two_factor_reset', 'password_reset')
PHASES = ('safety', 'risk_care', 'recovery', 'monitoring')


def upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safety_threshold', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closing_threshold', sa.Integer(), nullable=True))
        for phase in PHASES:
            batch_op.add_column(sa.Column(f'review_days_{phase}', sa.Integer(), nullable=True))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=True))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))
    op.create_table(
        'account_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('detail', sa.String(length=200), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ({})".format(", ".join(f"'{kind}'" for kind in ACCOUNT_EVENTS)),
                           name=op.f('ck_account_event_kind_valid')),
        sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_account_event_by_id_user_account')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_event_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_event')),
    )
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_event_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_event_user_id'))
    op.drop_table('account_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
    with op.batch_alter_table('region', schema=None) as batch_op:
        for phase in reversed(PHASES):
            batch_op.drop_column(f'review_days_{phase}')
        batch_op.drop_column('closing_threshold')
        batch_op.drop_column('safety_threshold')
