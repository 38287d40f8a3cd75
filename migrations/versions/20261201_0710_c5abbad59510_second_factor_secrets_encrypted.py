"""second-factor secrets encrypted at rest

Revision ID: c5abbad59510
Revises: d4e5f6a7b8c9
Create Date: 2026-12-01 07:10:00

The TOTP secrets become Fernet tokens under a key derived from SECRET_KEY
(consortium.auth.totp_secrets), in a column wide enough for them (a 32-character secret
makes a 140-character token). The app's SECRET_KEY must be the one it will run with: a
secret sealed under another key cannot be opened (its owner would need a recovery code).
Downgrading opens them again, and refuses to run if any cannot be opened rather than lose
someone's second factor.
"""
import re

import sqlalchemy as sa
from alembic import context, op

from consortium.auth import totp_secrets

revision = 'c5abbad59510'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None

USERS = sa.table('users', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))
IN_CLEAR = re.compile(r'[A-Z2-7]{16,64}')  # base32, as authenticator apps take it


def _secrets(bind):
    if context.is_offline_mode():
        raise RuntimeError('this revision changes data with the app key: run it online')
    query = sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None))
    return bind.execute(query).all()


def _store(bind, user_id, value):
    bind.execute(USERS.update().where(USERS.c.id == user_id).values(totp_secret=value))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255)
        )
    bind = op.get_bind()
    for user_id, stored in _secrets(bind):
        if IN_CLEAR.fullmatch(stored):  # a second run leaves sealed ones alone
            _store(bind, user_id, totp_secrets.seal(stored))


def downgrade():
    bind = op.get_bind()
    for user_id, stored in _secrets(bind):
        try:
            secret, _ = totp_secrets.unseal(stored)
        except totp_secrets.Unreadable:
            raise RuntimeError(
                f'the second-factor secret of user {user_id} does not open with SECRET_KEY '
                'or SECRET_KEY_FALLBACKS: set the key it was sealed with, or reset that '
                'second factor, then downgrade again'
            ) from None
        _store(bind, user_id, secret)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64)
        )
