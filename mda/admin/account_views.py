"""The administrator's pages on the region's users (/beheer/gebruikers): find, create, change name,
e-mail and role, deactivate a leaver and reactivate, reset the two-step login, set a temporary
password. Handlers load the user within the region, call ``mda.admin.accounts`` and render."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user, login_required

from mda.admin import accounts
from mda.admin.account_forms import ConfirmForm, NewUserForm, SuccessorForm, TemporaryPasswordForm, UserForm
from mda.admin.organisations import region_organisation, region_organisations
from mda.admin.scope import admin_region_id, refuse_outside_region
from mda.audit.log import record
from mda.core.forms import PostOnlyForm, first_submission, submitted
from mda.core.inputs import id_arg
from mda.core.pages import StaleWrite, refuse_stale_write, put_problems
from mda.errors import ConflictError, RuleError
from mda.core.i18n import lazy_label
from mda.labels import options
from workflows import vocabulary

bp = Blueprint("admin_users", __name__, url_prefix="/beheer/gebruikers")

EVENT_TEXT = {
    "created": _l("Account created as %(role)s"),
    "role_changed": _l("Role changed from %(before)s to %(after)s"),
    "deactivated": _l("Deactivated; sessions ended"),
    "reactivated": _l("Reactivated"),
    "two_factor_reset": _l("Two-step login reset; sessions ended"),
    "password_reset": _l("Temporary password set; sessions ended"),
    "dossiers_handed_over": _l("Open dossiers handed to another case coordinator"),
}


@bp.app_template_global()
def account_event_text(event) -> str:
    """What an administrator changed, in the page's language."""
    roles = [str(lazy_label(vocabulary.USER_ROLES[role])) if role in vocabulary.USER_ROLES else role
             for role in event.detail.split("->")]
    if event.kind == "role_changed" and len(roles) == 2:
        return str(EVENT_TEXT[event.kind]) % {"before": roles[0], "after": roles[1]}
    if event.kind == "created":
        return str(EVENT_TEXT[event.kind]) % {"role": roles[0]}
    return str(EVENT_TEXT.get(event.kind, event.kind)) % {}


def _user(user_id: int):
    region_id = admin_region_id()
    user = accounts.region_user(region_id, user_id)
    if user is None:
        refuse_outside_region(f"user:{user_id}")
    return user


@bp.route("")
@login_required
def index():
    region_id = admin_region_id()
    query = (request.args.get("q") or "").strip()[:100]
    organisations = region_organisations(region_id)
    organisation_id = id_arg("organisatie")
    if organisation_id is not None and region_organisation(region_id, organisation_id) is None:
        organisation_id = None
    page = accounts.user_page(region_id, query, organisation_id, id_arg("na"))
    record("search", object="admin.users", detail=f"q={query!r} organisation={organisation_id} "
                                                 f"shown={len(page.users)}")
    return render_template("admin/users.html", page=page, query=query, organisations=organisations,
                           organisation_id=organisation_id, first_page=id_arg("na") is None)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    region_id = admin_region_id()
    form = NewUserForm()
    form.organisation.choices = options(
        [("", _("Choose an organisation"))] + [(org.id, org.name) for org in region_organisations(region_id)
                                               if org.active])
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            user = accounts.create_user(
                current_user, username=form.username.data, full_name=form.full_name.data, email=form.email.data,
                organisation=region_organisation(region_id, form.organisation.data), role=form.role.data,
                password=form.password.data)
        except RuleError as error:
            put_problems(form, error)
        except ConflictError:
            refuse_stale_write(lambda: StaleWrite("user.create", None))
            form.username.errors.append(accounts.TAKEN)
        else:
            flash(_("%(name)s can now log in as %(username)s, and must choose a new password at the first login.",
                    name=user.full_name, username=user.username), "success")
            return redirect(submitted(form, url_for("admin_users.show", user_id=user.id)))
    return render_template("admin/user_new.html", form=form), 422 if form.errors else 200


def successor_form(user, formdata=None) -> SuccessorForm:
    form = SuccessorForm(formdata=formdata, prefix="successor")
    form.successor.choices = options([("", _("Choose a case coordinator"))] + [
        (candidate.id, candidate.full_name) for candidate in accounts.successor_candidates(user)])
    return form


