"""Forms of the handover of zicht op veiligheid and of the decision on reopening."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from mda.core import clock
from mda.core.forms import IdSelectField
from mda.labels import options
from workflows.vocabulary import MONITORING_FREQUENCIES


def _after_today(form, field):
    if field.data and field.data <= clock.today():
        raise ValidationError(_l("The monitoring agreement must run until a date after today."))


class HandoverForm(FlaskForm):
    organisation_id = IdSelectField(_l("Organisation that keeps watch over safety"),
                                    validators=[InputRequired(_l("Choose an organisation."))])
    watches = TextAreaField(_l("What it keeps an eye on"), validators=[
        DataRequired(_l("Describe what the organisation keeps an eye on.")), Length(max=2000)])
    frequency = SelectField(_l("How often it looks"), validators=[
        DataRequired(_l("Choose how often the organisation looks."))])
    until = DateField(_l("Until"), validators=[DataRequired(_l("Enter the date until which it keeps watch.")),
                                               _after_today])

    def set_choices(self, organisations, lang: str) -> None:
        self.organisation_id.choices = options([(None, _l("Choose an organisation"))]
                                               + [(org.id, org.name) for org in organisations])
        self.frequency.choices = options([("", _l("Choose how often"))] + [
            (code, label.text(lang)) for code, label in MONITORING_FREQUENCIES.items()])


class AcceptForm(FlaskForm):
    version = HiddenField()


class DeclineForm(FlaskForm):
    decline_reason = TextAreaField(_l("Why your organisation declines"), validators=[
        DataRequired(_l("Say why your organisation declines, so the case coordinator can ask another partner.")),
        Length(max=2000)])
    version = HiddenField()


class WithdrawForm(FlaskForm):
    withdraw_reason = TextAreaField(_l("Why the handover is withdrawn"), validators=[
        DataRequired(_l("Say why the handover is withdrawn.")), Length(max=2000)])
    version = HiddenField()


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=options([
        ("reopen", _l("Reopen the case: back to phase 1, with its history")),
        ("keep_closed", _l("Keep the case closed"))]),
        validators=[InputRequired(_l("Choose whether the case is reopened."))])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Give the reason for the decision.")), Length(max=4000)])
    version = HiddenField()
