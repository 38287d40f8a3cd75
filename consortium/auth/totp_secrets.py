"""Second-factor secrets, encrypted at rest with Fernet (AES-128-CBC and HMAC-SHA256).

Whoever reads the database alone (a backup, a replica, an SQL injection) cannot compute
anyone's codes; whoever can write to it cannot plant a secret of their own either, since
only sealed values are ever opened.

The key is derived from SECRET_KEY (HKDF-SHA256, with this use as its label), not taken
from a setting of its own: a second key would live beside SECRET_KEY in the same
environment, so it would guard against nothing more, and it would be one more secret to
keep and lose. Rotating SECRET_KEY keeps second factors working when the old key is listed
in SECRET_KEY_FALLBACKS (Flask's own setting, read from the environment): a secret sealed
under an older key still opens, and is sealed again under the current one at its next use.
A secret that no key opens (SECRET_KEY replaced without the fallback) is `Unreadable`: its
owner signs in with a recovery code, or an admin resets the second factor
(auth/second_factor.py).
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

PURPOSE = b"consortium: second-factor secrets at rest, v1"


class Unreadable(Exception):
    """No configured key opens this sealed secret."""


@lru_cache(maxsize=8)
def _fernet(secret_key: str) -> Fernet:
    # Imported here: only a second factor's sign-in or set-up needs it, and every served
    # worker would otherwise hold it (issue 13's memory budget).
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> list[str]:
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or ())]


def seal(secret: str) -> str:
    """The secret encrypted under the current key, as stored in `users.totp_secret`."""
    return _fernet(_keys()[0]).encrypt(secret.encode()).decode()


def unseal(sealed: str) -> tuple[str, bool]:
    """The secret in clear, and whether it was sealed under an older key (seal it again)."""
    from cryptography.fernet import InvalidToken

    for position, key in enumerate(_keys()):
        try:
            return _fernet(key).decrypt(sealed.encode()).decode(), position > 0
        except InvalidToken:
            continue
    raise Unreadable()
