"""Where a page may send the browser next: only to a path on this site."""
import unicodedata
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so ``/\\t/evil`` or
    ``/\\evil`` would leave the site; a control character would also break the Location header.
    Such targets, and any with a scheme or a host, are refused rather than repaired."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(char)[0] in "CZ" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def path_for(endpoint: str, **values) -> str:
    """The path of ``endpoint`` on this site, in a request or outside one (the scheduler's jobs,
    which have no request to take a host from)."""
    if has_request_context():
        return url_for(endpoint, **values)
    anchor = values.pop("_anchor", None)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path
