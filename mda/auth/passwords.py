"""Argon2id password hashing (argon2-cffi)."""
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

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
