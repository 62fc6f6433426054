"""Forms for planning a case conference, attendance, and the minutes with their decisions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField, RadioField, SelectField,
                     StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from mda.conferences.vocabulary import DECISION_KIND, PLAN
from mda.core.forms import IdHiddenField, IdSelectField, IdSelectMultipleField
from mda.labels import options


class PersonInvitationForm(Form):
    person_id = IdHiddenField()
    invited = RadioField(_l("Invited"), choices=options([("yes", _l("Invited")), ("no", _l("Not invited"))]),
                         validators=[InputRequired(_l("Say whether this person is invited."))])
    reason = StringField(_l("Reason for not inviting"), validators=[Length(max=500)])

    def validate_reason(self, field):
        if self.invited.data == "no" and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason why this person is not invited."))


class ConferenceForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the case conference."))])
    starts_at = TimeField(_l("Starts at"), validators=[DataRequired(_l("Enter the starting time."))])
    ends_at = TimeField(_l("Ends at"), validators=[DataRequired(_l("Enter the end time."))])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    video_link = StringField(_l("Video link"), validators=[Length(max=500)])
    partner_ids = IdSelectMultipleField(
        _l("Invited partners"), invalid_choice_message=_l("Only partners on this family's team can be invited."))
    persons = FieldList(FormField(PersonInvitationForm), max_entries=20)
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=5000)])
    version = HiddenField()

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end time must be after the starting time."))


class AttendanceForm(FlaskForm):
    attended = IdSelectMultipleField(_l("Present"))
    version = HiddenField()


class DecisionRowForm(Form):
    decision_id = IdHiddenField()
    kind = SelectField(_l("Kind of decision"), choices=options(DECISION_KIND.items()), validate_choice=False)
    text = TextAreaField(_l("Decision"), validators=[Length(max=2000)])
    organisation_id = IdSelectField(_l("Partner (for a task)"),
                                    invalid_choice_message=_l("A task can only go to an active partner on the team."))
    due_on = DateField(_l("By (for a task)"), validators=[Optional()])
    plan = SelectField(_l("Plan (for a proposal)"),
                       choices=options([("", _l("Not applicable"))]) + options(PLAN.items()), validate_choice=False)
    health_related = BooleanField(_l("Health-related (only the case coordinator and care partners see it)"))

    def is_empty(self) -> bool:
        return not (self.text.data or "").strip()

    def validate_kind(self, field):
        if not self.is_empty() and field.data not in DECISION_KIND:
            raise ValidationError(_l("Choose the kind of decision."))

    def validate_organisation_id(self, field):
        if not self.is_empty() and self.kind.data == "task" and field.data is None:
            raise ValidationError(_l("Choose the partner that carries out the task."))

    def validate_due_on(self, field):
        if not self.is_empty() and self.kind.data == "task" and field.data is None:
            raise ValidationError(_l("Enter the date by which the task is done."))

    def validate_plan(self, field):
        if not self.is_empty() and self.kind.data == "proposal" and field.data not in PLAN:
            raise ValidationError(_l("Choose the plan the proposal changes."))


class MinutesForm(FlaskForm):
    body = TextAreaField(_l("Minutes"), validators=[DataRequired(_l("Write the minutes.")), Length(max=20000)])
    health_body = TextAreaField(_l("Health matters (only the case coordinator and care partners see this part)"),
                                validators=[Length(max=20000)])
    decisions = FieldList(FormField(DecisionRowForm), min_entries=3, max_entries=30)
    version = HiddenField()

    def decision_values(self) -> list[dict]:
        return [{"decision_id": row.form.decision_id.data, "kind": row.form.kind.data,
                 "text": row.form.text.data.strip(), "organisation_id": row.form.organisation_id.data,
                 "due_on": row.form.due_on.data, "plan": row.form.plan.data or "",
                 "health_related": bool(row.form.health_related.data)}
                for row in self.decisions if not row.form.is_empty()]


class ApproveForm(FlaskForm):
    version = HiddenField()


class CorrectionForm(FlaskForm):
    reason = TextAreaField(_l("What is corrected, and why"), validators=[
        DataRequired(_l("Give the reason for the correction.")), Length(max=2000)])
