"""Optimistic locking: a form carries the version it was based on; a stale one is refused."""
from sqlalchemy.orm.exc import StaleDataError

from mda.errors import ConflictError
from mda.extensions import db


def check_version(row, version) -> None:
    """Refuses when the form's version (if it sent one) is not the row's current version."""
    if version is not None and str(row.version_id) != str(version):
        raise ConflictError()


def flush() -> None:
    """Flushes; a row changed by another transaction meanwhile becomes a ConflictError."""
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error