def render_user(user, *, edit_form=None, deactivate_form=None, two_factor_form=None, password_form=None,
                hand_over_form=None):
    record("view", object=f"user:{user.id}")
    edit_form = edit_form or UserForm(formdata=None, obj=user)
    forms = {"edit_form": edit_form,
             "hand_over_form": hand_over_form or successor_form(user),
             "deactivate_form": deactivate_form or ConfirmForm(formdata=None, prefix="deactivate"),
             "two_factor_form": two_factor_form or ConfirmForm(formdata=None, prefix="two_factor"),
             "password_form": password_form or TemporaryPasswordForm(formdata=None, prefix="password"),
             "reactivate_form": PostOnlyForm(formdata=None)}
    failed = any(form.errors for form in forms.values())
    return (render_template("admin/user.html", user=user, history=accounts.history(user),
                            is_self=user.id == current_user.id, coordinated=accounts.open_dossiers_coordinated(user),
                            **forms),
            422 if failed else 200)


@bp.route("/<id:user_id>", methods=["GET", "POST"])
@login_required
def show(user_id: int):
    user = _user(user_id)
    if request.method == "GET":
        return render_user(user)
    form = UserForm()
    if form.validate_on_submit():
        try:
            accounts.update_user(current_user, user, full_name=form.full_name.data, email=form.email.data,
                                 role=form.role.data)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("The account of %(name)s has been saved.", name=user.full_name), "success")
            return redirect(url_for("admin_users.show", user_id=user.id))
    return render_user(user, edit_form=form)


@bp.route("/<id:user_id>/deactiveren", methods=["POST"])
@login_required
def deactivate(user_id: int):
    user = _user(user_id)
    form = ConfirmForm(prefix="deactivate")
    if form.validate_on_submit():
        try:
            accounts.deactivate(current_user, user)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("%(name)s can no longer log in; their sessions have ended. What they did stays in the "
                    "dossiers under their name.", name=user.full_name), "success")
            return redirect(url_for("admin_users.show", user_id=user.id))
    return render_user(user, deactivate_form=form)


@bp.route("/<id:user_id>/dossiers-overdragen", methods=["POST"])
@login_required
def hand_over(user_id: int):
    """A leaving case coordinator's open dossiers go to a colleague, all at once."""
    user = _user(user_id)
    form = successor_form(user, formdata=request.form)
    if form.validate_on_submit():
        successor = accounts.region_user(admin_region_id(), form.successor.data) if form.successor.data else None
        try:
            count = accounts.hand_over_dossiers(current_user, user, successor)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(ngettext("%(num)d open dossier of %(name)s now has %(successor)s as its case coordinator.",
                           "%(num)d open dossiers of %(name)s now have %(successor)s as their case coordinator.",
                           count, name=user.full_name, successor=successor.full_name), "success")
            return redirect(url_for("admin_users.show", user_id=user.id))
    return render_user(user, hand_over_form=form)


@bp.route("/<id:user_id>/heractiveren", methods=["POST"])
@login_required
def reactivate(user_id: int):
    user = _user(user_id)
    form = PostOnlyForm()
    if form.validate_on_submit():
        try:
            accounts.reactivate(current_user, user)
        except RuleError as error:  # nothing changed: the page says why
            record("update", outcome="denied", object=f"user.reactivated:{user.id}", detail=str(error.message))
            flash(str(error.message), "error")
        else:
            flash(_("%(name)s can log in again.", name=user.full_name), "success")
    return redirect(url_for("admin_users.show", user_id=user.id))


@bp.route("/<id:user_id>/tweestapsverificatie", methods=["POST"])
@login_required
def reset_two_factor(user_id: int):
    user = _user(user_id)
    form = ConfirmForm(prefix="two_factor")
    if form.validate_on_submit():
        try:
            accounts.reset_two_factor(current_user, user)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("The two-step login of %(name)s has been reset: they set it up again at their next login.",
                    name=user.full_name), "success")
            return redirect(url_for("admin_users.show", user_id=user.id))
    return render_user(user, two_factor_form=form)


@bp.route("/<id:user_id>/wachtwoord", methods=["POST"])
@login_required
def temporary_password(user_id: int):
    user = _user(user_id)
    form = TemporaryPasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            accounts.set_temporary_password(current_user, user, form.password.data)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("%(name)s logs in with the temporary password and then chooses a new one; their sessions "
                    "have ended.", name=user.full_name), "success")
            return redirect(url_for("admin_users.show", user_id=user.id))
    return render_user(user, password_form=form)
