"""Server-side login sessions: started at login, ended at logout, after 15 idle minutes, or 12
hours after login, whichever comes first. The cookie holds a random token; the database keeps
only its hash, so a stolen database does not yield live sessions."""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app, has_request_context, request
from sqlalchemy import select

from mda.auth.models import User, UserSession
from mda.extensions import db, login_manager
from mda.types import utcnow

# Writing last_seen_at on every request would make every read a write; a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config.get("SESSION_IDLE_MINUTES", 15))


def absolute_limit() -> timedelta:
    return timedelta(hours=current_app.config.get("SESSION_ABSOLUTE_HOURS", 12))


def start(user: User) -> str:
    token = secrets.token_urlsafe(32)
    address = (request.remote_addr or "") if has_request_context() else ""
    db.session.add(UserSession(token_hash=_hash(token), user_id=user.id, client_address=address[:64]))
    db.session.flush()
    user.session_token = token
    return token


def _row(token: str) -> UserSession | None:
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))


def resolve(token: str) -> User | None:
    """The user of a live session, or None; a session past its limits is ended on the spot."""
    row = _row(token) if token else None
    if row is None or row.ended_at is not None or not row.user.active:
        return None
    now = utcnow()
    if now - _aware(row.created_at) > absolute_limit():
        _end(row, "expired")
        return None
    if now - _aware(row.last_seen_at) > idle_limit():
        _end(row, "idle")
        return None
    if now - _aware(row.last_seen_at) > TOUCH_INTERVAL:
        row.last_seen_at = now
    row.user.session_token = token
    return row.user


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Flask-Login stores the server-side session's token; an ended session logs the user out."""
    return resolve(token)


def _end(row: UserSession, reason: str) -> None:
    row.ended_at = utcnow()
    row.end_reason = reason
    db.session.flush()


def end(token: str | None, reason: str = "logout") -> None:
    row = _row(token) if token else None
    if row is not None and row.ended_at is None:
        _end(row, reason)


def reauthenticated_within(token: str | None, window: timedelta) -> bool:
    row = _row(token) if token else None
    return row is not None and utcnow() - _aware(row.reauthenticated_at) <= window


def mark_reauthenticated(token: str) -> None:
    row = _row(token)
    if row is not None:
        row.reauthenticated_at = utcnow()
        db.session.flush()


def end_others(user: User, reason: str = "password") -> None:
    """Ends every live session of the user except this one (after a password change)."""
    for row in db.session.scalars(select(UserSession).where(
            UserSession.user_id == user.id, UserSession.ended_at.is_(None),
            UserSession.token_hash != _hash(user.session_token or ""))):
        _end(row, reason)


def end_all(user: User, reason: str) -> int:
    """Ends every live session of the user (an administrator's change to their account); how many."""
    rows = list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                             UserSession.ended_at.is_(None))))
    for row in rows:
        _end(row, reason)
    return len(rows)
