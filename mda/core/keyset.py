"""Keyset pagination: every list page is the rows after the last one shown, in a fixed order that
ends in a unique column, fetched with one statement of ``LIMIT size + 1`` — never an OFFSET, never
a count. The extra row only says whether there is a next page; the key of the last row shown goes
into the page's 'next' link (``?na=2026-03-01_42``). A key that does not parse is the first page.

Each column of the order must be NOT NULL for the rows listed (wrap a nullable one in
``coalesce``) and hold an integer, a day, a time of day or a moment; moments travel in UTC.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from flask import request, url_for
from sqlalchemy import and_, or_, tuple_
from sqlalchemy.sql import operators

from mda.extensions import db

PAGE_SIZE = 50
SEPARATOR = "_"


@dataclass(frozen=True)
class Page:
    rows: list
    next_key: str | None  # the key of the last row shown when more follow, else None
    after: str | None  # the key this page was asked for (None: the first page)


def _moment(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def _encode(value) -> str:
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"a keyset column holds an integer, a day, a time or a moment, not {value!r}")


def _whole_number(text: str) -> int:
    # ASCII digits only (no sign, spaces or other digits), and no more than an integer column holds
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValueError(text)
    return int(text)


def _decoder(kind: type):
    if kind is datetime:
        return lambda text: datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    if kind is date:
        return date.fromisoformat
    if kind is time:
        return time.fromisoformat
    if kind in (int, bool):
        return _whole_number
    raise TypeError(f"a keyset column holds an integer, a day, a time or a moment, not {kind.__name__}")


class Keyset:
    """An order for a list, given as ORDER BY clauses (``Task.due_on, Task.id`` or
    ``Dossier.updated_at.desc(), Dossier.id.desc()``) whose last is unique."""

    def __init__(self, *order):
        self.order = order
        self.columns = []  # (expression, descending)
        for clause in order:
            descending = getattr(clause, "modifier", None) is operators.desc_op
            self.columns.append((clause.element if descending else clause, descending))
        self._decoders = [_decoder(column.type.python_type) for column, _desc in self.columns]

    def key(self, *values) -> str:
        """The key of a row with these values of the order's columns."""
        return SEPARATOR.join(_encode(value) for value in values)

    def parse(self, key: str | None) -> tuple | None:
        parts = (key or "").split(SEPARATOR)
        if len(parts) != len(self.columns):
            return None
        try:
            return tuple(decode(part) for decode, part in zip(self._decoders, parts, strict=True))
        except (ValueError, OverflowError):
            return None

    def after(self, values: tuple):
        """SQL condition: the row comes after a row with ``values`` in this order."""
        directions = {descending for _column, descending in self.columns}
        columns = [column for column, _desc in self.columns]
        if len(directions) == 1:  # one row comparison, which an index in the same order serves
            left, right = tuple_(*columns), tuple_(*values)
            return left < right if directions == {True} else left > right
        alternatives = []
        for at, (column, descending) in enumerate(self.columns):
            equal = [columns[n] == values[n] for n in range(at)]
            beyond = column < values[at] if descending else column > values[at]
            alternatives.append(and_(*equal, beyond))
        return or_(*alternatives)

    def page(self, stmt, key: str | None, size: int = PAGE_SIZE, *, scalars: bool = True,
             unique: bool = False) -> Page:
        """One page of ``stmt`` (a SELECT without ORDER BY or LIMIT) after ``key``, in one
        statement: its rows (the entity alone when ``scalars``, else each row without the key)."""
        after = self.parse(key)
        if after is not None:
            stmt = stmt.where(self.after(after))
        width = len(self.columns)
        stmt = (stmt.add_columns(*(column.label(f"keyset_{n}") for n, (column, _desc) in enumerate(self.columns)))
                .order_by(None).order_by(*self.order).limit(size + 1))
        result = db.session.execute(stmt)
        rows = list(result.unique() if unique else result)
        more, rows = len(rows) > size, rows[:size]
        next_key = self.key(*rows[-1][-width:]) if more else None
        shown = [row[0] if scalars else tuple(row[:-width]) for row in rows]
        return Page(shown, next_key, key if after is not None else None)


def page_url(param: str, key: str | None, anchor: str | None = None, endpoint: str | None = None) -> str:
    """This page's URL with the keyset ``param`` set to ``key`` (None: removed, the first page of
    that list), every other argument kept: a page with several lists pages each on its own.
    ``endpoint`` names the list's page when a form's answer shows it under another URL."""
    args = {name: value for name, value in request.args.items() if name != param}
    if key is not None:
        args[param] = key
    if endpoint is None:
        return url_for(request.endpoint, **(request.view_args or {}), **args, _anchor=anchor)
    return url_for(endpoint, **args, _anchor=anchor)
