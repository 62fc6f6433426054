"""the radar: persons of dossiers and applications get a name key (backfilled) and an optional
BSN, both indexed; an application's report can be added as a signal to the dossier in which the
family is known (the stage 'added_to_dossier')

Revision ID: 0011r
Revises: 0011j
Create Date: 2026-12-14 10:00:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0011r'
down_revision = '0011j'
branch_labels = None
depends_on = None

STAGES_BEFORE = ('draft', 'submitted', 'planned', 'accepted', 'not_accepted', 'withdrawn')
STAGES_AFTER = STAGES_BEFORE + ('added_to_dossier',)
REASON_BEFORE = "stage NOT IN ('accepted', 'not_accepted') OR decision_reason <> ''"
REASON_AFTER = "stage NOT IN ('accepted', 'not_accepted', 'added_to_dossier') OR decision_reason <> ''"
PERSON_TABLES = ('person', 'application_person')
CHILDREN = ('application_person', 'application_criterion', 'application_organisation')
BATCH = 500


_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


def name_key(name) -> str:
    """``mda.dossiers.identity.name_key`` as it was at this revision."""
    text = (name or "").casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"['’‘`´]", "", text)
    return re.sub(r"[^0-9a-z]+", " ", text).strip()[:160]


def _one_of(values) -> str:
    return "stage IN ({})".format(", ".join(f"'{value}'" for value in values))


def _backfill(table: str) -> None:
    """Every stored name gets its key, a batch of rows at a time."""
    rows = sa.table(table, sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('match_name', sa.String))
    connection = op.get_bind()
    last = 0
    while True:
        batch = connection.execute(sa.select(rows.c.id, rows.c.name).where(rows.c.id > last)
                                   .order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        connection.execute(rows.update().where(rows.c.id == sa.bindparam('row_id'))
                           .values(match_name=sa.bindparam('key')),
                           [{'row_id': row.id, 'key': name_key(row.name)} for row in batch])
        last = batch[-1].id


def upgrade():
    for table in PERSON_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('match_name', sa.String(length=160), server_default='', nullable=False))
            batch_op.add_column(sa.Column('bsn', sa.String(length=9), nullable=True))
            batch_op.create_check_constraint(op.f(f'ck_{table}_bsn_nine_digits'), 'bsn IS NULL OR length(bsn) = 9')
        _backfill(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f'ix_{table}_match', ['match_name', 'date_of_birth'], unique=False)
            batch_op.create_index(f'ix_{table}_bsn', ['bsn'], unique=False)
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mda_application_stage_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_stage_valid'), _one_of(STAGES_AFTER))
        batch_op.drop_constraint(op.f('ck_mda_application_decision_has_reason'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_decision_has_reason'), REASON_AFTER)
        batch_op.create_check_constraint(op.f('ck_mda_application_added_to_a_dossier'),
                                         "stage <> 'added_to_dossier' OR dossier_id IS NOT NULL")


def downgrade():
    added = "SELECT id FROM mda_application WHERE stage = 'added_to_dossier'"
    for table in CHILDREN:
        op.execute(f"DELETE FROM {table} WHERE application_id IN ({added})")
    op.execute("DELETE FROM mda_application WHERE stage = 'added_to_dossier'")
    with op.batch_alter_table('mda_application', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mda_application_added_to_a_dossier'), type_='check')
        batch_op.drop_constraint(op.f('ck_mda_application_decision_has_reason'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_decision_has_reason'), REASON_BEFORE)
        batch_op.drop_constraint(op.f('ck_mda_application_stage_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mda_application_stage_valid'), _one_of(STAGES_BEFORE))
    for table in PERSON_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_bsn')
            batch_op.drop_index(f'ix_{table}_match')
            batch_op.drop_constraint(op.f(f'ck_{table}_bsn_nine_digits'), type_='check')
            batch_op.drop_column('bsn')
            batch_op.drop_column('match_name')
