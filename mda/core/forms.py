"""Forms that every page can show, and the fields every form uses for ids and whole numbers."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError

from mda.core.inputs import parse_id

CHOOSE_LISTED = _l("Choose one of the listed options.")
WHOLE_NUMBER = _l("Enter a whole number.")
CHANGED_FORM = _l("This form was changed outside the page. Reload the page and try again.")
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")


def optional_id(value) -> int | None:
    """An id chosen in a form, or None when none was chosen; a ValueError for what is no id."""
    if value in (None, "", "None"):
        return None
    number = parse_id(value)
    if number is None:
        raise ValueError(CHOOSE_LISTED)
    return number


def required_id(value) -> int:
    number = optional_id(value)
    if number is None:
        raise ValueError(CHOOSE_LISTED)
    return number


def whole_number(text) -> int | None:
    """The whole number typed (ASCII digits, an optional minus sign, at most 9 digits), else None."""
    text = (text or "").strip()
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


class _StopOnInvalidChoice:
    """The server accepts only the choices the view offered (set before validation); a crafted
    value is refused with one message, and the field's own checks are not run on it."""

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise StopValidation(str(error)) from error


class IdSelectField(_StopOnInvalidChoice, SelectField):
    """A choice of a row by id (an empty choice gives None)."""

    def __init__(self, label=None, validators=None, invalid_choice_message=CHOOSE_LISTED, **kwargs):
        super().__init__(label, validators, coerce=optional_id, invalid_value_message=CHOOSE_LISTED,
                         invalid_choice_message=invalid_choice_message, **kwargs)


class IdSelectMultipleField(_StopOnInvalidChoice, SelectMultipleField):
    """A choice of rows by id."""

    def __init__(self, label=None, validators=None, invalid_choice_message=CHOOSE_LISTED, **kwargs):
        super().__init__(label, validators, coerce=required_id, invalid_value_message=CHOOSE_LISTED,
                         invalid_choice_message=invalid_choice_message, **kwargs)


class IdHiddenField(HiddenField):
    """A row's id carried by the page; what is no id is an error of the form, None when empty."""

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = optional_id(valuelist[0])
            except ValueError as error:
                self.data = None
                raise ValueError(CHANGED_FORM) from error

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class WholeNumberField(IntegerField):
    """A whole number in ASCII digits; anything else (``²``, ``--5``, a huge number) is no number."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = whole_number(valuelist[0])
            if self.data is None:
                raise ValueError(WHOLE_NUMBER)


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
