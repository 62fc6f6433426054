"""e-mail: addresses, per-kind preferences, the outbox, the region's digest time, claims per job item

Revision ID: 0011n
Revises: 0011a
Create Date: 2026-12-07 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011n'
down_revision = '0011a'
branch_labels = None
depends_on = None

DIGEST_PENDING = "delivery = 'digest' AND mail_id IS NULL AND read_at IS NULL"
MAIL_WAITING = "sent_at IS NULL AND failed_at IS NULL"


def upgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('organisation') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('region') as batch:
        batch.add_column(sa.Column('digest_time', sa.Time(), nullable=False, server_default='07:30:00'))
    # A demo region built before this migration gets the addresses a new demo build gives.
    demo_organisations = "SELECT organisation.id FROM organisation JOIN region ON region.id = organisation.region_id " \
                         "WHERE region.is_demo = :yes"
    op.execute(sa.text(f"UPDATE user_account SET email = username || '@example.org' "
                       f"WHERE organisation_id IN ({demo_organisations})").bindparams(yes=True))
    op.create_table(
        'outbox_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False, server_default=''),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_outbox_mail_user_id', 'outbox_mail', ['user_id'])
    op.create_index('ix_outbox_mail_waiting', 'outbox_mail', ['next_attempt_at'],
                    sqlite_where=sa.text(MAIL_WAITING), postgresql_where=sa.text(MAIL_WAITING))
    with op.batch_alter_table('inbox_item') as batch:
        batch.add_column(sa.Column('delivery', sa.String(length=10), nullable=False, server_default='app'))
        batch.add_column(sa.Column('mail_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_inbox_item_mail_id_outbox_mail', 'outbox_mail', ['mail_id'], ['id'],
                                 ondelete='SET NULL')
        batch.create_check_constraint('inbox_item_delivery_valid', "delivery IN ('app', 'now', 'digest')")
    op.create_index('ix_inbox_item_user_created', 'inbox_item', ['user_id', 'created_at', 'id'])
    op.create_index('ix_inbox_item_digest_pending', 'inbox_item', ['user_id', 'created_at'],
                    sqlite_where=sa.text(DIGEST_PENDING), postgresql_where=sa.text(DIGEST_PENDING))
    op.create_table(
        'notification_preference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('delivery', sa.String(length=10), nullable=False),
        sa.CheckConstraint("delivery IN ('app', 'now', 'digest')", name='notification_preference_delivery_valid'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'kind'),
    )
    op.create_table(
        'job_claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job', sa.String(length=60), nullable=False),
        sa.Column('item', sa.String(length=80), nullable=False),
        sa.Column('due', sa.String(length=40), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('job', 'item', 'due'),
    )
    op.create_index('ix_job_claim_claimed_at', 'job_claim', ['claimed_at'])


def downgrade():
    op.drop_index('ix_job_claim_claimed_at', table_name='job_claim')
    op.drop_table('job_claim')
    op.drop_table('notification_preference')
    op.drop_index('ix_inbox_item_digest_pending', table_name='inbox_item')
    op.drop_index('ix_inbox_item_user_created', table_name='inbox_item')
    with op.batch_alter_table('inbox_item') as batch:
        batch.drop_constraint('inbox_item_delivery_valid', type_='check')
        batch.drop_constraint('fk_inbox_item_mail_id_outbox_mail', type_='foreignkey')
        batch.drop_column('mail_id')
        batch.drop_column('delivery')
    op.drop_index('ix_outbox_mail_waiting', table_name='outbox_mail')
    op.drop_index('ix_outbox_mail_user_id', table_name='outbox_mail')
    op.drop_table('outbox_mail')
    with op.batch_alter_table('region') as batch:
        batch.drop_column('digest_time')
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('email')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('email')
