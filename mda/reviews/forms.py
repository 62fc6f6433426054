"""Forms for a partner's score, the team score that closes a review, and a risk assessment."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError

from mda.core import clock
from mda.core.forms import WholeNumberField
from mda.labels import options
from mda.reviews.labels import RISK_INSTRUMENT
from mda.tasks.forms import RIHG_POINTS_TO_ORDER

SCORE_RANGE = _l("Enter a whole number from 0 to 10.")


def score_between_0_and_10(form, field):
    if field.data is None or not 0 <= field.data <= 10:
        field.errors.clear()  # one message of our own instead of the parser's
        raise StopValidation(SCORE_RANGE)


def required(message):
    def _check(form, field):
        if not (field.data or "").strip():
            field.errors.clear()
            raise StopValidation(message)
    return _check


class ScoreForm(FlaskForm):
    """A partner organisation's score (0: acute danger; 10: safe enough to close)."""
    score = WholeNumberField(_l("Safety score (0 to 10)"), validators=[score_between_0_and_10])
    rationale = TextAreaField(_l("Rationale"), validators=[
        required(_l("Explain your score in a few words.")), Length(max=2000)])
    version = HiddenField()


class CloseReviewForm(FlaskForm):
    """The multidisciplinary team score; ``review_version`` is the review's version, which every
    partner's score raises: a team score set without having seen a later score is refused."""
    team_score = WholeNumberField(_l("Team score (0 to 10)"), validators=[score_between_0_and_10])
    team_rationale = TextAreaField(_l("Rationale of the team score"), validators=[
        required(_l("Explain how the team arrived at this score.")), Length(max=5000)])
    review_version = HiddenField()


class OpenReviewForm(FlaskForm):
    """The button that opens a review."""


def _not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("This date cannot be in the future."))


class RiskAssessmentForm(FlaskForm):
    instrument = SelectField(_l("Instrument"), validators=[required(_l("Choose the instrument."))])
    assessed_on = DateField(_l("Date of the risk assessment"), default=date.today, validators=[_not_in_future])
    outcome = TextAreaField(_l("Outcome"), validators=[
        required(_l("Describe the outcome of the risk assessment.")), Length(max=5000)])
    points_to_restraining_order = BooleanField(RIHG_POINTS_TO_ORDER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument.choices = options([("", _l("Choose an instrument"))] + list(RISK_INSTRUMENT.items()))

    def validate_assessed_on(self, field):
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the date of the risk assessment."))

    def validate_points_to_restraining_order(self, field):
        if field.data and self.instrument.data != "rihg":
            raise ValidationError(_l("Only a RiHG can point to a temporary restraining order."))
