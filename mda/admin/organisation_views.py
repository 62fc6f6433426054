"""The administrator's pages on the region's organisations (/beheer/organisaties): the list, a new
one, changing one, deactivating and reactivating. Handlers load the organisation within the
region, call ``mda.admin.organisations`` and render."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.admin import organisations as ops
from mda.admin.account_forms import ConfirmForm, NewOrganisationForm, OrganisationForm
from mda.admin.scope import admin_region_id, refuse_outside_region
from mda.audit.log import record
from mda.core.forms import PostOnlyForm, first_submission, submitted
from mda.core.pages import StaleWrite, put_problems, refuse_stale_write
from mda.errors import ConflictError, RuleError

bp = Blueprint("admin_organisations", __name__, url_prefix="/beheer/organisaties")


def _organisation(organisation_id: int):
    row = ops.region_organisation(admin_region_id(), organisation_id)
    if row is None:
        refuse_outside_region(f"organisation:{organisation_id}")
    return row


@bp.route("")
@login_required
def index():
    region_id = admin_region_id()
    rows = ops.region_organisations(region_id)
    record("view", object="admin.organisations", detail=f"shown={len(rows)}")
    return render_template("admin/organisations.html", rows=rows, users=ops.user_counts(region_id))


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    region_id = admin_region_id()
    form = NewOrganisationForm()
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            row = ops.create_organisation(region_id, name=form.name.data, kind=form.kind.data, email=form.email.data,
                                          contact_name=form.contact_name.data, contact_phone=form.contact_phone.data)
        except RuleError as error:
            put_problems(form, error)
        except ConflictError:
            refuse_stale_write(lambda: StaleWrite("organisation.create", None))
            form.name.errors.append(ops.NAME_TAKEN)
        else:
            flash(_("%(name)s has been added.", name=row.name), "success")
            return redirect(submitted(form, url_for("admin_organisations.index")))
    return render_template("admin/organisation_new.html", form=form), 422 if form.errors else 200


def render_organisation(row, *, form=None, deactivate_form=None):
    record("view", object=f"organisation:{row.id}")
    form = form or OrganisationForm(formdata=None, obj=row)
    deactivate_form = deactivate_form or ConfirmForm(formdata=None, prefix="deactivate")
    return (render_template("admin/organisation.html", row=row, form=form, deactivate_form=deactivate_form,
                            reactivate_form=PostOnlyForm(formdata=None),
                            users=ops.user_counts(row.region_id).get(row.id, 0)),
            422 if form.errors or deactivate_form.errors else 200)


@bp.route("/<id:organisation_id>", methods=["GET", "POST"])
@login_required
def show(organisation_id: int):
    row = _organisation(organisation_id)
    if request.method == "GET":
        return render_organisation(row)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            ops.update_organisation(row, name=form.name.data, kind=form.kind.data, email=form.email.data,
                                    contact_name=form.contact_name.data, contact_phone=form.contact_phone.data)
        except RuleError as error:
            put_problems(form, error)
        except ConflictError:
            refuse_stale_write(lambda: StaleWrite(f"organisation:{organisation_id}", None))
            form.name.errors.append(ops.NAME_TAKEN)
            row = _organisation(organisation_id)
        else:
            flash(_("%(name)s has been saved.", name=row.name), "success")
            return redirect(url_for("admin_organisations.show", organisation_id=row.id))
    return render_organisation(row, form=form)


@bp.route("/<id:organisation_id>/deactiveren", methods=["POST"])
@login_required
def deactivate(organisation_id: int):
    row = _organisation(organisation_id)
    form = ConfirmForm(prefix="deactivate")
    if form.validate_on_submit():
        try:
            ops.deactivate_organisation(row)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("%(name)s has been deactivated: it is no longer offered anywhere. What it did stays.",
                    name=row.name), "success")
            return redirect(url_for("admin_organisations.show", organisation_id=row.id))
    return render_organisation(row, deactivate_form=form)


@bp.route("/<id:organisation_id>/heractiveren", methods=["POST"])
@login_required
def reactivate(organisation_id: int):
    row = _organisation(organisation_id)
    if PostOnlyForm().validate_on_submit():
        ops.reactivate_organisation(row)
        flash(_("%(name)s is active again.", name=row.name), "success")
    return redirect(url_for("admin_organisations.show", organisation_id=row.id))
