"""The period, region and team organisation a monitor page or export is about, and its quarters."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from mda.core import clock

END_BEFORE_START = _l("The period must end on or after its first day.")
IN_THE_FUTURE = _l("The period cannot end in the future: choose today or an earlier day.")


@dataclass(frozen=True)
class Quarter:
    key: str  # 2026-Q1
    start: date
    end: date  # its last day, or the period's


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the region's dossiers (those an organisation was ever on the
    team of, when ``organisation_id`` is given) and the days from ``start`` to ``end`` inclusive."""
    region_id: int
    start: date
    end: date
    organisation_id: int | None = None

    @property
    def quarters(self) -> list[Quarter]:
        """The calendar quarters the period touches, cut to the period."""
        quarters, day = [], self.start
        while day <= self.end:
            first_month = 3 * ((day.month - 1) // 3) + 1
            following = date(day.year + (first_month + 2) // 12, (first_month + 2) % 12 + 1, 1)
            last = min(following - timedelta(days=1), self.end)
            quarters.append(Quarter(f"{day.year}-Q{(first_month + 2) // 3}", day, last))
            day = last + timedelta(days=1)
        return quarters


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last full year up to today: the monitor's first view."""
    today = today or clock.today()
    start = date(today.year - 1, today.month, 1)
    return start, today


def period_problems(start: date, end: date, today: date | None = None) -> dict[str, str]:
    """What is wrong with a period, by the field to mend."""
    today = today or clock.today()
    if end < start:
        return {"end": END_BEFORE_START}
    if end > today:
        return {"end": IN_THE_FUTURE}
    return {}
