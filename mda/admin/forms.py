"""Forms of the administration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from mda.core import clock
from mda.labels import ORGANISATION_KIND, options
from mda.orgs.models import NON_TEAM_KINDS
from workflows import (CLOSING_THRESHOLD, DEFAULT_LADDER, RETENTION_YEARS, REVIEW_CADENCE, RUNGS,
                       SAFETY_THRESHOLD, Rung, StallThresholds)


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


def _threshold(label, low: int, high: int, message):
    return IntegerField(label, validators=[Optional(), NumberRange(low, high, message)])


def _number(label, low: int, high: int, message):
    return IntegerField(label, validators=[InputRequired(message), NumberRange(low, high, message)])


SCORE_MESSAGE = _l("Enter a score from 0 to 10, or leave it empty for the default.")
CADENCE_MESSAGE = _l("Enter a number of days from 7 to 182, or leave it empty for the default.")


class ReviewSettingsForm(FlaskForm):
    """The region's rules for safety-score reviews: who must score, the thresholds a new dossier
    gets, and how often each phase reviews. An empty threshold or cadence is the default of
    ``workflows`` (and follows it when that changes)."""
    partner_minimum = _number(_l("Partner scores a team score needs"), 1, 10,
                              _l("Enter a number of organisations from 1 to 10."))
    closing_gap_days = _number(_l("Days between the two reviews that allow closing"), 14, 365,
                               _l("Enter a number of days from 14 to 365."))
    safety_threshold = _threshold(_l("Score to leave phase 1 (safety)"), 0, 10, SCORE_MESSAGE)
    closing_threshold = _threshold(_l("Score to close a case"), 0, 10, SCORE_MESSAGE)
    days_safety = _threshold(_l("Days between reviews in phase 1: safety"), 7, 182, CADENCE_MESSAGE)
    days_risk_care = _threshold(_l("Days between reviews in phase 2: risk-driven care"), 7, 182, CADENCE_MESSAGE)
    days_recovery = _threshold(_l("Days between reviews in phase 3: recovery"), 7, 182, CADENCE_MESSAGE)
    days_monitoring = _threshold(_l("Days between reviews in monitoring"), 7, 182, CADENCE_MESSAGE)

    @classmethod
    def for_region(cls, region):
        return cls(data={"partner_minimum": region.review_partner_minimum,
                         "closing_gap_days": region.closing_review_gap_days,
                         "safety_threshold": region.safety_threshold, "closing_threshold": region.closing_threshold,
                         **{f"days_{phase}": getattr(region, f"review_days_{phase}") for phase in REVIEW_CADENCE}})

    def cadence(self) -> dict[str, int | None]:
        return {phase: self[f"days_{phase}"].data for phase in REVIEW_CADENCE}

    def validate_closing_threshold(self, field):
        safety = SAFETY_THRESHOLD if self.safety_threshold.data is None else self.safety_threshold.data
        closing = CLOSING_THRESHOLD if field.data is None else field.data
        if closing < safety:
            raise ValidationError(_l("The score to close a case (%(closing)d) cannot be lower than the score to "
                                     "leave phase 1 (%(safety)d).", closing=closing, safety=safety))


class RetentionForm(FlaskForm):
    """How long the region keeps closed dossiers and applications that did not become one."""
    retention_years = _number(_l("Years a closed dossier is kept"), RETENTION_YEARS, 100,
                              _l("Enter a number of years from 20 (the statutory period) to 100."))
    application_retention_years = _number(_l("Years a draft, declined or withdrawn application is kept"), 1, 20,
                                          _l("Enter a number of years from 1 to 20."))


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
