"""Repeated anonymous refusals from one source in one entry per window.

A request with a forged cookie or form needs no account, so without a limit anyone could grow the
access log at will. Per source (client address and kind of refusal) the first refusal of a window
is logged as an entry of its own; the repeats in that window are only counted. When the window has
closed, the count is written as one summary entry: by the next refusal from that source, or by the
scheduler (``close_windows``), whichever comes first.
"""
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from mda.audit.models import RefusalWindow
from mda.types import utcnow
from mda.audit import chain
from mda.extensions import db

KIND = "refusal_kind"  # the key ``log.record`` puts on an entry that may be counted instead
ACTION_OF_KIND = {"session_cookie": "login_failed", "csrf": "update"}


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["AUDIT_REFUSAL_WINDOW_MINUTES"])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _summary(window: RefusalWindow, source: str) -> dict:
    first, last = (_aware(moment).isoformat(timespec="seconds") for moment in (window.opened_at, window.last_at))
    return {"action": ACTION_OF_KIND.get(window.kind, "login_failed"), "dossier_id": None, "person_id": None,
            "outcome": "denied", "object": f"repeated:{window.kind}"[:200],
            "detail": f"count={window.repeats} first={first} last={last}",
            "user_id": None, "username": "", "organisation_id": None, "organisation_name": "", "role": "",
            "on_behalf_of": "", "purpose": "authentication", "client_address": window.client_address,
            "source": source}


def _open(session, address: str, kind: str, now: datetime) -> bool:
    """Opens a window for the source; False when it already has one (also one opened at this
    moment by a concurrent request, which the unique constraint keeps single)."""
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    result = session.execute(insert(RefusalWindow).values(client_address=address, kind=kind, opened_at=now,
                                                          last_at=now, repeats=0)
                             .on_conflict_do_nothing(index_elements=["client_address", "kind"])
                             .returning(RefusalWindow.id))
    return result.first() is not None


def count_repeats(session, entries: list[dict]) -> list[dict]:
    """The entries to write: a repeat inside its source's window is counted instead of written;
    the first refusal after a window closed brings the window's summary along."""
    kept = []
    for values in entries:
        kind = values.pop(KIND, None)
        if kind is None:
            kept.append(values)
            continue
        now, address = utcnow(), values["client_address"]
        if _open(session, address, kind, now):
            kept.append(values)
            continue
        window = session.scalar(select(RefusalWindow).where(RefusalWindow.client_address == address,
                                                            RefusalWindow.kind == kind).with_for_update())
        if now < _aware(window.opened_at) + _window():
            window.repeats, window.last_at = window.repeats + 1, now
            continue
        if window.repeats:
            kept.append(_summary(window, values["source"]))
        window.opened_at, window.last_at, window.repeats = now, now, 0
        kept.append(values)
    return kept


def close_windows() -> int:
    """Writes the summary of every closed window that counted repeats and forgets closed windows;
    the number of summaries written."""

    cutoff = utcnow() - _window()
    closed = [w for w in db.session.scalars(select(RefusalWindow).with_for_update())
              if _aware(w.opened_at) <= cutoff]
    summaries = [_summary(window, "mda-cli") for window in closed if window.repeats]
    chain.append(db.session, summaries)
    for window in closed:
        db.session.delete(window)
    db.session.flush()
    return len(summaries)
