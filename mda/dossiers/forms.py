"""Forms for dossiers, persons, signals, the team and notes."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField,
                     RadioField, SelectField, StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation, ValidationError

from mda import labels
from mda.core import clock
from mda.core.forms import CreateForm, IdSelectField
from mda.core.i18n import language
from mda.dossiers.identity import bsn_error, clean_bsn
from mda.engine.core import REASON_REQUIRED


def not_in_future(message):
    def _check(form, field):
        if field.data and field.data > clock.today():
            raise ValidationError(message)
    return _check


NOT_A_LISTED_SCHOOL = _l("Choose the child's school from the list: only a school or childcare of your region can "
                         "be recorded as a school.")
CALLOUT_TIME = _l("Enter the time of the police call-out: the school must have the signal before school starts.")
TIME_IN_FUTURE = _l("The time of the report cannot be in the future.")


def no_later_than_now(date_field: str, message):
    """A time of day that, on the day in ``date_field``, is not in the future."""
    def _check(form, field):
        day = form[date_field].data
        if field.data and day and datetime.combine(day, field.data) > clock.now().replace(tzinfo=None):
            raise ValidationError(message)
    return _check


def time_of_callout(callout_field: str):
    """A police call-out needs its time of day: the school's signal is due by it."""
    def _check(form, field):
        if form[callout_field].data and field.data is None:
            field.errors.clear()
            raise StopValidation(CALLOUT_TIME)
    return _check


class PersonFields:
    """The fields of one person, shared by the new-dossier rows and the person form."""

    name = StringField(_l("Name"), validators=[Length(max=160)])
    role = SelectField(_l("Role"),
                       choices=labels.options([("", _l("Choose a role"))]) + labels.choices(labels.PERSON_ROLE),
                       validate_choice=False)
    date_of_birth = DateField(_l("Date of birth"), validators=[
        Optional(), not_in_future(_l("A date of birth cannot be in the future."))])
    school_id = IdSelectField(_l("School or childcare"), invalid_choice_message=NOT_A_LISTED_SCHOOL)
    bsn = StringField(_l("BSN (optional)"), validators=[Length(max=20)])

    def validate_role(self, field):
        if field.data and field.data not in labels.PERSON_ROLE:
            raise ValidationError(_l("Choose one of the listed roles."))

    def validate_bsn(self, field):
        message = bsn_error(field.data)
        if message:
            raise ValidationError(message)

    def person_values(self) -> dict:
        """The person as the operations take it (the BSN's digits, or None)."""
        return {"name": (self.name.data or "").strip(), "role": self.role.data,
                "date_of_birth": self.date_of_birth.data, "school_id": self.school_id.data,
                "bsn": clean_bsn(self.bsn.data) or None}


class PersonRowForm(PersonFields, Form):
    """A row in the new-dossier form; a row left empty is ignored."""

    def is_empty(self) -> bool:
        return (not (self.name.data or "").strip() and not self.role.data and not self.date_of_birth.data
                and self.school_id.data is None and not (self.bsn.data or "").strip())

    def validate_name(self, field):
        if not self.is_empty() and not (field.data or "").strip():
            raise ValidationError(_l("Enter the person's name."))

    def validate_role(self, field):
        super().validate_role(field)
        if not self.is_empty() and not field.data:
            raise ValidationError(_l("Choose the person's role."))


class SignalFields:
    reported_on = DateField(_l("Date of the report"), validators=[
        DataRequired(_l("Enter the date of the report.")),
        not_in_future(_l("The date of the report cannot be in the future."))])
    reported_time = TimeField(_l("Time"), validators=[
        time_of_callout("police_callout"), Optional(), no_later_than_now("reported_on", TIME_IN_FUTURE)])
    reporter_kind = SelectField(_l("Reported by"), choices=labels.choices(labels.REPORTER_KIND))
    reporter_organisation_id = IdSelectField(_l("Reporting organisation"))
    violence_type = SelectField(_l("Type of violence"), choices=labels.choices(labels.VIOLENCE_TYPE))
    acute = BooleanField(_l("Acute unsafety"))
    police_callout = BooleanField(_l("Police were called out"))
    description = TextAreaField(_l("What was reported"), validators=[Length(max=5000)])


class NewDossierForm(SignalFields, CreateForm):
    reference = StringField(_l("Family reference"), validators=[
        DataRequired(_l("Enter a family reference.")), Length(max=120)])
    summary = TextAreaField(_l("Biggest concern"), validators=[Length(max=5000)])
    persons = FieldList(FormField(PersonRowForm), min_entries=4, max_entries=12)
    # Asked only when the radar finds persons of the family in another dossier or application.
    second_dossier = BooleanField(_l("This is another family, or a second dossier is needed: open it anyway"))

    def validate_persons(self, field):
        if all(row.form.is_empty() for row in field):
            raise ValidationError(_l("Add at least one person."))


class EditDossierForm(FlaskForm):
    reference = StringField(_l("Family reference"), validators=[
        DataRequired(_l("Enter a family reference.")), Length(max=120)])
    summary = TextAreaField(_l("Biggest concern"), validators=[Length(max=5000)])
    version = HiddenField()


class PersonForm(PersonFields, CreateForm):
    version = HiddenField()

    def validate_name(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the person's name."))

    def validate_role(self, field):
        super().validate_role(field)
        if not field.data:
            raise ValidationError(_l("Choose the person's role."))


class SignalForm(SignalFields, CreateForm):
    pass


class TeamMemberForm(FlaskForm):
    organisation_id = IdSelectField(_l("Partner organisation"),
                                    validators=[InputRequired(_l("Choose a partner organisation."))])
    team_role = SelectField(_l("Role in the team"), choices=labels.options(
        [("", _l("The usual role of this kind of organisation"))] + list(labels.TEAM_ROLE.items())))
    legal_basis = SelectField(_l("Legal basis for sharing"), choices=labels.choices(labels.LEGAL_BASIS))


class EndMembershipForm(FlaskForm):
    """Ends a partner's membership of the team, or withdraws its invitation; a reason is required."""
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])

    def validate_reason(self, field):
        if not (field.data or "").strip():
            raise ValidationError(REASON_REQUIRED.text(language()))


class NoteForm(CreateForm):
    kind = RadioField(_l("This note records"), choices=labels.choices(labels.NOTE_KIND), validators=[
        InputRequired(_l("Say whether this is a fact, an opinion or the family's own view."))])
    person_id = IdSelectField(_l("About"))
    body = TextAreaField(_l("Note"), validators=[
        DataRequired(_l("Write the note.")), Length(max=10000)])
    health_information = BooleanField(_l("This note holds health information (for example a treatment, "
                                         "a diagnosis or an addiction): only the case coordinator and care "
                                         "partners see it"))




class StatementForm(CreateForm):
    person_id = IdSelectField(_l("Whose statement"),
                              validators=[InputRequired(_l("Choose the person whose statement this is."))])
    note_id = IdSelectField(_l("Next to which note (optional)"))
    body = TextAreaField(_l("The statement, in the person's own words"), validators=[
        DataRequired(_l("Write down the statement.")), Length(max=10000)])
