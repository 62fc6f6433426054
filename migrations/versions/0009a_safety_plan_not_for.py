"""parts and agreements of a safety plan version can be withheld from named persons ("not for");
existing agreements of a victim are withheld from every perpetrator of the dossier

Revision ID: 0009a
Revises: 0009d
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009a'
down_revision = '0009d'
branch_labels = None
depends_on = None

PLAN_PARTS = ("danger_statement", "safety_conditions", "agreements", "warning_signals", "consequences",
              "network_support", "supervision")


def upgrade():
    op.create_table('safety_plan_withheld_part',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=30), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("part IN ({})".format(", ".join(f"'{part}'" for part in PLAN_PARTS)),
                       name=op.f('ck_safety_plan_withheld_part_part_valid')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_safety_plan_withheld_part_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['safety_plan.id'], name=op.f('fk_safety_plan_withheld_part_plan_id_safety_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'part', 'person_id', name=op.f('pk_safety_plan_withheld_part'))
    )
    op.create_table('safety_agreement_withheld',
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['safety_agreement.id'], name=op.f('fk_safety_agreement_withheld_agreement_id_safety_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_safety_agreement_withheld_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agreement_id', 'person_id', name=op.f('pk_safety_agreement_withheld'))
    )
    with op.batch_alter_table('safety_agreement_withheld', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_agreement_withheld_person_id'), ['person_id'], unique=False)
    # Until now one family version went to everyone: from here on a victim's own agreements are
    # left out of every perpetrator's version, in the versions already saved too.
    op.execute(
        "INSERT INTO safety_agreement_withheld (agreement_id, person_id) "
        "SELECT a.id, p.id FROM safety_agreement a "
        "JOIN person v ON v.id = a.responsible_person_id AND v.role = 'victim' "
        "JOIN safety_plan sp ON sp.id = a.plan_id "
        "JOIN person p ON p.dossier_id = sp.dossier_id AND p.role = 'perpetrator'")


def downgrade():
    with op.batch_alter_table('safety_agreement_withheld', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_agreement_withheld_person_id'))
    op.drop_table('safety_agreement_withheld')
    op.drop_table('safety_plan_withheld_part')
