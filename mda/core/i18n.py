"""Dutch by default, English on request; dates the Dutch way."""
from datetime import date, datetime

from flask import current_app, has_request_context, request, session
from flask_babel import LazyString, format_date, format_datetime, get_locale
from markupsafe import escape

from workflows import Label


def select_locale() -> str:
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language() -> str:
    """The language of this request's pages: "nl" or "en" (a reason's ``nl`` or ``en`` text)."""
    locale = get_locale()
    return locale.language if locale else "nl"


class LazyLabel(LazyString):
    """A ``Label`` of ``workflows/`` read in the language of the page it is shown on, as
    ``lazy_gettext`` does for the texts of ``mda``; escaped like any other text."""

    def __init__(self, label: Label, capitalised: bool = False):
        super().__init__(_label_text, label, capitalised)

    def __html__(self) -> str:
        return str(escape(str(self)))


def _label_text(label: Label, capitalised: bool) -> str:
    text = label.text(language())
    return text[:1].upper() + text[1:] if capitalised else text


def lazy_label(label: Label, *, capitalised: bool = False) -> LazyLabel:
    """``label`` in the page's language; ``capitalised`` for a word of the vocabulary shown on its
    own (the vocabulary writes it as it reads inside a sentence)."""
    return LazyLabel(label, capitalised)


def init_app(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.template_filter("day")
    def _day(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, "d MMMM y")

    @app.template_filter("moment")
    def _moment(value) -> str:
        if value is None:
            return ""
        return format_datetime(value, "d MMM y HH:mm")

    @app.template_filter("shortday")
    def _shortday(value) -> str:
        """A day in the short form ``moment`` uses, for what has a date but no time of day."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, "d MMM y")

    @app.template_filter("isoday")
    def _isoday(value: date | None) -> str:
        return value.isoformat() if value else ""

    @app.context_processor
    def _language():
        return {"current_language": select_locale(), "request_path": request.path}
