"""Steps on a case, Veilig Thuis's assessment and the legal hold. The engine decides; these
handlers only load, delegate and show its verdict."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda import labels
from mda.access import Action, can
from mda.audit.log import record, record_listed
from mda.casework import operations as ops
from mda.casework.feedback import received_by
from mda.casework.models import ReporterFeedback
from mda.casework.timeline import FILTERS, dossier_tasks, timeline
from mda.casework.forms import AssessmentForm, LegalHoldForm, StepForm
from mda.core.pages import conflict_page, put_problems, render_form
from mda.dossiers.pages import load_dossier, render_dossier_page
from mda.core.i18n import language
from mda.engine.core import fire
from mda.errors import ConflictError, Refused, RuleError
from mda.extensions import db
from workflows import CASE_WORKFLOW
from workflows import TASK_WORKFLOW

bp = Blueprint("casework", __name__, url_prefix="/dossiers")
# What a reporting organisation was told of its reports: it need not be on the family's team.
feedback_bp = Blueprint("feedback", __name__, url_prefix="/terugkoppeling")

@bp.route("/<id:dossier_id>/stap", methods=["POST"])
@login_required
def step(dossier_id: int):
    dossier = load_dossier(dossier_id)
    form = StepForm()
    if not form.validate_on_submit():
        return render_dossier_page(dossier, 400)
    try:
        state = fire(dossier, form.event.data, current_user, reason=form.reason.data or "",
                     version=form.version.data).state
    except ConflictError:
        return conflict_page(dossier, form)
    except Refused as refusal:
        return render_dossier_page(dossier, 422, step_form=form, refusal=refusal)
    flash(_("The case is now in: %(state)s.", state=CASE_WORKFLOW.state(state).label.text(language())),
          "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#stappen")


@bp.route("/<id:dossier_id>/veiligheidsbeoordeling", methods=["GET", "POST"])
@login_required
def assessment(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.ASSESSMENT_RECORD)
    form = AssessmentForm()
    form.set_choices(language())
    if form.validate_on_submit():
        try:
            ops.record_assessment(current_user, dossier, outcome=form.outcome.data, route=form.route.data,
                                  assessed_on=form.assessed_on.data, explanation=form.explanation.data)
        except RuleError as error:
            getattr(form, error.field or "outcome").errors.append(error.message)
        except Refused as refused:  # a step on its assessment task
            put_problems(form, refused)
        else:
            flash(_("The safety assessment has been recorded."), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#beoordeling")
    return render_form("casework/assessment.html", dossier, 422 if form.errors else 200, form=form)


@bp.route("/<id:dossier_id>/bewaartermijn", methods=["GET", "POST"])
@login_required
def legal_hold(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.DOSSIER_EDIT)
    form = LegalHoldForm()
    if not form.is_submitted():
        form.version.data = dossier.version_id
        if dossier.legal_hold_until:
            form.until.data, form.reason.data = dossier.legal_hold_until, dossier.legal_hold_reason
    if form.validate_on_submit():
        try:
            ops.set_legal_hold(current_user, dossier, until=form.until.data, reason=form.reason.data,
                               version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        flash(_("The legal hold has been recorded."), "success")
        return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#stappen")
    return render_form("casework/legal_hold.html", dossier, 422 if form.errors else 200, form=form)


@bp.app_template_global()
def task_state_label(state: str, lang: str) -> str:
    return TASK_WORKFLOW.state(state).label.text(lang)


@bp.app_template_global()
def timeline_kind_label(kind: str) -> str:
    return str(labels.TIMELINE_KIND.get(kind, kind))


@bp.app_template_global()
def timeline_filter_kinds() -> dict:
    return labels.TIMELINE_FILTER


@bp.route("/<id:dossier_id>/tijdlijn")
@login_required
def timeline_page(dossier_id: int):
    """The dossier's whole timeline, newest first, or only the entries of one kind (``soort``)."""
    dossier = load_dossier(dossier_id, log_view=True)
    kind = request.args.get("soort")
    kind = kind if kind in FILTERS else None
    entries = timeline(dossier, dossier_tasks(current_user, dossier.id), language(), labels,
                       health=can(current_user, Action.HEALTH_VIEW, dossier),
                       conferences=can(current_user, Action.CONFERENCE_VIEW, dossier), only=kind)
    return render_template("casework/timeline.html", dossier=dossier, entries=entries, kind=kind)


# --- feedback to the reporter ---------------------------------------------------------------------

@bp.app_template_global()
def may_receive_feedback() -> bool:
    return can(current_user, Action.FEEDBACK_VIEW)


@feedback_bp.route("")
@login_required
def feedback_list():
    """The feedback the user's organisation received on its reports, newest first."""
    if not can(current_user, Action.FEEDBACK_VIEW):
        record("view", outcome="denied", object="feedback.list")
        abort(404)
    rows = received_by(current_user.organisation_id)
    record("search", object="feedback.list", detail=f"results={len(rows)}")
    record_listed("feedback.list", [(row.dossier_id, None) for row in rows])
    return render_template("casework/feedback_list.html", rows=rows, lang=language())


@feedback_bp.route("/<id:feedback_id>")
@login_required
def feedback(feedback_id: int):
    row = db.session.get(ReporterFeedback, feedback_id)
    if row is None or not can(current_user, Action.FEEDBACK_VIEW, row):
        record("view", outcome="denied", object=f"feedback:{feedback_id}")
        abort(404)
    record("view", dossier_id=row.dossier_id, object=f"feedback:{row.id}")
    return render_template("casework/feedback.html", feedback=row, lang=language())
