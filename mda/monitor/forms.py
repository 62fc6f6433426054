"""The monitor's period and team-organisation choice: a GET form, it only chooses what to show."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired

from mda.core.forms import optional_id


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("First day"), validators=[InputRequired(_l("Enter the first day of the period."))])
    end = DateField(_l("Last day"), validators=[InputRequired(_l("Enter the last day of the period."))])
    organisation = SelectField(_l("Team organisation"), coerce=optional_id, validate_choice=False)
