"""Dutch by default, English on request; dates the Dutch way."""
from datetime import date, datetime

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale


def select_locale() -> str:
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language() -> str:
    """The language of this request's pages: "nl" or "en" (a reason's ``nl`` or ``en`` text)."""
    locale = get_locale()
    return locale.language if locale else "nl"


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
