"""One clock: the Dutch date and time, whatever zone the server runs in; nothing else reads the
system clock."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

import time_machine

from mda.core import clock

ROOT = Path(__file__).resolve().parents[2]
# 23:30 UTC on 26 April 2027 is 01:30 on 27 April, King's Day, in Amsterdam (summer time).
NIGHT_BEFORE_KINGS_DAY = datetime(2027, 4, 26, 23, 30, tzinfo=timezone.utc)


def test_today_is_the_dutch_date_not_the_utc_date():
    with time_machine.travel(NIGHT_BEFORE_KINGS_DAY, tick=False):
        assert clock.utcnow().date() == date(2027, 4, 26)
        assert clock.today() == date(2027, 4, 27)
        now = clock.now()
        assert (now.date(), now.hour, now.minute) == (date(2027, 4, 27), 1, 30)
        assert now.utcoffset().total_seconds() == 2 * 3600


def test_winter_time_is_one_hour_ahead_of_utc():
    with time_machine.travel(datetime(2027, 1, 4, 23, 30, tzinfo=timezone.utc), tick=False):
        assert clock.today() == date(2027, 1, 5)
        assert clock.now().utcoffset().total_seconds() == 3600


def test_stored_timestamps_stay_in_utc():
    from mda.types import utcnow
    with time_machine.travel(NIGHT_BEFORE_KINGS_DAY, tick=False):
        assert utcnow() == NIGHT_BEFORE_KINGS_DAY and utcnow().tzinfo == timezone.utc


SYSTEM_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.(now|utcnow|today)\(|\btime\.(time|localtime)\(")
THE_CLOCK = ROOT / "mda" / "core" / "clock.py"


def test_only_the_clock_reads_the_system_clock():
    readers = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
               for folder in ("mda", "workflows") for path in sorted((ROOT / folder).rglob("*.py"))
               if path != THE_CLOCK
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if SYSTEM_CLOCK.search(line)]
    assert readers == []


def test_a_request_reads_the_clock_once(app):
    """A request that runs across midnight judges everything on the day it started."""
    with time_machine.travel(datetime(2027, 4, 26, 21, 59, 59, tzinfo=timezone.utc), tick=False) as traveller:
        with app.test_request_context("/"):
            first = clock.now()
            traveller.shift(2)
            assert clock.now() == first and clock.today() == date(2027, 4, 26)
            assert clock.utcnow() == first
        with app.test_request_context("/"):
            assert clock.today() == date(2027, 4, 27)
