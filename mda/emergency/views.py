"""Break the glass: ask for emergency access, and the coordinator's review of it."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import can
from mda.audit.log import record
from mda.dossiers.models import BreakGlassGrant
from mda.dossiers.views import load_dossier
from mda.emergency import operations as ops
from mda.emergency.forms import BreakGlassForm, ReviewForm
from mda.errors import RuleError
from mda.extensions import db

bp = Blueprint("emergency", __name__)


@bp.route("/noodtoegang", methods=["GET", "POST"])
@login_required
def request_access():
    if not can(current_user, "break_glass"):
        abort(404)
    form = BreakGlassForm()
    if form.validate_on_submit():
        try:
            grant = ops.grant(current_user, reference=form.reference.data, reason=form.reason.data)
        except RuleError as error:
            form.reference.errors.append(error.message)
        else:
            flash(_("Emergency access has been granted for 4 hours. The case coordinator has been notified and will review it."),
                  "success")
            return redirect(url_for("dossiers.show", dossier_id=grant.dossier_id))
    return render_template("emergency/request.html", form=form), 422 if form.errors else 200


@bp.route("/dossiers/<id:dossier_id>/noodtoegang/<id:grant_id>", methods=["GET", "POST"])
@login_required
def review(dossier_id: int, grant_id: int):
    dossier = load_dossier(dossier_id, "accesslog.view")
    grant = db.session.get(BreakGlassGrant, grant_id)
    if grant is None or grant.dossier_id != dossier.id:
        record("view", dossier_id=dossier.id, outcome="denied", object=f"break_glass:{grant_id}")
        abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        ops.review(current_user, grant, form.note.data)
        flash(_("Your assessment of the emergency access has been recorded."), "success")
        return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#toegang")
    record("view", dossier_id=dossier.id, object=f"break_glass:{grant.id}")
    return render_template("emergency/review.html", dossier=dossier, grant=grant, form=form), \
        422 if form.errors else 200
