"""Forms of the administration pages."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, ValidationError


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ClosedDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the closed day."))])
    description = StringField(_l("Description"), filters=[_strip], validators=[
        DataRequired(_l("Say why the region is closed on this day.")), Length(max=200)])

    def validate_day(self, field):
        if field.data < date.today():
            raise ValidationError(_l("A closed day cannot be in the past."))
