"""Date arithmetic that SQLite and PostgreSQL both understand, for the indicators' aggregates."""
from sqlalchemy import Float, types
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):
    """``later - earlier`` in days (fractional), for two dates or moments."""
    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"(EXTRACT(EPOCH FROM (CAST({compiler.process(later, **kw)} AS TIMESTAMP)"
            f" - CAST({compiler.process(earlier, **kw)} AS TIMESTAMP))) / 86400.0)")


class day_of(FunctionElement):
    """The calendar day of a moment (UTC, as stored)."""
    type = types.Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of)
def _day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(day_of, "postgresql")
def _day_postgresql(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


class seconds_of_day(FunctionElement):
    """Seconds since midnight of a time of day."""
    type = Float()
    inherit_cache = True
    name = "seconds_of_day"


@compiles(seconds_of_day)
def _seconds_sqlite(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return f"((julianday('2000-01-01 ' || {value}) - julianday('2000-01-01')) * 86400.0)"


@compiles(seconds_of_day, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"
