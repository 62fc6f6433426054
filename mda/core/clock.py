"""The one clock: the Dutch date and time, whatever zone the server runs in.

Legal terms and due dates are judged on the date in the Netherlands, so "today" is the date in
Europe/Amsterdam, not the server's. Stored timestamps stay in UTC (`utcnow`). Nothing else in
`mda/` reads the system clock; `workflows/` takes "today" as a parameter. Tests move this clock
with `time-machine`.

A request reads the clock once: every ``now``, ``today`` and ``utcnow`` during one request gives
the same moment, so a page, its checks and the rows it writes agree on what day it is even when
the request runs across midnight. Outside a request (jobs, the command line) each call reads it."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import g, has_request_context

ZONE = ZoneInfo("Europe/Amsterdam")


def _moment() -> datetime:
    """The current moment in UTC: this request's, read at its first use."""
    if not has_request_context():
        return datetime.now(timezone.utc)
    moment = g.get("clock_moment")
    if moment is None:
        moment = g.clock_moment = datetime.now(timezone.utc)
    return moment


def now() -> datetime:
    """The current time in the Netherlands, timezone-aware."""
    return _moment().astimezone(ZONE)


def today() -> date:
    """The current date in the Netherlands."""
    return now().date()


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware: for stored timestamps."""
    return _moment()
