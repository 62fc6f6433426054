"""The one clock: the Dutch date and time, whatever zone the server runs in.

Legal terms and due dates are judged on the date in the Netherlands, so "today" is the date in
Europe/Amsterdam, not the server's. Stored timestamps stay in UTC (`utcnow`). Nothing else in
`mda/` reads the system clock; `workflows/` takes "today" as a parameter. Tests move this clock
with `time-machine`."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """The current time in the Netherlands, timezone-aware."""
    return datetime.now(ZONE)


def today() -> date:
    """The current date in the Netherlands."""
    return now().date()


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware: for stored timestamps."""
    return datetime.now(timezone.utc)
