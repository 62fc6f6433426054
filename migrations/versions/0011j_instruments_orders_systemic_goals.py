"""structured risk assessments (the resulting risk level and the answers to the instrument's items),
temporary restraining orders (huisverbod) with their lifecycle, and care-plan goals for a pair or the
family as a whole with a planned evaluation date; existing assessments and goals are kept (goals for
one person, assessments without a level)

Revision ID: 0011j
Revises: 0011w
Create Date: 2026-12-08 10:00:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0011j'
down_revision = '0011w'
branch_labels = None
depends_on = None

WORKFLOWS_BEFORE = ('case', 'task', 'team_membership', 'application', 'conference', 'minutes', 'escalation')
WORKFLOWS_AFTER = WORKFLOWS_BEFORE + ('restraining_order',)
LEVELS = ('low', 'moderate', 'high')
ORDER_STATES = ('imposed', 'extended', 'lifted')
SCOPES = ('person', 'pair', 'family')
PERSONS_FIT_SCOPE = ("(scope = 'person' AND person_id IS NOT NULL AND partner_id IS NULL)"
                     " OR (scope = 'pair' AND person_id IS NOT NULL AND partner_id IS NOT NULL"
                     " AND person_id <> partner_id)"
                     " OR (scope = 'family' AND person_id IS NULL AND partner_id IS NULL)")


def _one_of(column, values) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


@contextmanager
def _foreign_keys_held_off():
    """SQLite rebuilds a table to change a column or a check constraint; with foreign keys on,
    dropping the old table would be refused. They are checked before they are switched on again."""
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # migrations/env.py holds them off for the whole run already: then they stay off until its end
    sqlite = sqlite and op.get_bind().exec_driver_sql('PRAGMA foreign_keys').scalar() == 1
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys=OFF')
    try:
        yield
        if sqlite:
            broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
            if broken:
                raise RuntimeError(f'foreign keys broken by the migration: {broken[:5]}')
    finally:
        if sqlite:
            with op.get_context().autocommit_block():
                op.execute('PRAGMA foreign_keys=ON')


def _workflows(values) -> None:
    with op.batch_alter_table('transition_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_transition_log_workflow_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_transition_log_workflow_valid'), _one_of('workflow', values))


def upgrade():
    with _foreign_keys_held_off():
        _upgrade()


def downgrade():
    with _foreign_keys_held_off():
        _downgrade()


def _upgrade():
    _workflows(WORKFLOWS_AFTER)
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(op.f('ck_risk_assessment_level_valid'),
                                         f"level IS NULL OR {_one_of('level', LEVELS)}")
    op.create_table(
        'risk_assessment_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=40), nullable=False),
        sa.Column('answer', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['risk_assessment.id'],
                                name=op.f('fk_risk_assessment_answer_assessment_id_risk_assessment'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_assessment_answer')),
        sa.UniqueConstraint('assessment_id', 'item', name=op.f('uq_risk_assessment_answer_assessment_id')),
    )
    with op.batch_alter_table('risk_assessment_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_assessment_answer_assessment_id'), ['assessment_id'], unique=False)

    op.create_table(
        'restraining_order',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('imposed_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('extended_on', sa.Date(), nullable=True),
        sa.Column('lifted_on', sa.Date(), nullable=True),
        sa.Column('lift_reason', sa.Text(), nullable=False),
        sa.Column('risk_assessment_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version_id', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint(_one_of('state', ORDER_STATES), name=op.f('ck_restraining_order_state_valid')),
        sa.CheckConstraint('ends_on >= imposed_on', name=op.f('ck_restraining_order_ends_after_imposed')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_restraining_order_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_restraining_order_person_id_person'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['risk_assessment_id'], ['risk_assessment.id'],
                                name=op.f('fk_restraining_order_risk_assessment_id_risk_assessment'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_restraining_order_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_restraining_order_author_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_restraining_order')),
    )
    with op.batch_alter_table('restraining_order', schema=None) as batch_op:
        batch_op.create_index('ix_restraining_order_dossier_state', ['dossier_id', 'state'], unique=False)

    with op.batch_alter_table('care_goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=10), server_default='person', nullable=False))
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('evaluate_on', sa.Date(), nullable=True))
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(op.f('fk_care_goal_partner_id_person'), 'person', ['partner_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_check_constraint(op.f('ck_care_goal_scope_valid'), _one_of('scope', SCOPES))
        batch_op.create_check_constraint(op.f('ck_care_goal_persons_fit_scope'), PERSONS_FIT_SCOPE)


def _downgrade():
    # Goals for a pair or the whole family have no place in a plan of goals per person.
    op.execute("DELETE FROM care_intervention WHERE goal_id IN (SELECT id FROM care_goal WHERE scope <> 'person')")
    op.execute("DELETE FROM care_goal WHERE scope <> 'person'")
    with op.batch_alter_table('care_goal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_care_goal_persons_fit_scope'), type_='check')
        batch_op.drop_constraint(op.f('ck_care_goal_scope_valid'), type_='check')
        batch_op.drop_constraint(op.f('fk_care_goal_partner_id_person'), type_='foreignkey')
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('evaluate_on')
        batch_op.drop_column('partner_id')
        batch_op.drop_column('scope')
    with op.batch_alter_table('restraining_order', schema=None) as batch_op:
        batch_op.drop_index('ix_restraining_order_dossier_state')
    op.drop_table('restraining_order')
    with op.batch_alter_table('risk_assessment_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_assessment_answer_assessment_id'))
    op.drop_table('risk_assessment_answer')
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_risk_assessment_level_valid'), type_='check')
        batch_op.drop_column('level')
    op.execute("DELETE FROM transition_log WHERE workflow = 'restraining_order'")
    _workflows(WORKFLOWS_BEFORE)
