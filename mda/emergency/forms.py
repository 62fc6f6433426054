"""The emergency-access request and its review."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from mda.labels import choices

# The coordinator's judgement of an emergency access (``BreakGlassGrant.review_outcome``).
REVIEW_OUTCOME = {
    "justified": _l("Justified"),
    "not_justified": _l("Not justified (ends the access at once)"),
}


class BreakGlassForm(FlaskForm):
    reference = StringField(_l("Family reference"), validators=[
        DataRequired(_l("Enter the exact family reference.")), Length(max=120)])
    reason = TextAreaField(_l("Why is this acute?"), validators=[
        DataRequired(_l("Describe the acute situation.")),
        Length(min=20, max=2000, message=_l("Describe the acute situation in at least 20 characters."))])
    acute = BooleanField(
        _l("There is an acute situation in which safety is at stake, and I cannot reach the case coordinator in time."),
        validators=[DataRequired(_l("Emergency access is only for acute situations."))])


class ReviewForm(FlaskForm):
    outcome = RadioField(_l("Was this emergency access justified?"), choices=choices(REVIEW_OUTCOME), validators=[
        InputRequired(_l("Say whether the emergency access was justified."))])
    note = TextAreaField(_l("Assessment of this emergency access"), validators=[
        DataRequired(_l("Write down your assessment.")), Length(max=2000)])
