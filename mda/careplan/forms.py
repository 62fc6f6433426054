"""Forms for care-plan goals, their interventions and evaluations, and trauma screenings."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from mda.careplan import vocabulary as words
from mda.core import clock
from mda.core.forms import IdSelectField, whole_number
from mda.labels import choices, options


def _date_required(message):
    def _check(form, field):
        if field.data is None:
            field.errors.clear()  # one message of our own instead of the parser's
            raise StopValidation(message)
    return _check


def _not_in_future(message):
    def _check(form, field):
        if field.data and field.data > clock.today():
            raise ValidationError(message)
    return _check


def _text_required(message):
    def _check(form, field):
        if not (field.data or "").strip():
            raise StopValidation(message)
    return _check


class WholeNumberField(StringField):
    """A whole number typed as text; ``number`` is None when left empty or not a number."""

    @property
    def number(self) -> int | None:
        return whole_number(self.data)


def _whole_number(form, field):
    if (field.data or "").strip() and whole_number(field.data) is None:
        raise StopValidation(_l("Enter a whole number."))


class GoalForm(FlaskForm):
    scope = RadioField(_l("The goal is for"), choices=choices(words.GOAL_SCOPE), default="person",
                       validate_choice=False)
    person_id = IdSelectField(_l("Person (for a goal for one person or a pair)"),
                              invalid_choice_message=_l("Choose a person from the dossier."))
    partner_id = IdSelectField(_l("Second person (for a goal for a pair)"),
                               invalid_choice_message=_l("Choose a person from the dossier."))
    kind = RadioField(_l("Kind of goal"), choices=choices(words.GOAL_KIND),
                      validators=[InputRequired(_l("Choose whether the goal is risk-driven or "
                                                   "recovery-oriented."))])
    risk_factor = SelectField(_l("Risk factor the goal removes"), validate_choice=False,
                              choices=options([("", _l("None (recovery-oriented goal)"))])
                              + choices(words.RISK_FACTOR))
    description = TextAreaField(_l("Goal"), validators=[
        _text_required(_l("Describe the goal.")), Length(max=5000)])
    health_related = BooleanField(_l("Health-related goal (for example treatment of addiction or "
                                     "psychiatric problems): only the case coordinator and care "
                                     "partners see its content"))
    evaluate_on = DateField(_l("Evaluation planned on"), validators=[Optional()])

    def validate_scope(self, field):
        if field.data not in words.GOAL_SCOPE:
            raise StopValidation(_l("Choose for whom the goal is: one person, two persons together or the family "
                                    "as a whole."))

    def validate_person_id(self, field):
        if self.scope.data == "family":
            field.data = None  # a goal for the family as a whole names nobody
        elif field.data is None:
            raise ValidationError(_l("Choose a person from the dossier."))

    def validate_partner_id(self, field):
        if self.scope.data != "pair":
            field.data = None  # only a pair has a second person
        elif field.data is None:
            raise ValidationError(_l("Choose the second person of the pair from the dossier."))
        elif field.data == self.person_id.data:
            raise ValidationError(_l("A goal for two persons names two different persons."))

    def validate_evaluate_on(self, field):
        if field.data is not None and field.data < clock.today():
            raise ValidationError(_l("The evaluation cannot be planned before today."))

    def validate_risk_factor(self, field):
        if field.data and field.data not in words.RISK_FACTOR:
            raise ValidationError(_l("Choose one of the listed risk factors."))
        if self.kind.data == "risk" and not field.data:
            raise ValidationError(_l("Name the risk factor that this risk-driven goal removes."))
        if self.kind.data == "recovery" and field.data:
            raise ValidationError(_l("A recovery-oriented goal has no risk factor; choose 'risk-driven' "
                                     "or leave the risk factor empty."))


class InterventionForm(FlaskForm):
    description = TextAreaField(_l("Intervention"), validators=[
        _text_required(_l("Describe the intervention.")), Length(max=2000)])
    organisation_id = IdSelectField(_l("Partner organisation that carries it out"))
    due_on = DateField(_l("Due date"), validators=[_date_required(_l("Enter the due date."))])

    def validate_organisation_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a partner organisation."))

    def validate_due_on(self, field):
        if field.data < clock.today():
            raise ValidationError(_l("The due date cannot be before today."))


class EvaluationForm(FlaskForm):
    evaluation = RadioField(_l("Result of the evaluation"), choices=choices(words.EVALUATION),
                            validators=[InputRequired(_l("Choose whether the goal was achieved."))])
    evaluation_note = TextAreaField(_l("Explanation"), validators=[
        _text_required(_l("Explain the evaluation in a few sentences.")), Length(max=5000)])
    evaluated_on = DateField(_l("Date of the evaluation"), default=date.today, validators=[
        _date_required(_l("Enter the date of the evaluation.")),
        _not_in_future(_l("The date of the evaluation cannot be in the future."))])
    version = HiddenField()


class ScreeningForm(FlaskForm):
    status = RadioField(_l("Screening"), choices=choices(words.RECORDED_STATUS),
                        validators=[InputRequired(_l("Choose whether the screening was done, refused or "
                                                     "postponed."))])
    screened_on = DateField(_l("Date"), default=date.today, validators=[
        _date_required(_l("Enter the date of the screening.")),
        _not_in_future(_l("The date of the screening cannot be in the future."))])
    instrument = SelectField(_l("Instrument"), validate_choice=False,
                             choices=options([("", _l("Choose an instrument"))]) + choices(words.INSTRUMENT))
    other_instrument = StringField(_l("Name of the other instrument"), validators=[Length(max=120)])
    other_cutoff = WholeNumberField(_l("Cut-off score of the other instrument"), validators=[_whole_number])
    score = WholeNumberField(_l("Total score"), validators=[_whole_number])
    band = SelectField(_l("KJTS outcome"), validate_choice=False, choices=options(
        [("", _l("Not applicable"))] + [(key, words.BAND[key]) for key in ("green", "yellow", "red")]))
    reason = TextAreaField(_l("Reason (when refused or postponed)"), validators=[Length(max=5000)])
    version = HiddenField()

    def validate_instrument(self, field):
        if field.data and field.data not in words.INSTRUMENT:
            raise ValidationError(_l("Choose one of the listed instruments."))

    def validate_reason(self, field):
        if self.status.data in ("refused", "postponed") and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason why the screening was refused or postponed."))
