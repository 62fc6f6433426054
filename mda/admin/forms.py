"""Forms of the administration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from mda.core import clock
from mda.labels import ORGANISATION_KIND, options
from mda.orgs.models import NON_TEAM_KINDS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ClosedDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the closed day."))])
    description = StringField(_l("Description"), filters=[_strip], validators=[
        DataRequired(_l("Say why the region is closed on this day.")), Length(max=200)])

    def validate_day(self, field):
        if field.data < clock.today():
            raise ValidationError(_l("A closed day cannot be in the past."))


class EmergencySettingsForm(FlaskForm):
    """The region's rules for emergency access (break the glass)."""
    kinds = SelectMultipleField(_l("Organisations whose staff may use emergency access"), choices=options(
        (kind, label) for kind, label in ORGANISATION_KIND.items() if kind not in NON_TEAM_KINDS))
    hours = IntegerField(_l("Hours an emergency access lasts"), validators=[
        InputRequired(_l("Enter a number of hours from 1 to 24.")),
        NumberRange(1, 24, _l("Enter a number of hours from 1 to 24."))])
    cooldown_hours = IntegerField(_l("Hours before the same user may ask again for the same dossier"), validators=[
        InputRequired(_l("Enter a number of hours from 0 to 720.")),
        NumberRange(0, 720, _l("Enter a number of hours from 0 to 720."))])


class ReviewSettingsForm(FlaskForm):
    """The region's rules for safety-score reviews."""
    partner_minimum = IntegerField(_l("Partner scores a team score needs"), validators=[
        InputRequired(_l("Enter a number of organisations from 1 to 10.")),
        NumberRange(1, 10, _l("Enter a number of organisations from 1 to 10."))])
    closing_gap_days = IntegerField(_l("Days between the two reviews that allow closing"), validators=[
        InputRequired(_l("Enter a number of days from 14 to 365.")),
        NumberRange(14, 365, _l("Enter a number of days from 14 to 365."))])


class SchoolHolidayForm(FlaskForm):
    """A school holiday of the region: a Handle with Care signal waits for the first school day after it."""
    name = StringField(_l("Name"), filters=[_strip], validators=[
        DataRequired(_l("Give the school holiday a name, for example Herfstvakantie.")), Length(max=120)])
    first_day = DateField(_l("First day"), validators=[DataRequired(_l("Enter the first day of the holiday."))])
    last_day = DateField(_l("Last day"), validators=[DataRequired(_l("Enter the last day of the holiday."))])


class SchoolStartForm(FlaskForm):
    """When school starts on a school day in the region."""
    starts_at = TimeField(_l("School starts at"), validators=[
        InputRequired(_l("Enter the time school starts, for example 08:30."))])
