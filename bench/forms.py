"""The forms of a page as a browser sends them (bench/locustfile.py): every field with its value,
the hidden ones (the CSRF token, the one-time submission key, a record's version) included."""
import re
from html.parser import HTMLParser


class Form:
    def __init__(self, action: str, method: str):
        self.action, self.method = action, method
        self.fields: list[list] = []  # [name, value]: in the page's order, a name may repeat
        self.radios: dict[str, list[str]] = {}

    def get(self, name: str):
        return next((value for field, value in self.fields if field == name), None)

    def put(self, name: str, value) -> None:
        for field in self.fields:
            if field[0] == name:
                field[1] = value
                return
        self.fields.append([name, value])

    def names(self) -> set[str]:
        return {name for name, _value in self.fields} | set(self.radios)

    def data(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in self.fields if value is not None]


class Forms(HTMLParser):
    """The forms of a page, each with the values a browser would send unchanged."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form = self._textarea = self._select = None
        self._text: list[str] = []
        self._first_option = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "radio":
                self._form.radios.setdefault(name, []).append(attrs.get("value", ""))
                if "checked" in attrs:
                    self._form.fields.append([name, attrs.get("value", "")])
            elif kind == "checkbox":
                if "checked" in attrs:
                    self._form.fields.append([name, attrs.get("value", "y")])
            elif kind not in ("submit", "button", "file"):
                self._form.fields.append([name, attrs.get("value", "")])
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._first_option = [name, None], None
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self._select[1] = value
            if "selected" in attrs:
                self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append([self._textarea, "".join(self._text).lstrip("\n")])
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def form(html: str, action: str, event: str | None = None) -> Form | None:
    """The page's form that posts to ``action`` (a regular expression), and carries ``event``."""
    for found in Forms(html).forms:
        if found.method == "post" and re.fullmatch(action, found.action) and (
                event is None or found.get("event") == event):
            return found
    return None


def csrf_token(html: str) -> str:
    """The CSRF token of the (login) form on a page."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
