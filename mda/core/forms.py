"""Forms that every page can show, the fields every form uses for ids and whole numbers, and the
one-time token of the forms that create things."""
import re
import secrets
from datetime import date, datetime, time, timedelta, timezone

from flask import abort, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import Length, StopValidation, ValidationError

from mda.core import clock
from mda.core.inputs import parse_id
from mda.core.models import FormSubmission
from mda.extensions import db

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


class CreateForm(FlaskForm):
    """A form that creates something. Its one-time token makes a double submit create it once:
    the view asks ``first_submission`` before creating and calls ``submitted`` after."""
    once = HiddenField(default=lambda: secrets.token_urlsafe(24), validators=[Length(max=64)])


def first_submission(form: CreateForm, user) -> str | None:
    """Claims the form's token in this request's transaction. None: its first submission, go on.
    A URL: the same form was sent before; nothing is created again, show that result. A request
    sending the token at the same moment waits for the first one's commit, then gets its URL."""
    token = (form.once.data or "").strip()
    if not token:
        abort(400)  # a browser always sends the token the form was shown with
    earlier = db.session.scalar(select(FormSubmission).where(FormSubmission.token == token))
    if earlier is None:
        claim = FormSubmission(token=token, user_id=user.id)
        try:
            with db.session.begin_nested():
                db.session.add(claim)
        except IntegrityError:
            earlier = db.session.scalar(select(FormSubmission).where(FormSubmission.token == token))
        else:
            form.claim = claim
            return None
    if earlier is None or earlier.user_id != user.id or not earlier.result_url:
        abort(400)  # someone else's token, or a claim whose request failed: nothing to show
    flash(_("This form had already been sent; it has been saved once."), "info")
    return earlier.result_url


def submitted(form: CreateForm, result_url: str) -> str:
    """Records where the first submission's result is shown; returns that URL."""
    form.claim.result_url = result_url[:500]
    return result_url


TOKENS_KEPT = timedelta(days=2)  # far longer than a form can be sent (its CSRF token lasts 8 hours)


def purge_form_tokens(today: date) -> int:
    """Drops the one-time tokens of forms that can no longer be sent; returns how many."""
    before = datetime.combine(today - TOKENS_KEPT, time(), tzinfo=clock.ZONE).astimezone(timezone.utc)
    return db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < before)).rowcount
