"""Forms for a partner's score, the team score that closes a review, a risk assessment with its
instrument's items, and the decisions on a temporary restraining order."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from functools import cache

from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, StopValidation, ValidationError

from mda.core import clock
from mda.core.forms import IdSelectField, WholeNumberField
from mda.core.i18n import lazy_label
from mda.labels import choices, options
from mda.reviews.labels import ANSWER_LABELS, RISK_INSTRUMENT, RISK_LEVEL
from workflows import RISK_INSTRUMENTS

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


def _count(form, field):
    text = (field.data or "").strip()
    if text and not (text.isascii() and text.isdigit()):
        raise StopValidation(_l("Enter a whole number of 0 or more."))


class InstrumentChoiceForm(FlaskForm):
    """The first step: which instrument (a GET form: it only chooses which items to show)."""
    class Meta:
        csrf = False

    instrument = SelectField(_l("Instrument"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument.choices = options([("", _l("Choose an instrument"))] + list(RISK_INSTRUMENT.items()))


class RiskAssessmentForm(FlaskForm):
    """A risk assessment with one instrument: its items (``item_<question>`` fields, added per
    instrument by ``risk_assessment_form``), the resulting risk level and the summary."""
    instrument = HiddenField()
    assessed_on = DateField(_l("Date of the risk assessment"), default=date.today, validators=[_not_in_future])
    level = RadioField(_l("Resulting risk level"), choices=choices(RISK_LEVEL),
                       validators=[InputRequired(_l("Choose the resulting risk level."))])
    outcome = TextAreaField(_l("Summary"), validators=[
        required(_l("Describe the outcome of the risk assessment.")), Length(max=5000)])

    def validate_assessed_on(self, field):
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the date of the risk assessment."))

    def answers(self) -> dict[str, str]:
        """The answers given, by question code (an empty one left out)."""
        return {name[len(ITEM):]: (field.data or "").strip() for name, field in self._fields.items()
                if name.startswith(ITEM) and (field.data or "").strip()}

    def item_field(self, question):
        return self[ITEM + question.code]


ITEM = "item_"


@cache
def risk_assessment_form(code: str) -> type[RiskAssessmentForm]:
    """The form of instrument ``code``: a field for each question of its items."""
    fields = {}
    for question in RISK_INSTRUMENTS[code].questions:
        label = lazy_label(question.label, capitalised=True)
        if question.is_count:
            fields[ITEM + question.code] = StringField(label, validators=[_count])
        else:
            fields[ITEM + question.code] = RadioField(
                label, validate_choice=False,
                choices=options((answer, lazy_label(ANSWER_LABELS[answer], capitalised=True))
                                for answer in question.answers))
    return type(f"RiskAssessmentForm_{code}", (RiskAssessmentForm,), fields)


class OrderForm(FlaskForm):
    """The mayor imposed a temporary restraining order: on which day, and against whom."""
    person_id = IdSelectField(_l("Against whom"), invalid_choice_message=_l("Choose a person from the dossier."))
    imposed_on = DateField(_l("Imposed on"), validators=[_not_in_future])

    def validate_imposed_on(self, field):
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the day the restraining order was imposed."))


def _decided_on(form, field):
    if field.data is None:
        field.errors.clear()
        raise StopValidation(_l("Enter the day of the decision."))


class ExtendOrderForm(FlaskForm):
    ends_on = DateField(_l("Extended until"))
    decided_on = DateField(_l("Day of the decision"), default=date.today, validators=[_decided_on, _not_in_future])
    version = HiddenField()

    def validate_ends_on(self, field):
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the day until which the restraining order was extended."))


class LiftOrderForm(FlaskForm):
    reason = TextAreaField(_l("Why was it withdrawn?"), validators=[
        required(_l("Say why the restraining order was withdrawn.")), Length(max=2000)])
    decided_on = DateField(_l("Day of the decision"), default=date.today, validators=[_decided_on, _not_in_future])
    version = HiddenField()
