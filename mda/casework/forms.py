"""Forms for the workflow steps on a dossier."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from mda.core import clock
from mda.labels import options
from workflows.vocabulary import ASSESSMENT_OUTCOMES, ASSESSMENT_ROUTES


def _not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("This date cannot be in the future."))


class StepForm(FlaskForm):
    event = HiddenField()
    version = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])


class AssessmentForm(FlaskForm):
    outcome = RadioField(_l("Outcome of the safety assessment"),
                         validators=[InputRequired(_l("Choose the outcome of the assessment."))])
    route = SelectField(_l("Route after the assessment"))
    assessed_on = DateField(_l("Date of the assessment"), default=date.today, validators=[
        DataRequired(_l("Enter the date of the assessment.")), _not_in_future])
    explanation = TextAreaField(_l("Explanation"), validators=[
        DataRequired(_l("Explain the assessment in a few sentences.")), Length(max=5000)])

    def set_choices(self, lang: str) -> None:
        self.outcome.choices = options((code, label.text(lang)) for code, label in ASSESSMENT_OUTCOMES.items())
        self.route.choices = options((code, label.text(lang)) for code, label in ASSESSMENT_ROUTES.items())


def _in_future(form, field):
    if field.data and field.data <= clock.today():
        raise ValidationError(_l("A legal hold must last until a date after today."))


class LegalHoldForm(FlaskForm):
    until = DateField(_l("Keep the dossier at least until"), validators=[
        DataRequired(_l("Enter the date until which the dossier must be kept.")), _in_future])
    reason = TextAreaField(_l("Reason for the legal hold"), validators=[
        DataRequired(_l("Give the reason, for example: until the youngest child turns 18.")), Length(max=2000)])
    version = HiddenField()
