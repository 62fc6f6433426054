"""What a request may carry: ids the database can hold, and no NUL bytes.

An id in a URL, a query argument or a form is ASCII digits naming a row the database's integer
column can hold; anything else (a number too large, a Unicode digit such as ``²`` or ``١``, a sign)
names no row, so a URL answers 404 and a form refuses it, before any query is made. A NUL byte is
never part of what a person types: a request carrying one is refused with 400.
"""
import re

from flask import abort, request
from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**31 - 1  # the largest value of an INTEGER column (PostgreSQL)
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value) -> int | None:
    """The id ``value`` names, or None when it is no id (not ASCII digits, or out of range)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def id_arg(name: str) -> int | None:
    """The id in query argument ``name``, or None when it is absent or no id."""
    return parse_id(request.args.get(name, ""))


def contains(query: str) -> str:
    """A LIKE pattern (escape character ``\\``) for text that holds ``query`` in lower case, with
    ``%`` and ``_`` in it taken as the characters they are."""
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_arg(name: str = "page") -> int:
    """A page number from the query: 1 unless the argument is a valid positive number."""
    return parse_id(request.args.get(name, "")) or 1


class IdConverter(BaseConverter):
    """``<id:name>``: a row's id; anything else does not match, so the URL answers 404."""

    regex = r"[0-9]{1,10}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key)) for key in values)


def init_app(app) -> None:
    """Registers the ``id`` converter (before any blueprint adds a route) and the NUL-byte guard."""
    app.url_map.converters["id"] = IdConverter

    @app.before_request
    def _refuse_nul_bytes():
        if "\x00" in request.path or _has_nul(request.args) or _has_nul(request.form):
            abort(400)
