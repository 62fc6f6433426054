"""Forms that every page can show."""
from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    lang = HiddenField()
    next = HiddenField()


class PostOnlyForm(FlaskForm):
    """An empty form that carries the CSRF token of a button (log out)."""


def field_messages(field) -> list[str]:
    """The field's own messages (a list of rows also carries its rows' errors: those are skipped)."""
    errors = field.errors if isinstance(field.errors, (list, tuple)) else []
    return [str(message) for message in errors if not isinstance(message, (list, dict))]


def form_errors(form) -> list[tuple[str, str, str]]:
    """Every error of a form, nested rows included, as (field id, label, message)."""
    found = []

    def walk(fields):
        for field in fields:
            found.extend((field.id, str(field.label.text), message) for message in field_messages(field))
            if hasattr(field, "entries"):
                walk(field.entries)
            elif hasattr(field, "form") and hasattr(field.form, "_fields"):
                walk(field.form)

    walk(form)
    return found
