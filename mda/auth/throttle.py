"""Login throttling kept in the database, so it holds across every web worker.

Per account: after 5 failures since its last successful login (within a day) the account waits a
minute before its next attempt, and twice as long after each further failure, at most an hour.
Per network address: 20 failures in 15 minutes, whatever accounts they tried, make the address
suspect. A suspect address is not refused, since a whole office behind one NAT shares it: a
correct password from there still logs in, but only with the second step (a one-time code).
"""
import math
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from mda.auth.models import LoginAttempt
from mda.extensions import db
from mda.types import utcnow
from mda.core.requests import durable

ACCOUNT_WINDOW = timedelta(hours=24)
PER_ACCOUNT = 5
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
ADDRESS_WINDOW = timedelta(minutes=15)
PER_ADDRESS = 20


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def account_wait(username: str) -> timedelta:
    """How long the account must still wait before it may try again (zero: it may try now)."""
    now = utcnow()
    last_success = (select(func.max(LoginAttempt.at))
                    .where(LoginAttempt.username == username, LoginAttempt.succeeded.is_(True))
                    .scalar_subquery())
    failures, last_failure = db.session.execute(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.succeeded.is_(False),
            LoginAttempt.at > now - ACCOUNT_WINDOW,
            last_success.is_(None) | (LoginAttempt.at > last_success))).one()
    if failures < PER_ACCOUNT:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** (failures - PER_ACCOUNT), LONGEST_WAIT)
    return max(_aware(last_failure) + wait - now, timedelta(0))


def minutes(wait: timedelta) -> int:
    """A wait in whole minutes, rounded up, for the message that asks to wait."""
    return max(1, math.ceil(wait.total_seconds() / 60))


def address_suspect(address: str) -> bool:
    """Whether the address had so many failures, over any accounts, that a password alone no
    longer logs in from it."""
    failures = db.session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.client_address == address, LoginAttempt.succeeded.is_(False),
        LoginAttempt.at > utcnow() - ADDRESS_WINDOW))
    return failures >= PER_ADDRESS


def note(username: str, address: str, succeeded: bool) -> None:
    """Records an attempt; a failure is kept even when the request's transaction is rolled back."""
    at = utcnow()
    durable(lambda: LoginAttempt(username=username[:80], client_address=address[:64],
                                 succeeded=succeeded, at=at))
    db.session.flush()
