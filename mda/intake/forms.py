"""Forms for the application, the triage meeting's planning and decision, and telling the family."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField, RadioField,
                     SelectField, StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from mda import labels
from mda.core.forms import IdSelectField, IdSelectMultipleField, optional_id
from mda.dossiers.forms import TIME_IN_FUTURE, PersonRowForm, no_later_than_now, not_in_future, time_of_callout
from mda.intake.models import CRITERIA
from mda.intake.vocabulary import CRITERION, DECISION
from mda.labels import options

NOT_IN_FUTURE = _l("This date cannot be in the future.")


class ApplicationForm(FlaskForm):
    family_reference = StringField(_l("Family reference"), validators=[Length(max=120)])
    persons = FieldList(FormField(PersonRowForm), min_entries=4, max_entries=12)
    reason = TextAreaField(_l("Reason for the application"), validators=[Length(max=5000)])
    goal = TextAreaField(_l("Goal of the application"), validators=[Length(max=5000)])
    involved = IdSelectMultipleField(_l("Partners already involved"))
    other_help = TextAreaField(_l("Other help already involved"), validators=[Length(max=2000)])
    signal_reported_on = DateField(_l("Date of the latest incident or report"), validators=[
        Optional(), not_in_future(NOT_IN_FUTURE)])
    signal_violence_type = SelectField(_l("Type of violence"), choices=options(
        [("", _l("Choose a type of violence"))]) + labels.choices(labels.VIOLENCE_TYPE))
    signal_acute = BooleanField(_l("Acute unsafety"))
    signal_police_callout = BooleanField(_l("Police were called out"))
    signal_reported_time = TimeField(_l("Time of the call-out"), validators=[
        time_of_callout("signal_police_callout"), Optional(),
        no_later_than_now("signal_reported_on", TIME_IN_FUTURE)])
    signal_description = TextAreaField(_l("What happened"), validators=[Length(max=5000)])
    version = HiddenField()

    def criteria_fields(self):
        return [(code, self[f"criterion_{code}"], self[f"explanation_{code}"]) for code in CRITERIA]

    def values(self) -> dict:
        return {
            "family_reference": (self.family_reference.data or "").strip(),
            "persons": [row.form.person_values() for row in self.persons if not row.form.is_empty()],
            "reason": (self.reason.data or "").strip(),
            "goal": (self.goal.data or "").strip(),
            "involved": list(self.involved.data or []),
            "other_help": (self.other_help.data or "").strip(),
            "criteria": {code: (explanation.data or "").strip()
                         for code, ticked, explanation in self.criteria_fields() if ticked.data},
            "signal_reported_on": self.signal_reported_on.data,
            "signal_violence_type": self.signal_violence_type.data or "",
            "signal_acute": bool(self.signal_acute.data),
            "signal_police_callout": bool(self.signal_police_callout.data),
            "signal_reported_time": self.signal_reported_time.data,
            "signal_description": (self.signal_description.data or "").strip(),
        }


for _code in CRITERIA:
    setattr(ApplicationForm, f"criterion_{_code}", BooleanField(CRITERION[_code]))
    setattr(ApplicationForm, f"explanation_{_code}", TextAreaField(
        _l("Explanation: %(criterion)s", criterion=CRITERION[_code]), validators=[Length(max=2000)]))


class PlanForm(FlaskForm):
    held_on = DateField(_l("Date of the triage meeting"), validators=[
        DataRequired(_l("Enter the date of the triage meeting."))])
    version = HiddenField()


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision of the triage meeting"), choices=options(DECISION.items()),
                          validators=[InputRequired(_l("Choose whether the application is accepted."))])
    reason = TextAreaField(_l("Reason for the decision"), validators=[Length(max=5000)])
    advice = TextAreaField(_l("Advice on another route"), validators=[Length(max=5000)])
    coordinator_id = IdSelectField(_l("Case coordinator (local team)"))
    partner_ids = IdSelectMultipleField(_l("Proposed team"))
    legal_basis = SelectField(_l("Legal basis for sharing with the team"),
                              choices=labels.choices(labels.LEGAL_BASIS))
    reference = StringField(_l("Family reference of the new dossier"), validators=[Length(max=120)])
    version = HiddenField()


class FamilyInformedForm(FlaskForm):
    informed = RadioField(_l("Has the family been told about the MDA++ approach?"),
                          choices=options([("yes", _l("Yes")), ("not_yet", _l("Not yet"))]),
                          validators=[InputRequired(_l("Say whether the family has been told."))])
    informed_on = DateField(_l("Told on"), validators=[Optional(), not_in_future(NOT_IN_FUTURE)])
    reason = TextAreaField(_l("Why not yet"), validators=[Length(max=2000)])
    version = HiddenField()


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason for withdrawing"), validators=[Length(max=2000)])
    version = HiddenField()


class JoinForm(FlaskForm):
    """Adds the report of a family that turns out to be known to the dossier it is known in."""
    # The operation checks that the family is known in the chosen dossier (the radar, not the page).
    dossier_id = RadioField(_l("The dossier in which this family is known"), coerce=optional_id,
                            validate_choice=False,
                            validators=[InputRequired(_l("Choose the dossier the report goes to."))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])
    version = HiddenField()
