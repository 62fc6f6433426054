"""Forms of the administrator's pages on organisations and users."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from mda.core.forms import CHOOSE_LISTED, CreateForm, IdSelectField
from mda.labels import ORGANISATION_KIND, USER_ROLE, choices

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADDRESS_MESSAGE = _l("Enter an e-mail address such as name@example.org.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _email(label):
    return EmailField(label, filters=[_strip], validators=[Optional(), Length(max=254),
                                                           Regexp(ADDRESS, message=ADDRESS_MESSAGE)])


class ChoiceField(SelectField):
    """A choice from a fixed vocabulary; anything else is refused with one message."""

    def __init__(self, label, mapping, **kwargs):
        super().__init__(label, choices=choices(mapping), invalid_choice_message=CHOOSE_LISTED, **kwargs)


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the organisation's name.")), Length(max=160)])
    kind = ChoiceField(_l("Kind of organisation"), ORGANISATION_KIND, validators=[
        InputRequired(_l("Choose the kind of organisation."))])
    email = _email(_l("Functional e-mail address"))
    contact_name = StringField(_l("Contact for Handle with Care signals (schools only)"), filters=[_strip],
                               validators=[Optional(), Length(max=160)])
    contact_phone = StringField(_l("Contact's phone number (schools only)"), filters=[_strip], validators=[
        Optional(), Length(max=40),
        Regexp(r"^[0-9+() -]{6,40}$", message=_l("Enter a phone number such as 030 123 45 67."))])


class UserForm(FlaskForm):
    """A user's name, e-mail and role (their username and organisation stay as created)."""
    full_name = StringField(_l("Full name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the user's full name.")), Length(max=160)])
    email = _email(_l("E-mail address"))
    role = ChoiceField(_l("Role"), USER_ROLE, validators=[InputRequired(_l("Choose a role."))])


class NewOrganisationForm(CreateForm, OrganisationForm):
    """A new organisation (sent twice, it is made once)."""


class NewUserForm(CreateForm, UserForm):
    username = StringField(_l("Username"), filters=[_lower], validators=[
        DataRequired(_l("Enter a username.")),
        Regexp(USERNAME, message=_l("Use 2 to 80 lowercase letters, digits, dots, hyphens or underscores, "
                                    "starting with a letter or digit."))])
    organisation = IdSelectField(_l("Organisation"), validators=[
        InputRequired(_l("Choose the user's organisation."))])
    password = PasswordField(_l("Password to start with"), validators=[
        DataRequired(_l("Enter a password to start with.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"})


class TemporaryPasswordForm(FlaskForm):
    password = PasswordField(_l("Temporary password"), validators=[
        DataRequired(_l("Enter a temporary password.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"})


class ConfirmForm(FlaskForm):
    """A step that is hard to undo by accident: the administrator ticks that it is meant."""
    confirm = BooleanField(_l("Yes, I mean this"), validators=[
        DataRequired(_l("Tick the box to confirm."))])


class SuccessorForm(ConfirmForm):
    """The colleague who takes over a leaving coordinator's open dossiers."""
    successor = IdSelectField(_l("New case coordinator"))
