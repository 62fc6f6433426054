"""Rules every concern applies before it changes a dossier.

A closed or handed-over dossier (a final state of the case workflow) is kept, read, exported,
held and in the end purged, but its content no longer changes: each operation that changes it
calls ``ensure_open`` first.
"""
from flask_babel import lazy_gettext as _l

from mda.audit.log import record
from mda.errors import RuleError
from workflows import ENDED_STATES

DOSSIER_ENDED = _l("This dossier has been closed or handed over; it can no longer be changed.")


def is_open(dossier) -> bool:
    return dossier.state not in ENDED_STATES


def ensure_open(dossier, object: str, message=DOSSIER_ENDED, field: str | None = None) -> None:
    """Refuses a change to an ended dossier with ``message``: a denied access-log entry for
    ``object`` and a ``RuleError``, before anything is changed."""
    if is_open(dossier):
        return
    record("update", dossier_id=dossier.id, outcome="denied", object=object,
           detail=f"dossier {dossier.state}")
    raise RuleError(message, field)
