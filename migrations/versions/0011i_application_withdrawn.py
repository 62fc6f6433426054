"""an application can be withdrawn by its organisation until the triage meeting decides: the stage
'withdrawn', with when, by whom and why

Revision ID: 0011i
Revises: 0010b
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011i'
down_revision = '0010b'
branch_labels = None
depends_on = None

BEFORE = ('draft', 'submitted', 'planned', 'accepted', 'not_accepted')
AFTER = BEFORE + ('withdrawn',)
CHILDREN = ('application_person', 'application_criterion', 'application_organisation')


def _one_of(values) -> str:
    return "stage IN ({})".format(", ".join(f"'{value}'" for value in values))


def upgrade():
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_mda_application_withdrawn_by_id_user_account'), 'user_account',
                                    ['withdrawn_by_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_mda_application_stage_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_stage_valid'), _one_of(AFTER))
        batch_op.create_check_constraint(op.f('ck_mda_application_withdrawal_recorded'),
                                         "stage <> 'withdrawn' OR withdrawn_at IS NOT NULL")
        batch_op.create_check_constraint(op.f('ck_mda_application_withdrawal_has_reason'),
                                         "stage <> 'withdrawn' OR submitted_at IS NULL OR withdrawal_reason <> ''")


def downgrade():
    withdrawn = "SELECT id FROM mda_application WHERE stage = 'withdrawn'"
    for table in CHILDREN:
        op.execute(f"DELETE FROM {table} WHERE application_id IN ({withdrawn})")
    op.execute("DELETE FROM mda_application WHERE stage = 'withdrawn'")
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mda_application_withdrawal_has_reason'), type_='check')
        batch_op.drop_constraint(op.f('ck_mda_application_withdrawal_recorded'), type_='check')
        batch_op.drop_constraint(op.f('ck_mda_application_stage_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_stage_valid'), _one_of(BEFORE))
        batch_op.drop_constraint(batch_op.f('fk_mda_application_withdrawn_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
