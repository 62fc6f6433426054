"""Driving the app through the Flask test client like a browser does: with CSRF tokens."""
import re

from sqlalchemy import event

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def hidden_value(html: str, name: str) -> str:
    """The value a page's hidden field ``name`` carries (a form's version), as a browser sends it."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, f"page has no field {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def form_post(client, path: str, data: dict, hidden: tuple[str, ...] = ("version",)):
    """POSTs ``data`` to the form page ``path`` like a browser that opened it just now: with its
    CSRF token and its hidden ``hidden`` fields (the version it is based on) unless ``data`` sets them."""
    html = client.get(path).get_data(as_text=True)
    return client.post(path, data={**{name: hidden_value(html, name) for name in hidden}, **data,
                                   "csrf_token": csrf_token(html)})


def masked(html: str) -> str:
    """The page with its CSRF tokens and script nonces blanked: they carry the second they were
    made in (or are random), so two renderings of the same page differ in them and nothing else."""
    html = re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+"', r'\1…"', html)
    return re.sub(r'nonce="[^"]+"', 'nonce="…"', html)


def next_second_for_tokens(monkeypatch) -> None:
    """Signs from now on as if a second had passed, as when two requests fall in two seconds."""
    from itsdangerous.timed import TimestampSigner
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 1)


def token_for(client, path: str = "/login") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def login(client, username: str, password: str = "demo"):
    token = token_for(client, "/login")
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, f"login of {username} failed"
    return response


def post_form(client, path: str, data: dict, token_page: str | None = None):
    """POSTs ``data`` with a CSRF token taken from ``token_page`` (default: the form's own page)."""
    token = token_for(client, token_page or path)
    return client.post(path, data={**data, "csrf_token": token})


class QueryCounter:
    """Counts the SQL statements an engine executes inside a ``with`` block."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        self.statements = []

    def _before(self, conn, cursor, statement, *args):
        self.count += 1
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)
