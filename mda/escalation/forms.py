"""Forms of escalation: escalating by hand, and what those at its level do with it."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from mda.core.forms import IdSelectField
from mda.labels import options
from workflows import RUNGS

REASON = _l("Reason for escalating")
QUESTION = _l("Question for the steering group")
QUESTION_HELP = _l("When the escalation goes to the regional steering group: what should it decide?")


def level_choices(ladder, lang: str, above: int = 0):
    """The levels of the region's ladder (those above ``above``), named by who acts on them."""
    return options((str(number), _l("Level %(number)d: %(who)s", number=number, who=RUNGS[rung.who].text(lang)))
                   for number, rung in enumerate(ladder, start=1) if number > above)


class EscalateForm(FlaskForm):
    level = SelectField(_l("Level"), validators=[DataRequired(_l("Choose the level to escalate to."))])
    reason = TextAreaField(REASON, validators=[
        DataRequired(_l("Say why you escalate: what does not move, and what has been tried.")), Length(max=4000)])
    question = TextAreaField(QUESTION, validators=[Length(max=2000)])


class MoveUpForm(FlaskForm):
    reason = TextAreaField(_l("Why it goes to the next level"), validators=[
        DataRequired(_l("Say why the escalation goes to the next level.")), Length(max=4000)])
    question = TextAreaField(QUESTION, validators=[Length(max=2000)])
    version = HiddenField()


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why the escalation is withdrawn"), validators=[
        DataRequired(_l("Say why the escalation is withdrawn.")), Length(max=4000)])
    version = HiddenField()


class DecisionTaskForm(Form):
    organisation_id = IdSelectField(_l("Partner"),
                                    invalid_choice_message=_l("A task can only go to an active partner on the team."))
    text = StringField(_l("What is to be done"), validators=[Length(max=250)])
    due_on = DateField(_l("By"), validators=[Optional()])

    def is_empty(self) -> bool:
        return not (self.text.data or "").strip() and self.organisation_id.data is None

    def validate_text(self, field):
        if not self.is_empty() and not (field.data or "").strip():
            raise ValidationError(_l("Say what is to be done."))

    def validate_organisation_id(self, field):
        if not self.is_empty() and field.data is None:
            raise ValidationError(_l("Choose the partner that does it."))

    def validate_due_on(self, field):
        if not self.is_empty() and field.data is None:
            raise ValidationError(_l("Enter the date by which it is done."))


class DecisionForm(FlaskForm):
    decision = TextAreaField(_l("Decision"), validators=[
        DataRequired(_l("Write down the decision: what happens now, and who does it.")), Length(max=4000)])
    tasks = FieldList(FormField(DecisionTaskForm), min_entries=3, max_entries=10)
    version = HiddenField()

    def set_partners(self, partners) -> None:
        choices = options([(None, _l("No task"))] + [(org.id, org.name) for org in partners])
        for row in self.tasks:
            row.form.organisation_id.choices = choices

    def task_values(self) -> list[dict]:
        return [{"organisation_id": row.form.organisation_id.data, "text": row.form.text.data.strip(),
                 "due_on": row.form.due_on.data} for row in self.tasks if not row.form.is_empty()]
