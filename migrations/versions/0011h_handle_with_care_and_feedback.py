"""Handle with Care reaches the school before its next school day: signals and applications carry
the time of day of a call-out, an application carries the police call-out and each child's school,
a task can be due at a time of day, a region sets when school starts and its school holidays; and
what the reporters were told after the safety assessment and the investigation (terugkoppeling)

Revision ID: 0011h
Revises: 0011t
Create Date: 2026-12-11 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011h'
down_revision = '0011t'
branch_labels = None
depends_on = None

ROUTES = ('mda_plus', 'handover', 'conditions', 'investigation', 'child_protection', 'ended')


def _one_of(column, values) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


def upgrade():
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_time', sa.Time(), nullable=True))
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signal_police_callout', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('signal_reported_time', sa.Time(), nullable=True))
    with op.batch_alter_table('application_person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_application_person_school_id_organisation'), 'organisation',
                                    ['school_id'], ['id'])
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_time', sa.Time(), nullable=True))
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_starts_at', sa.Time(), server_default='08:30:00', nullable=False))

    op.create_table(
        'school_holiday',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.CheckConstraint('first_day <= last_day', name=op.f('ck_school_holiday_in_order')),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_school_holiday_region_id_region'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_school_holiday')),
        sa.UniqueConstraint('region_id', 'first_day', name=op.f('uq_school_holiday_region_id')),
    )
    with op.batch_alter_table('school_holiday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_holiday_region_id'), ['region_id'], unique=False)

    op.create_table(
        'reporter_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('signal_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('occasion', sa.String(length=20), nullable=False),
        sa.Column('route', sa.String(length=30), nullable=True),
        sa.Column('taken_over_by_id', sa.Integer(), nullable=True),
        sa.Column('text_nl', sa.Text(), nullable=False),
        sa.Column('text_en', sa.Text(), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('sent_by_organisation_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_one_of('occasion', ('assessment', 'investigation')),
                           name=op.f('ck_reporter_feedback_occasion_valid')),
        sa.CheckConstraint(_one_of('route', ROUTES), name=op.f('ck_reporter_feedback_route_valid')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_reporter_feedback_dossier_id_dossier'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signal_id'], ['signal.id'], name=op.f('fk_reporter_feedback_signal_id_signal'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_reporter_feedback_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['taken_over_by_id'], ['organisation.id'],
                                name=op.f('fk_reporter_feedback_taken_over_by_id_organisation')),
        sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'],
                                name=op.f('fk_reporter_feedback_sent_by_id_user_account')),
        sa.ForeignKeyConstraint(['sent_by_organisation_id'], ['organisation.id'],
                                name=op.f('fk_reporter_feedback_sent_by_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reporter_feedback')),
        sa.UniqueConstraint('signal_id', 'occasion', name=op.f('uq_reporter_feedback_signal_id')),
    )
    with op.batch_alter_table('reporter_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporter_feedback_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reporter_feedback_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    op.drop_table('reporter_feedback')
    op.drop_table('school_holiday')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('school_starts_at')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('due_time')
    with op.batch_alter_table('application_person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_application_person_school_id_organisation'), type_='foreignkey')
        batch_op.drop_column('school_id')
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_column('signal_reported_time')
        batch_op.drop_column('signal_police_callout')
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_column('reported_time')
