"""Dutch by default, English on request; dates the Dutch way."""
from datetime import date, datetime
from functools import lru_cache

from babel import dates
from flask import current_app, g, has_request_context, request, session
from flask_babel import LazyString, get_locale, get_timezone, get_translations
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


def _translations():
    """The page's translations, found once per request and language instead of once per text: a
    list page translates a few hundred texts. Keyed by the locale Flask-Babel holds for this
    request, so that a PDF rendered under ``force_locale`` gets its own language."""
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    found = g.setdefault("_mda_translations", {})
    if locale is None or locale not in found:
        translations = get_translations()  # also settles the request's locale
        found[getattr(g.get("_flask_babel"), "babel_locale", None)] = translations
        return translations
    return found[locale]


@lru_cache(maxsize=4096)
def _formatted(value: date | datetime, pattern: str, locale, zone) -> str:
    """A day or a moment in the page's language and the Dutch time zone. A list shows the same few
    days many times; Babel builds each anew, so the result is kept (dates never change)."""
    if zone is None:
        return dates.format_date(value, pattern, locale=locale)
    return dates.format_datetime(value, pattern, tzinfo=zone, locale=locale)


def _day_text(value, pattern: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _formatted(value, pattern, get_locale(), None)


def init_app(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _translations().ugettext(text),
        ngettext=lambda text, plural, n: _translations().ungettext(text, plural, n),
        pgettext=lambda context, text: _translations().upgettext(context, text),
        npgettext=lambda context, text, plural, n: _translations().unpgettext(context, text, plural, n),
        newstyle=True)

    @app.template_filter("day")
    def _day(value) -> str:
        return _day_text(value, "d MMMM y")

    @app.template_filter("moment")
    def _moment(value) -> str:
        if value is None:
            return ""
        return _formatted(value, "d MMM y HH:mm", get_locale(), get_timezone())

    @app.template_filter("shortday")
    def _shortday(value) -> str:
        """A day in the short form ``moment`` uses, for what has a date but no time of day."""
        return _day_text(value, "d MMM y")

    @app.template_filter("isoday")
    def _isoday(value: date | None) -> str:
        return value.isoformat() if value else ""

    @app.context_processor
    def _language():
        return {"current_language": select_locale(), "request_path": request.path}
