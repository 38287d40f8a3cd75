"""organisation names as each reader sees them

Revision ID: e7f8a9b0c1d2
Revises: c5abbad59510
Create Date: 2026-12-02 02:30:00

The partner directory sorts and pages in the database, in the reader's alphabet, by the
name that reader sees (issue 13: it loaded and sorted every partner in Python). The names
of the partners already there are filled in here with the same pure function the app's
flush hook uses (`consortium.i18n.content.resolve`).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7f8a9b0c1d2'
down_revision = 'c5abbad59510'
branch_labels = None
depends_on = None


def upgrade():
    names = op.create_table(
        'organisation_names',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'],
            ['organisations.id'],
            name=op.f('fk_organisation_names_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('organisation_id', 'language', name=op.f('pk_organisation_names')),
    )
    with op.batch_alter_table('organisation_names', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_names_language_name', ['language', 'name'], unique=False)

    from consortium.i18n.content import resolve
    from consortium.i18n.languages import CODES

    organisations = sa.table(
        'organisations',
        sa.column('id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('original_language', sa.String),
        sa.column('name_translations', sa.JSON),
    )
    rows = []
    for row in op.get_bind().execute(sa.select(organisations)):
        by_language = {row.original_language: row.name, **(row.name_translations or {})}
        for code in CODES:
            found = resolve(by_language, code, row.original_language)
            rows.append(
                {
                    'organisation_id': row.id,
                    'language': code,
                    'name': found.value if found is not None else row.name,
                }
            )
    if rows:
        op.bulk_insert(names, rows)


def downgrade():
    with op.batch_alter_table('organisation_names', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_names_language_name')
    op.drop_table('organisation_names')
