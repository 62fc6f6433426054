"""Forms of the inbox: how a user hears of each kind, and the region's digest time."""
import re
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from mda.core.i18n import language
from mda.labels import options
from workflows import DELIVERIES, NOTIFICATION_KINDS

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PreferencesForm(FlaskForm):
    """One choice per kind (its field is named after the kind), and the user's own address."""
    email = EmailField(_l("Your e-mail address"), filters=[_strip], validators=[
        Optional(), Length(max=254),
        Regexp(ADDRESS, message=_l("Enter an e-mail address such as name@example.org."))])

    @classmethod
    def build(cls, formdata=None, **values) -> "PreferencesForm":
        lang = language()
        fields = {kind: RadioField(spec.label.text(lang), choices=options(
            (delivery, label.text(lang)) for delivery, label in DELIVERIES.items()),
            validators=[InputRequired(_l("Choose how you want to hear of this."))])
            for kind, spec in NOTIFICATION_KINDS.items()}
        form_class = type("BoundPreferencesForm", (cls,), fields)
        return form_class(formdata=formdata, **values) if formdata is not None else form_class(**values)

    def choices(self) -> dict[str, str]:
        return {kind: self[kind].data for kind in NOTIFICATION_KINDS}


def parse_time(text: str) -> time | None:
    """``07:30`` (or ``7.30``) as a time of day; None for a time that does not exist."""
    match = TIME.match((text or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


class DigestTimeForm(FlaskForm):
    digest_time = StringField(_l("Time of the daily digest"), filters=[_strip], validators=[
        InputRequired(_l("Enter a time such as 07:30."))])

    def validate_digest_time(self, field):
        if parse_time(field.data) is None:
            raise ValidationError(_l("%(value)s is not a time of day. Enter a time from 00:00 to 23:59, "
                                     "such as 07:30.", value=field.data))
