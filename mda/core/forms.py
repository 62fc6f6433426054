"""Forms that every page can show, and the one-time token of the forms that create things."""
import secrets

from flask import abort, flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.validators import Length

from mda.core.models import FormSubmission
from mda.extensions import db


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
