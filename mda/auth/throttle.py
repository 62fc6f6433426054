"""Login throttling kept in the database, so it holds across every web worker: at most 5 failed
attempts per account and 20 per network address in 15 minutes."""
from datetime import timedelta

from sqlalchemy import func, select

from mda.auth.models import LoginAttempt
from mda.extensions import db
from mda.types import utcnow

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20


def _account_failures(username: str) -> int:
    """Failures for the account since its last successful login, within the window."""
    last_success = (select(func.max(LoginAttempt.at))
                    .where(LoginAttempt.username == username, LoginAttempt.succeeded.is_(True))
                    .scalar_subquery())
    return db.session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.username == username, LoginAttempt.succeeded.is_(False),
        LoginAttempt.at > utcnow() - WINDOW, last_success.is_(None) | (LoginAttempt.at > last_success)))


def _address_failures(address: str) -> int:
    """Failures from the address within the window, whatever accounts they tried."""
    return db.session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.client_address == address, LoginAttempt.succeeded.is_(False),
        LoginAttempt.at > utcnow() - WINDOW))


def blocked(username: str, address: str) -> bool:
    return _account_failures(username) >= PER_ACCOUNT or _address_failures(address) >= PER_ADDRESS


def note(username: str, address: str, succeeded: bool) -> None:
    """Records an attempt; a failure is kept even when the request's transaction is rolled back."""
    from mda.core.requests import durable
    at = utcnow()
    durable(lambda: LoginAttempt(username=username[:80], client_address=address[:64],
                                 succeeded=succeeded, at=at))
    db.session.flush()
