"""Forms of the administration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from mda.core import clock
from mda.labels import ORGANISATION_KIND, options
from mda.orgs.models import NON_TEAM_KINDS
from workflows import DEFAULT_LADDER, RUNGS, Rung, StallThresholds


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ClosedDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the closed day."))])
    description = StringField(_l("Description"), filters=[_strip], validators=[
        DataRequired(_l("Say why the region is closed on this day.")), Length(max=200)])

    def validate_day(self, field):
        if field.data < clock.today():
            raise ValidationError(_l("A closed day cannot be in the past."))


class EmergencySettingsForm(FlaskForm):
    """The region's rules for emergency access (break the glass)."""
    kinds = SelectMultipleField(_l("Organisations whose staff may use emergency access"), choices=options(
        (kind, label) for kind, label in ORGANISATION_KIND.items() if kind not in NON_TEAM_KINDS))
    hours = IntegerField(_l("Hours an emergency access lasts"), validators=[
        InputRequired(_l("Enter a number of hours from 1 to 24.")),
        NumberRange(1, 24, _l("Enter a number of hours from 1 to 24."))])
    cooldown_hours = IntegerField(_l("Hours before the same user may ask again for the same dossier"), validators=[
        InputRequired(_l("Enter a number of hours from 0 to 720.")),
        NumberRange(0, 720, _l("Enter a number of hours from 0 to 720."))])


class ReviewSettingsForm(FlaskForm):
    """The region's rules for safety-score reviews."""
    partner_minimum = IntegerField(_l("Partner scores a team score needs"), validators=[
        InputRequired(_l("Enter a number of organisations from 1 to 10.")),
        NumberRange(1, 10, _l("Enter a number of organisations from 1 to 10."))])
    closing_gap_days = IntegerField(_l("Days between the two reviews that allow closing"), validators=[
        InputRequired(_l("Enter a number of days from 14 to 365.")),
        NumberRange(14, 365, _l("Enter a number of days from 14 to 365."))])


class SchoolHolidayForm(FlaskForm):
    """A school holiday of the region: a Handle with Care signal waits for the first school day after it."""
    name = StringField(_l("Name"), filters=[_strip], validators=[
        DataRequired(_l("Give the school holiday a name, for example Herfstvakantie.")), Length(max=120)])
    first_day = DateField(_l("First day"), validators=[DataRequired(_l("Enter the first day of the holiday."))])
    last_day = DateField(_l("Last day"), validators=[DataRequired(_l("Enter the last day of the holiday."))])


class SchoolStartForm(FlaskForm):
    """When school starts on a school day in the region."""
    starts_at = TimeField(_l("School starts at"), validators=[
        InputRequired(_l("Enter the time school starts, for example 08:30."))])


def _threshold(label, low: int, high: int, message):
    return IntegerField(label, validators=[Optional(), NumberRange(low, high, message)])


class EscalationSettingsForm(FlaskForm):
    """When a case of the region counts as stalled, and its escalation ladder. An empty threshold
    switches its signal off; of the ladder, the levels ticked are used in this order, and each but
    the last rises after its number of working days."""
    no_progress_days = _threshold(_l("Days without a phase change or a completed task"), 1, 365,
                                  _l("Enter a number of days from 1 to 365, or leave it empty."))
    overdue_working_days = _threshold(_l("Working days a task may be overdue"), 0, 60,
                                      _l("Enter a number of working days from 0 to 60, or leave it empty."))
    declined_working_days = _threshold(_l("Working days to reassign a declined task"), 0, 60,
                                       _l("Enter a number of working days from 0 to 60, or leave it empty."))
    score_reviews = _threshold(_l("Reviews over which the safety score must improve"), 2, 10,
                               _l("Enter a number of reviews from 2 to 10, or leave it empty."))
    review_overdue_working_days = _threshold(_l("Working days a safety-score review may be overdue"), 0, 60,
                                             _l("Enter a number of working days from 0 to 60, or leave it empty."))
    team_lead_used = BooleanField(_l("Level: the case coordinator's team lead"))
    team_lead_days = _threshold(_l("Working days at the team lead before it rises"), 1, 60,
                                _l("Enter a number of working days from 1 to 60."))
    zvh_used = BooleanField(_l("Level: the procesregisseur of the Zorg- en Veiligheidshuis"))
    zvh_days = _threshold(_l("Working days at the Zorg- en Veiligheidshuis before it rises"), 1, 60,
                          _l("Enter a number of working days from 1 to 60."))
    steering_used = BooleanField(_l("Level: the regional steering group"))

    @classmethod
    def for_region(cls, region):
        data = {name: getattr(region, f"stall_{name}") for name in StallThresholds.names()}
        used = {rung.who: rung.days for rung in region.ladder}
        defaults = {rung.who: rung.days for rung in DEFAULT_LADDER}
        for who in RUNGS:
            data[f"{who}_used"] = who in used
            data[f"{who}_days"] = used.get(who) or defaults[who]
        return cls(data=data)

    def thresholds(self) -> StallThresholds:
        return StallThresholds(**{name: self[name].data for name in StallThresholds.names()})

    def ladder(self) -> tuple[Rung, ...]:
        used = [who for who in RUNGS if self[f"{who}_used"].data]
        return tuple(Rung(who, None if position == len(used) else self[f"{who}_days"].data)
                     for position, who in enumerate(used, start=1))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        used = [who for who in RUNGS if self[f"{who}_used"].data]
        if not used:
            self.team_lead_used.errors = list(self.team_lead_used.errors) + [
                str(_l("The ladder needs at least one level."))]
            return False
        for who in used[:-1]:
            if self[f"{who}_days"].data is None:
                self[f"{who}_days"].errors = list(self[f"{who}_days"].errors) + [
                    str(_l("Enter the working days before the escalation goes to the next level."))]
                valid = False
        return valid
