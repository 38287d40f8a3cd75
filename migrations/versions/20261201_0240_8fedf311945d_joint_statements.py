"""joint statements: statements, their revisions and texts per language, invited
organisations, signatures, reviews, comments

Revision ID: 8fedf311945d
Revises: e1f2a3b4c5d6
Create Date: 2026-12-01 01:42:00.693932

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8fedf311945d'
down_revision = 'e1f2a3b4c5d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('original_language', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('revision_number', sa.Integer(), nullable=False),
    sa.Column('review_round', sa.Integer(), nullable=False),
    sa.Column('round_approvals', sa.Integer(), nullable=False),
    sa.Column('sign_deadline', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publish_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_revision_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.CheckConstraint("(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name=op.f('ck_statements_withdrawn_has_a_date')),
    sa.CheckConstraint("(state IN ('published', 'withdrawn')) = (published_at IS NOT NULL)", name=op.f('ck_statements_published_has_a_date')),
    sa.CheckConstraint("(state IN ('published', 'withdrawn')) = (published_revision_id IS NOT NULL)", name=op.f('ck_statements_published_has_a_revision')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_statements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_statements_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements')),
    sa.UniqueConstraint('slug', name=op.f('uq_statements_slug'))
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index('ix_statements_organisation_id', ['organisation_id'], unique=False)
        batch_op.create_index('ix_statements_state_published_at', ['state', 'published_at'], unique=False)

    op.create_table('statement_areas',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['thematic_areas.id'], name=op.f('fk_statement_areas_area_id_thematic_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_areas_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', 'area_id', name=op.f('pk_statement_areas'))
    )
    op.create_table('statement_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_statement_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['statement_comments.id'], name=op.f('fk_statement_comments_parent_id_statement_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_statement_comments_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_comments_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_comments'))
    )
    with op.batch_alter_table('statement_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_comments_statement_id'), ['statement_id'], unique=False)

    op.create_table('statement_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_statement_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_invitations_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_invitations')),
    sa.UniqueConstraint('statement_id', 'organisation_id', name=op.f('uq_statement_invitations_statement_id_organisation_id'))
    )
    with op.batch_alter_table('statement_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_invitations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('statement_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('original_hash', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_statement_revisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_revisions_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_revisions')),
    sa.UniqueConstraint('statement_id', 'number', name=op.f('uq_statement_revisions_statement_id_number'))
    )
    with op.batch_alter_table('statement_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_revisions_statement_id'), ['statement_id'], unique=False)

    op.create_table('statement_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_statement_reviews_coordinator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revision_id'], ['statement_revisions.id'], name=op.f('fk_statement_reviews_revision_id_statement_revisions')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_reviews_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_reviews')),
    sa.UniqueConstraint('statement_id', 'round', 'coordinator_id', name=op.f('uq_statement_reviews_statement_id_round_coordinator_id'))
    )
    with op.batch_alter_table('statement_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_reviews_statement_id'), ['statement_id'], unique=False)

    op.create_table('statement_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('original_hash', sa.String(length=64), nullable=False),
    sa.Column('language_hashes', sa.JSON(), nullable=False),
    sa.Column('appearance', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_statement_signatures_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['statement_revisions.id'], name=op.f('fk_statement_signatures_revision_id_statement_revisions')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_statement_signatures_signed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_signatures_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_signatures')),
    sa.UniqueConstraint('statement_id', 'organisation_id', name=op.f('uq_statement_signatures_statement_id_organisation_id'))
    )
    with op.batch_alter_table('statement_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_signatures_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('statement_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('outdated', sa.JSON(), nullable=False),
    sa.Column('faithful', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['statement_revisions.id'], name=op.f('fk_statement_texts_revision_id_statement_revisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_texts')),
    sa.UniqueConstraint('revision_id', 'language', name=op.f('uq_statement_texts_revision_id_language'))
    )
    with op.batch_alter_table('statement_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_texts_revision_id'), ['revision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('statement_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_texts_revision_id'))

    op.drop_table('statement_texts')
    with op.batch_alter_table('statement_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_signatures_organisation_id'))

    op.drop_table('statement_signatures')
    with op.batch_alter_table('statement_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_reviews_statement_id'))

    op.drop_table('statement_reviews')
    with op.batch_alter_table('statement_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_revisions_statement_id'))

    op.drop_table('statement_revisions')
    with op.batch_alter_table('statement_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_invitations_organisation_id'))

    op.drop_table('statement_invitations')
    with op.batch_alter_table('statement_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_comments_statement_id'))

    op.drop_table('statement_comments')
    op.drop_table('statement_areas')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index('ix_statements_state_published_at')
        batch_op.drop_index('ix_statements_organisation_id')

    op.drop_table('statements')
