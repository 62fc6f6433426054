"""The figures of the indicators: each indicator's rows aggregated in SQL, over the period and per
quarter, with the suppression rule: a figure that rests on fewer than ``MINIMUM_FAMILIES`` families
is not reported, so that no family can be recognised in it."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, literal, select, union_all

from mda.extensions import db
from mda.monitor.indicators import COUNT, INDICATORS, SHARE, Indicator
from mda.monitor.periods import Quarter, Scope

MINIMUM_FAMILIES = 10
PERIOD = "period"  # the row of the whole period, beside the quarters (2026-Q1)


@dataclass(frozen=True)
class Figure:
    """A figure (None when too few to report) and the number of families it rests on."""
    value: float | None
    families: int

    @property
    def suppressed(self) -> bool:
        return self.families < MINIMUM_FAMILIES


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    total: Figure
    quarters: list[tuple[Quarter, Figure]]


def _figure(indicator: Indicator, families: int, average, counted) -> Figure:
    if families < MINIMUM_FAMILIES:
        return Figure(None, families)
    if indicator.kind == COUNT:
        return Figure(float(families), families)
    if average is None:
        return Figure(None, families)
    value = float(average) * (100 if indicator.kind == SHARE else 1)
    return Figure(round(value, 1), families)


def compute(indicator: Indicator, scope: Scope) -> Result:
    """One statement: the indicator's rows of the period, once (a CTE), aggregated over the whole
    period and per quarter."""
    rows = indicator.rows(scope).cte("indicator_rows").prefix_with("MATERIALIZED")
    quarters = scope.quarters
    lag = timedelta(days=indicator.lag_days)
    counts = and_(rows.c.anchor >= scope.start - lag, rows.c.anchor <= scope.end - lag, rows.c.value.is_not(None))
    bucket = case(*[(and_(rows.c.anchor >= q.start - lag, rows.c.anchor <= q.end - lag), q.key) for q in quarters])
    shaped = select(bucket.label("quarter"), rows.c.family, rows.c.value).where(counts).cte("monitor_rows")
    measures = (func.count(func.distinct(shaped.c.family)), func.avg(shaped.c.value), func.count())
    statement = union_all(select(literal(PERIOD).label("quarter"), *measures),
                          select(shaped.c.quarter, *measures).group_by(shaped.c.quarter))
    found = {row[0]: row[1:] for row in db.session.execute(statement)}
    return Result(indicator, _figure(indicator, *found.get(PERIOD, (0, None, 0))),
                  [(q, _figure(indicator, *found.get(q.key, (0, None, 0)))) for q in quarters])


def compute_all(scope: Scope) -> list[Result]:
    return [compute(indicator, scope) for indicator in INDICATORS]
