"""escalation: the escalation lifecycle and its levels, the team lead role, each dossier's last
progress (backfilled), the region's ladder and stall thresholds, indexes for stall detection

Revision ID: 0011e
Revises: 0011h
Create Date: 2026-12-07 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011e'
down_revision = '0011h'
branch_labels = None
depends_on = None

ROLES_BEFORE = ('coordinator', 'professional', 'steering', 'admin')
ROLES_AFTER = ROLES_BEFORE + ('team_lead',)
WORKFLOWS_BEFORE = ('case', 'task', 'team_membership', 'application', 'conference', 'minutes')
WORKFLOWS_AFTER = WORKFLOWS_BEFORE + ('escalation',)
STATES = ('new', 'raised', 'rising', 'resolved', 'withdrawn')
RUNGS = ('team_lead', 'zvh', 'steering')
OPEN = "state IN ('raised', 'rising')"


def _one_of(column, values) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


def _backfill_progress() -> None:
    """The last phase change or completed task of every dossier, else its opening."""
    latest = "GREATEST" if op.get_bind().dialect.name == "postgresql" else "MAX"
    op.execute(f"""
        UPDATE dossier SET last_progress_at = {latest}(
            created_at,
            COALESCE((SELECT MAX(transition_log.at) FROM transition_log
                      WHERE transition_log.dossier_id = dossier.id AND transition_log.workflow = 'case'), created_at),
            COALESCE((SELECT MAX(task.closed_at) FROM task
                      WHERE task.dossier_id = dossier.id AND task.state = 'done'), created_at))
    """)


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_role_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_account_role_valid'), _one_of('role', ROLES_AFTER))
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_transition_log_workflow_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_transition_log_workflow_valid'),
                                         _one_of('workflow', WORKFLOWS_AFTER))
        batch_op.create_index('ix_transition_log_object', ['workflow', 'object_id'], unique=False)
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_ladder', sa.String(length=200),
                                      server_default='team_lead:5 zvh:10 steering', nullable=False))
        batch_op.add_column(sa.Column('stall_no_progress_days', sa.Integer(), server_default='21', nullable=True))
        batch_op.add_column(sa.Column('stall_overdue_working_days', sa.Integer(), server_default='5', nullable=True))
        batch_op.add_column(sa.Column('stall_declined_working_days', sa.Integer(), server_default='5', nullable=True))
        batch_op.add_column(sa.Column('stall_score_reviews', sa.Integer(), server_default='3', nullable=True))
        batch_op.add_column(sa.Column('stall_review_overdue_working_days', sa.Integer(), server_default='0',
                                      nullable=True))
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_progress_at', sa.DateTime(timezone=True), nullable=True))
    _backfill_progress()
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_region_progress', ['region_id', 'last_progress_at'], unique=False)
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index('ix_task_state_due', ['state', 'due_on'], unique=False)

    op.create_table(
        'escalation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('rung', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('signals', sa.String(length=200), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('raised_by_id', sa.Integer(), nullable=True),
        sa.Column('raised_on', sa.Date(), nullable=True),
        sa.Column('level_since', sa.Date(), nullable=True),
        sa.Column('rises_on', sa.Date(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('ended_by_id', sa.Integer(), nullable=True),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.CheckConstraint(_one_of('state', STATES), name=op.f('ck_escalation_state_valid')),
        sa.CheckConstraint(_one_of('rung', ('',) + RUNGS), name=op.f('ck_escalation_rung_valid')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_escalation_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'],
                                name=op.f('fk_escalation_raised_by_id_user_account')),
        sa.ForeignKeyConstraint(['ended_by_id'], ['user_account.id'],
                                name=op.f('fk_escalation_ended_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation')),
    )
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_escalation_queue', ['state', 'rung', 'level_since', 'id'], unique=False)
        batch_op.create_index('ix_escalation_rises', ['state', 'rises_on'], unique=False)
        batch_op.create_index('uq_escalation_open_per_dossier', ['dossier_id'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))

    op.create_table(
        'escalation_level',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('escalation_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('rung', sa.String(length=20), nullable=False),
        sa.Column('reached_on', sa.Date(), nullable=False),
        sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rises_on', sa.Date(), nullable=True),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.CheckConstraint(_one_of('rung', RUNGS), name=op.f('ck_escalation_level_rung_valid')),
        sa.ForeignKeyConstraint(['escalation_id'], ['escalation.id'],
                                name=op.f('fk_escalation_level_escalation_id_escalation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_escalation_level_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_level')),
        sa.UniqueConstraint('escalation_id', 'level', name=op.f('uq_escalation_level_escalation_id')),
    )
    with op.batch_alter_table('escalation_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_level_escalation_id'), ['escalation_id'], unique=False)

    op.create_table(
        'escalation_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('level_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('notified_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['level_id'], ['escalation_level.id'],
                                name=op.f('fk_escalation_notice_level_id_escalation_level'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_escalation_notice_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_notice')),
        sa.UniqueConstraint('level_id', 'user_id', name=op.f('uq_escalation_notice_level_id')),
    )
    with op.batch_alter_table('escalation_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_notice_level_id'), ['level_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalation_notice_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('escalation_notice')
    op.drop_table('escalation_level')
    op.drop_table('escalation')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_state_due')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_region_progress')
        batch_op.drop_column('last_progress_at')
    with op.batch_alter_table('region', schema=None) as batch_op:
        for column in ('stall_review_overdue_working_days', 'stall_score_reviews', 'stall_declined_working_days',
                       'stall_overdue_working_days', 'stall_no_progress_days', 'escalation_ladder'):
            batch_op.drop_column(column)
    op.execute("DELETE FROM transition_log WHERE workflow = 'escalation'")
    op.execute("UPDATE user_account SET active = false, role = 'professional' WHERE role = 'team_lead'")
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_log_object')
        batch_op.drop_constraint(op.f('ck_transition_log_workflow_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_transition_log_workflow_valid'),
                                         _one_of('workflow', WORKFLOWS_BEFORE))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_role_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_account_role_valid'), _one_of('role', ROLES_BEFORE))
