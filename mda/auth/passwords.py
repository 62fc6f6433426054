"""Argon2id password hashing (argon2-cffi) and the password policy."""
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

# One hash per set of parameters, made once, that unknown usernames are checked against.
_DUMMY_HASHES: dict[tuple, str] = {}


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config.get("ARGON2_PARAMS", {}))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len, hasher.salt_len)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(32))
    return _DUMMY_HASHES[key]


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Checks a password. Without a stored hash (an unknown username) it does the same work, one
    verification against a hash with the configured parameters, so the answer's timing does not
    tell which usernames exist."""
    hasher = _hasher()
    known = stored_hash is not None
    try:
        return hasher.verify(stored_hash if known else _dummy_hash(hasher), password) and known
    except (VerificationError, InvalidHashError):
        return False


# The policy of NIST SP 800-63B: long enough, not a known common password, not the username; no
# rules on which kinds of characters it must hold, and no forced periodic change.
MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


@cache
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def weakness(password: str, username: str) -> str | None:
    """Why a chosen password may not be used, or None when it may."""
    if len(password) < MIN_LENGTH:
        return _("Choose a password of at least %(count)d characters.", count=MIN_LENGTH)
    folded = password.casefold()
    if folded == username.casefold():
        return _("Your password may not be your username.")
    if folded in _common():
        return _("This password is one of the most common ones, which are tried first. Choose another.")
    return None
