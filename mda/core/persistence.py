"""One optimistic-locking helper and one conflict rule: a form carries the version it was based on;
a stale one, a missing one, or a write that another request made first is refused, never lost."""
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from mda.errors import ConflictError
from mda.extensions import db


class _NoForm:
    """The ``version`` of an operation that the system calls itself (a job, the demo, another
    operation), not a form: there is nothing to compare."""

    def __repr__(self) -> str:
        return "NO_FORM"


NO_FORM = _NoForm()


def check_version(row, version) -> None:
    """Refuses when the form's version is not the row's current version. A form without a version
    is stale: it cannot say what it was based on. ``row`` is None when the form saw nothing yet
    (version 0): then someone else creating the row meanwhile is a conflict too."""
    if version is NO_FORM:
        return
    current = row.version_id if row is not None else 0
    if version is None or str(version).strip() != str(current):
        raise ConflictError()


def _duplicate(error: IntegrityError) -> bool:
    """A unique constraint refused the row: another request wrote it first."""
    original = error.orig
    return getattr(original, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(original)


def flush() -> None:
    """Flushes; a row changed by another transaction meanwhile, or a unique row another request
    wrote first, becomes a ConflictError. The session then needs a rollback, which the handler
    that shows the conflict does (``mda.core.pages.refuse_stale_write``), not the operation."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConflictError() from error
    except IntegrityError as error:
        if not _duplicate(error):
            raise
        raise ConflictError() from error
