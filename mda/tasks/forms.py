"""Forms for the steps on a task and the answer to a team invitation.

Every step form carries the step (``event``) and the task's version; a required reason or result
is checked with the engine's own wording, so the form and the engine refuse in the same words.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, HiddenField, RadioField, TextAreaField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from mda.core import clock
from mda.core.forms import CHANGED_FORM, IdSelectField
from mda.core.i18n import language
from mda.engine.core import REASON_REQUIRED
from mda.tasks.lifecycle import RESULT_REQUIRED
from mda.labels import options
from workflows import FOLLOW_UP_ROUTES
from workflows.vocabulary import ASSESSMENT_ROUTES

def required(reason):
    """Refuses an empty field with the engine's ``Reason`` text."""
    def _check(form, field):
        if not (field.data or "").strip():
            raise StopValidation(reason.text(language()))
    return _check


class StepForm(FlaskForm):
    event = HiddenField()
    version = HiddenField()

    def unique_ids(self, prefix: str) -> "StepForm":
        """Gives every field an id of its own, as a page shows one form per step."""
        for field in self:
            field.id = f"{prefix}-{field.name}"
        return self

    def typed(self) -> list[tuple[str, str]]:
        """What the user entered, as (label, text), to show when the step was not saved."""
        return [(str(field.label.text), str(field.data)) for field in self
                if field.type in ("TextAreaField", "StringField") and (field.data or "").strip()]


class AcceptForm(StepForm):
    pass


class CompleteForm(StepForm):
    result = TextAreaField(_l("Result"), validators=[required(RESULT_REQUIRED), Length(max=5000)])


class RestrainingOrderForm(CompleteForm):
    """Completing "consider a huisverbod" records whether the mayor imposed it, and from when."""
    imposed = RadioField(_l("Decision"), choices=options([("yes", _l("A temporary restraining order was imposed")),
                                                           ("no", _l("No temporary restraining order"))]),
                         validate_choice=False)
    imposed_on = DateField(_l("Imposed on"))

    def validate_imposed(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Choose whether a temporary restraining order was imposed."))

    def validate_imposed_on(self, field):
        if self.imposed.data != "yes":
            field.errors.clear()  # the date only counts when an order was imposed
            field.data = None
            return
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the day the restraining order was imposed."))
        if field.data > clock.today():
            raise ValidationError(_l("The day it was imposed cannot be in the future."))


class ExtensionForm(CompleteForm):
    """Completing "decide on extending the huisverbod" records whether the mayor extended it, and
    until when: the order on the dossier's front runs until then."""
    extended = RadioField(_l("Decision"), choices=options([("yes", _l("The restraining order was extended")),
                                                            ("no", _l("The restraining order was not extended"))]),
                          validate_choice=False)
    ends_on = DateField(_l("Extended until"))

    def validate_extended(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Choose whether the restraining order was extended."))

    def validate_ends_on(self, field):
        if self.extended.data != "yes":
            field.errors.clear()  # the date only counts when it was extended
            field.data = None
            return
        if field.data is None:
            field.errors.clear()
            raise StopValidation(_l("Enter the day until which the restraining order was extended."))


class InvestigationForm(CompleteForm):
    """Completing Veilig Thuis's investigation says what follows it: the reporters are told that,
    and who took the case over, never what was found."""
    follow_up = RadioField(_l("What follows the investigation"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = language()
        self.follow_up.choices = options((route, ASSESSMENT_ROUTES[route].text(lang)) for route in FOLLOW_UP_ROUTES)

    def validate_follow_up(self, field):
        if field.data not in FOLLOW_UP_ROUTES:
            raise ValidationError(_l("Choose what follows the investigation; the reporters are told."))


class DeclineForm(StepForm):
    reason = TextAreaField(_l("Why does your organisation decline this task?"),
                           validators=[required(REASON_REQUIRED), Length(max=5000)])


class CancelForm(StepForm):
    reason = TextAreaField(_l("Why is this task cancelled?"),
                           validators=[required(REASON_REQUIRED), Length(max=5000)])


class ReassignForm(StepForm):
    organisation_id = IdSelectField(_l("Partner organisation"),
                                    invalid_choice_message=_l("Choose one of the organisations on the team."))
    due_on = DateField(_l("New due date"))

    def validate_organisation_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a partner organisation."))

    def validate_due_on(self, field):
        if field.data is None:
            field.errors.clear()  # one message of our own instead of the parser's
            raise StopValidation(_l("Enter the new due date."))
        if field.data < clock.today():
            raise ValidationError(_l("The due date cannot be before today."))


STEP_FORMS = {
    "accept": AcceptForm, "confirm": AcceptForm, "complete": CompleteForm, "decline": DeclineForm,
    "reassign": ReassignForm, "cancel": CancelForm,
}


def step_form_class(event: str, task) -> type[StepForm]:
    if event == "complete" and task.kind == "investigation":
        return InvestigationForm
    if event == "complete" and task.kind == "restraining_order" and task.dedupe_key.startswith("restraining_order:"):
        return RestrainingOrderForm
    if event == "complete" and task.kind == "restraining_order" and task.dedupe_key.startswith(
            "restraining_order_extension:"):
        return ExtensionForm
    return STEP_FORMS.get(event, StepForm)


class InvitationForm(FlaskForm):
    """Accept or decline an invitation to a team; the button pressed gives ``event``."""
    reason = TextAreaField(_l("Reason, when you decline"), validators=[Length(max=5000)])

    def unique_ids(self, prefix: str) -> "InvitationForm":
        for field in self:
            field.id = f"{prefix}-{field.name}"
        return self


class ChosenTasksField(Field):
    """The tasks ticked on the work list, each sent as ``id:version`` (the version the list showed):
    a list of (id, version)."""

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            task_id, _sep, version = value.partition(":")
            if not (task_id.isascii() and task_id.isdigit() and version.isascii() and version.isdigit()):
                raise ValueError(CHANGED_FORM)
            self.data.append((int(task_id), version))

    def _value(self):
        return ""


class HandOverForm(FlaskForm):
    """The case coordinator hands the tasks ticked on the work list to one organisation, with one reason."""
    taken = ChosenTasksField(_l("Tasks to hand over"), default=())
    organisation_id = IdSelectField(_l("Hand the selected tasks to"))
    due_on = DateField(_l("New due date (optional)"), validators=[Optional()],
                       description=_l("Leave empty and each task keeps its own due date."))
    reason = TextAreaField(_l("Why are these tasks handed over?"),
                           validators=[required(REASON_REQUIRED), Length(max=5000)])

    def validate_taken(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the tasks to hand over."))

    def validate_organisation_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the organisation that takes over the tasks."))

    def validate_due_on(self, field):
        if field.data is not None and field.data < clock.today():
            raise ValidationError(_l("The due date cannot be before today."))

    def chosen(self, task_id: int) -> bool:
        return any(chosen_id == task_id for chosen_id, _version in self.taken.data or ())
