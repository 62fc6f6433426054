"""closing that holds: the handover of zicht op veiligheid with its monitoring agreement (replacing
the dossier's named holder), the decision on reopening a closed case after a new report, a
re-report's day of closure on the signal, the reopening-decision task, and the two workflows in the
transition log

A holder named on a dossier before becomes a handover on the same terms: accepted on a closed or
handed-over dossier (it was the holder when the case ended), proposed on an open one (its staff
are asked to accept it now); its agreement was never recorded, so it says so, with a quarterly look
for a year from the day it was named.

Revision ID: 0011x
Revises: 0011v
Create Date: 2026-12-14 10:00:00

"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


revision = '0011x'
down_revision = '0011v'
branch_labels = None
depends_on = None

WORKFLOWS_BEFORE = ('case', 'task', 'team_membership', 'application', 'conference', 'minutes', 'escalation',
                    'restraining_order')
WORKFLOWS_AFTER = WORKFLOWS_BEFORE + ('handover', 'reopening')
KINDS_BEFORE = ('safety_assessment', 'investigation', 'safety_plan_contribution', 'police_risk_assessment',
                'restraining_order', 'school_signal', 'trauma_screening', 'treatment', 'care_intervention',
                'safety_review', 'safety_score', 'safety_agreement', 'safety_plan_revision', 'other')
KINDS_AFTER = KINDS_BEFORE + ('reopening_decision',)
HANDOVER_STATES = ('new', 'proposed', 'accepted', 'declined', 'withdrawn', 'ended')
FREQUENCIES = ('weekly', 'fortnightly', 'monthly', 'quarterly')
REOPENING_STATES = ('pending', 'reopened', 'kept_closed')
LIVE = "state IN ('proposed', 'accepted')"
PENDING = "state = 'pending'"
NOT_RECORDED = ('Benoemd vóór de overdracht met een monitoringsafspraak: wat deze organisatie volgt, is niet '
                'vastgelegd.')


def _one_of(column, values) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


def _check(table: str, column: str, values) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_{column}_valid'), type_='check')
        batch_op.create_check_constraint(op.f(f'ck_{table}_{column}_valid'), _one_of(column, values))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _named_holders_become_handovers() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        'SELECT id, state, safety_holder_id, safety_holder_since, coordinator_id, created_at FROM dossier '
        'WHERE safety_holder_id IS NOT NULL')).all()
    handover = sa.table('handover', *(sa.column(name) for name in (
        'dossier_id', 'organisation_id', 'state', 'watches', 'frequency', 'until', 'proposed_on', 'proposed_by_id',
        'answered_on', 'answer_reason', 'end_reason', 'created_at', 'version_id')))
    values = []
    for dossier_id, state, holder_id, since, coordinator_id, created_at in rows:
        since = _as_date(since if since is not None else created_at)
        ended = state in ('closed', 'handed_over')
        values.append({'dossier_id': dossier_id, 'organisation_id': holder_id,
                       'state': 'accepted' if ended else 'proposed', 'watches': NOT_RECORDED,
                       'frequency': 'quarterly', 'until': since + timedelta(days=365), 'proposed_on': since,
                       'proposed_by_id': coordinator_id, 'answered_on': since if ended else None,
                       'answer_reason': '', 'end_reason': '', 'created_at': sa.func.now(), 'version_id': 1})
    for row in values:
        op.execute(handover.insert().values(**row))


def upgrade():
    op.create_table(
        'handover',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('watches', sa.Text(), nullable=False),
        sa.Column('frequency', sa.String(length=20), nullable=False),
        sa.Column('until', sa.Date(), nullable=False),
        sa.Column('proposed_on', sa.Date(), nullable=True),
        sa.Column('proposed_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answer_reason', sa.Text(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('end_reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.CheckConstraint(_one_of('state', HANDOVER_STATES), name=op.f('ck_handover_state_valid')),
        sa.CheckConstraint(_one_of('frequency', FREQUENCIES), name=op.f('ck_handover_frequency_valid')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_handover_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_handover_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'],
                                name=op.f('fk_handover_proposed_by_id_user_account')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'],
                                name=op.f('fk_handover_answered_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handover')),
    )
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handover_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_handover_live_per_dossier', ['dossier_id'], unique=True,
                              sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))

    op.create_table(
        'reopening_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('signal_id', sa.Integer(), nullable=False),
        sa.Column('holder_id', sa.Integer(), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.CheckConstraint(_one_of('state', REOPENING_STATES), name=op.f('ck_reopening_decision_state_valid')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_reopening_decision_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signal_id'], ['signal.id'], name=op.f('fk_reopening_decision_signal_id_signal'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['holder_id'], ['organisation.id'],
                                name=op.f('fk_reopening_decision_holder_id_organisation')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_reopening_decision_decided_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reopening_decision')),
    )
    with op.batch_alter_table('reopening_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reopening_decision_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('uq_reopening_pending_per_dossier', ['dossier_id'], unique=True,
                              sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))

    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dossier_closed_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_signal_dossier_closed_on'), ['dossier_closed_on'], unique=False)

    _named_holders_become_handovers()
    # (migrations/env.py holds SQLite's foreign keys off while batch mode rebuilds these tables)
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_safety_holder_id_organisation'), type_='foreignkey')
        batch_op.drop_column('safety_holder_since')
        batch_op.drop_column('safety_holder_id')
    _check('transition_log', 'workflow', WORKFLOWS_AFTER)
    _check('task', 'kind', KINDS_AFTER)


def downgrade():
    op.execute("DELETE FROM transition_log WHERE workflow IN ('handover', 'reopening')")
    op.execute("UPDATE task SET kind = 'other' WHERE kind = 'reopening_decision'")
    _check('task', 'kind', KINDS_BEFORE)
    _check('transition_log', 'workflow', WORKFLOWS_BEFORE)
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safety_holder_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('safety_holder_since', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_dossier_safety_holder_id_organisation'), 'organisation',
                                    ['safety_holder_id'], ['id'])
    op.execute("""
        UPDATE dossier SET
            safety_holder_id = (SELECT organisation_id FROM handover
                                WHERE handover.dossier_id = dossier.id AND handover.state = 'accepted'),
            safety_holder_since = (SELECT answered_on FROM handover
                                   WHERE handover.dossier_id = dossier.id AND handover.state = 'accepted')
    """)
    op.drop_table('reopening_decision')
    op.drop_table('handover')
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_dossier_closed_on'))
        batch_op.drop_column('dossier_closed_on')
