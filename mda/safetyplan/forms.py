"""Forms for the safety plan: the seven parts with their agreement rows, and the confirmation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, FieldList, Form, FormField, HiddenField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, ValidationError

from mda.core.forms import required_id
from mda.safetyplan.models import PLAN_PARTS

EMPTY_ROWS = 3
TEXT_LIMIT = 10000


class OptionalDateField(DateField):
    """A date that may be left empty; the row decides whether it is required."""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def _persons_of_the_family(form, field):
    allowed = {choice.value for choice in field.choices}
    if any(value not in allowed for value in field.data or ()):
        raise ValidationError(_l("Choose persons of this family."))


def not_for_field(label=_l("Not for")) -> SelectMultipleField:
    """The persons of the dossier whose family version leaves this part or agreement out."""
    return SelectMultipleField(label, coerce=required_id, validate_choice=False, validators=[_persons_of_the_family])


class AgreementRowForm(Form):
    """One safety agreement; a row left empty is ignored."""

    description = TextAreaField(_l("Agreement"), validators=[Length(max=2000)])
    responsible = SelectField(_l("Responsible"), validate_choice=False)
    due_on = OptionalDateField(_l("By (date)"), invalid_value_message=_l("Enter a valid date."))
    not_for = not_for_field()

    def is_empty(self) -> bool:
        typed_date = any((value or "").strip() for value in self.due_on.raw_data or ())
        return not (self.description.data or "").strip() and not self.responsible.data and not typed_date

    def validate_description(self, field):
        if not self.is_empty() and not (field.data or "").strip():
            raise ValidationError(_l("Describe what has been agreed."))

    def validate_responsible(self, field):
        if self.is_empty():
            return
        if not field.data:
            raise ValidationError(_l("Choose who is responsible for this agreement."))
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a partner on the team or a person of the family."))

    def validate_due_on(self, field):
        if not self.is_empty() and not field.data and not field.errors:
            raise ValidationError(_l("Enter the date by which this must be done."))


class SafetyPlanForm(FlaskForm):
    based_on = HiddenField()
    danger_statement = TextAreaField(_l("1. Current unsafe situation and biggest worry"), validators=[
        DataRequired(_l("Describe the current unsafe situation or the biggest worry.")),
        Length(max=TEXT_LIMIT)])
    danger_statement_not_for = not_for_field()
    safety_conditions = TextAreaField(_l("2. Safety conditions (what must be achieved)"),
                                      validators=[Length(max=TEXT_LIMIT)])
    safety_conditions_not_for = not_for_field()
    agreements = FieldList(FormField(AgreementRowForm), min_entries=0, max_entries=100)
    agreements_not_for = not_for_field(_l("Not for (all safety agreements)"))
    warning_signals = TextAreaField(_l("4. Warning signals"), validators=[Length(max=TEXT_LIMIT)])
    warning_signals_not_for = not_for_field()
    consequences = TextAreaField(_l("5. What happens when an agreement is kept or broken"),
                                 validators=[Length(max=TEXT_LIMIT)])
    consequences_not_for = not_for_field()
    network_support = TextAreaField(_l("6. Who from the network helps and checks"),
                                    validators=[Length(max=TEXT_LIMIT)])
    network_support_not_for = not_for_field()
    supervision = TextAreaField(_l("7. Who supervises, when it is evaluated and with whom"),
                                validators=[Length(max=TEXT_LIMIT)])
    supervision_not_for = not_for_field()
    internal_notes = TextAreaField(_l("Internal notes of the professionals"),
                                   validators=[Length(max=TEXT_LIMIT)])
    change_summary = StringField(_l("What changed in this version"), validators=[Length(max=500)])

    def filled_agreements(self) -> list[dict]:
        rows = []
        for row in self.agreements:
            if row.form.is_empty():
                continue
            kind, _, number = row.form.responsible.data.partition(":")
            rows.append({"description": row.form.description.data.strip(),
                         "organisation_id": int(number) if kind == "org" else None,
                         "person_id": int(number) if kind == "person" else None,
                         "due_on": row.form.due_on.data,
                         "not_for": list(row.form.not_for.data or ())})
        return rows

    def parts_not_for(self) -> dict[str, list[int]]:
        return {part: list(self[f"{part}_not_for"].data or ()) for part in PLAN_PARTS}

    def set_choices(self, responsible, persons) -> None:
        """Who can carry an agreement, and the persons a part or agreement can be withheld from."""
        for row in self.agreements:
            row.form.responsible.choices = responsible
            row.form.not_for.choices = persons
        for part in PLAN_PARTS:
            self[f"{part}_not_for"].choices = persons


class ConfirmForm(FlaskForm):
    version = HiddenField()


class ReopenForm(FlaskForm):
    """The case coordinator reopens the plan after a relapse; ``version`` is the one they saw."""
    version = HiddenField()
