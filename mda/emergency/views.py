"""Break the glass: ask for emergency access, and the coordinator's review of it."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.access.policy import may_break_glass, works_on_cases
from mda.audit.log import record
from mda.dossiers.pages import load_dossier
from mda.emergency import operations as ops
from mda.emergency.forms import REVIEW_OUTCOME, BreakGlassForm, ReviewForm
from mda.errors import RuleError

bp = Blueprint("emergency", __name__)


@bp.app_template_global()
def may_break_glass_now() -> bool:
    return current_user.is_authenticated and may_break_glass(current_user)


@bp.route("/noodtoegang", methods=["GET", "POST"])
@login_required
def request_access():
    if not works_on_cases(current_user):  # no case work at all: the page does not exist
        abort(404)
    region = current_user.organisation.region
    if not can(current_user, Action.BREAK_GLASS):
        record("view", outcome="denied", purpose="break_glass", object="break_glass.request",
               detail=f"organisation kind {current_user.organisation.kind} may not use emergency access")
        return render_template("emergency/refused.html", message=ops.NOT_ALLOWED), 403
    form = BreakGlassForm()
    if form.validate_on_submit():
        try:
            grant = ops.grant(current_user, reference=form.reference.data, reason=form.reason.data)
        except RuleError as error:
            form.reference.errors.append(error.message)
        else:
            flash(_("Emergency access has been granted for %(hours)d hours, to read only. The case "
                    "coordinator has been notified and will review it.", hours=region.break_glass_hours),
                  "success")
            return redirect(url_for("dossiers.show", dossier_id=grant.dossier_id))
    return render_template("emergency/request.html", form=form, region=region), 422 if form.errors else 200


@bp.route("/dossiers/<id:dossier_id>/noodtoegang/<id:grant_id>", methods=["GET", "POST"])
@login_required
def review(dossier_id: int, grant_id: int):
    dossier = load_dossier(dossier_id, Action.ACCESSLOG_VIEW)
    use = next((use for use in ops.grants_for(dossier.id) if use.grant.id == grant_id), None)
    if use is None:
        record("view", dossier_id=dossier.id, outcome="denied", object=f"break_glass:{grant_id}")
        abort(404)
    grant = use.grant
    form = ReviewForm()
    if grant.reviewed_at is None and form.validate_on_submit():
        ops.review(current_user, grant, form.outcome.data, form.note.data)
        if form.outcome.data == "not_justified":
            flash(_("The emergency access has been judged not justified and has ended."), "success")
        else:
            flash(_("Your assessment of the emergency access has been recorded."), "success")
        return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#toegang")
    record("view", dossier_id=dossier.id, object=f"break_glass:{grant.id}")
    return render_template("emergency/review.html", dossier=dossier, use=use, grant=grant, form=form,
                           outcomes=REVIEW_OUTCOME), 422 if form.errors else 200
