"""a leaving case coordinator's open dossiers are handed to a colleague: the account's history
records it (account_event kind 'dossiers_handed_over')

Revision ID: 0011y
Revises: 0011k
Create Date: 2026-12-07 01:30:00

"""
from alembic import op


revision = '0011y'
down_revision = '0011k'
branch_labels = None
depends_on = None

BEFORE = ('created', 'role_changed', 'deactivated', 'reactivated', 'two_factor_reset', 'password_reset')
AFTER = BEFORE + ('dossiers_handed_over',)


def _kinds(values) -> None:
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_account_event_kind_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_account_event_kind_valid'),
                                         "kind IN ({})".format(", ".join(f"'{value}'" for value in values)))


def upgrade():
    _kinds(AFTER)


def downgrade():
    op.execute("DELETE FROM account_event WHERE kind = 'dossiers_handed_over'")
    _kinds(BEFORE)
