"""Escalation pages: escalating by hand from the dossier, the queues of the team lead and the
procesregisseur, the steering group's page, an escalation with the dossier's process and what
those at its level do with it, and its one-page PDF. Whoever may not see an escalation gets the
same 404 as for one that does not exist."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from mda.access import Action, can
from mda.access.policy import escalated_to
from mda.audit.log import record, record_listed
from mda.auth.reauth import require_reauthentication
from mda.core import clock
from mda.core.i18n import language
from mda.core.pages import StaleWrite, put_problems, render_form, stale_write_page
from mda.dossiers.pages import load_dossier
from mda.errors import ConflictError, Refused
from mda.escalation import operations as ops
from mda.escalation import pdf
from mda.escalation.forms import DecisionForm, EscalateForm, MoveUpForm, WithdrawForm, level_choices
from mda.escalation.models import Escalation
from mda.escalation.queries import open_escalation, process_view, queue
from mda.extensions import db
from workflows import ESCALATION_WORKFLOW, RUNGS, STALL_SIGNALS, TASK_KINDS

bp = Blueprint("escalation", __name__)

LEVEL_FIELDS = {"level_not_higher": "level", "level_unknown": "level", "top_level": "level",
                "already_escalated": "level"}
RECENT_DECISIONS = 10


@bp.app_template_global()
def escalation_home() -> str | None:
    """The page where the user's escalation work is, if they act on escalations."""
    if can(current_user, Action.STEERING_VIEW):
        return url_for("escalation.steering")
    if can(current_user, Action.ESCALATION_QUEUE):
        return url_for("escalation.queue_page")
    return None


def _not_found(escalation_id: int):
    record("view" if request.method == "GET" else "update", outcome="denied", object=f"escalation:{escalation_id}")
    abort(404)


def load_escalation(escalation_id: int) -> Escalation:
    """The escalation if the user may see it (those it reached, the dossier's team); else a 404."""
    escalation = db.session.get(Escalation, escalation_id)
    if escalation is None or escalation.state == "new" or not can(current_user, Action.ESCALATION_VIEW, escalation):
        _not_found(escalation_id)
    return escalation


# --- escalating by hand --------------------------------------------------------------------------

def escalate_form(dossier, formdata=None) -> EscalateForm:
    form = EscalateForm(formdata=formdata) if formdata is not None else EscalateForm()
    current = open_escalation(dossier.id)
    form.level.choices = level_choices(dossier.region.ladder, language(), above=current.level if current else 0)
    return form


@bp.route("/dossiers/<id:dossier_id>/escaleren", methods=["GET", "POST"])
@login_required
def escalate(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.ESCALATION_RAISE)
    form = escalate_form(dossier)
    if form.validate_on_submit():
        try:
            escalation = ops.escalate(current_user, dossier, level=int(form.level.data), reason=form.reason.data,
                                      question=form.question.data or "")
        except Refused as refused:
            put_problems(form, refused, LEVEL_FIELDS)
        except ConflictError:  # someone escalated it a moment ago
            return stale_write_page(form, lambda: StaleWrite(
                "escalation.raise", dossier_id, reload_url=request.path,
                back_url=url_for("dossiers.show", dossier_id=dossier_id) + "#escalatie",
                back_label=_("Back to the dossier")))
        else:
            flash(_("The case has been escalated to level %(level)d: %(who)s.", level=escalation.level,
                    who=RUNGS[escalation.rung].text(language())), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#escalatie")
    return render_form("escalation/escalate.html", dossier, 422 if form.errors else 200, form=form,
                       current=open_escalation(dossier.id), rungs=RUNGS, lang=language())


# --- queues ---------------------------------------------------------------------------------------

def _list_page(template: str, rung: str, **context):
    scope = escalated_to(current_user).where(Escalation.rung == rung)
    page = queue(scope, request.args.get("na"))
    record("search", object=f"escalation.queue:{rung}", detail=f"{len(page.rows)} escalations")
    record_listed(f"escalation.queue:{rung}", [(row.dossier_id, None) for row in page.rows])
    return render_template(template, page=page, rung=rung, rungs=RUNGS, signal_labels=STALL_SIGNALS,
                           lang=language(), today=clock.today(), **context)


@bp.route("/escalaties")
@login_required
def queue_page():
    if not can(current_user, Action.ESCALATION_QUEUE):
        record("view", outcome="denied", object="escalation.queue")
        abort(404)
    rung = "team_lead" if current_user.role == "team_lead" else "zvh"
    return _list_page("escalation/queue.html", rung)


@bp.route("/stuurgroep")
@login_required
def steering():
    if not can(current_user, Action.STEERING_VIEW):
        record("view", outcome="denied", object="escalation.steering")
        abort(404)
    decided = list(db.session.scalars(
        escalated_to(current_user).where(Escalation.rung == "steering", Escalation.state == "resolved")
        .options(joinedload(Escalation.dossier)).order_by(Escalation.ended_on.desc(), Escalation.id.desc())
        .limit(RECENT_DECISIONS)))
    record_listed("escalation.steering.decided", [(row.dossier_id, None) for row in decided])
    return _list_page("escalation/steering.html", "steering", decided=decided)


# --- one escalation -------------------------------------------------------------------------------

def _partners(view):
    return [membership.organisation for membership in view.team if membership.organisation.can_join_team]


def _page(escalation: Escalation, status: int = 200, **forms):
    today = clock.today()
    view = process_view(escalation, today)
    may = {action: can(current_user, action, escalation)
           for action in (Action.ESCALATION_ACT, Action.ESCALATION_RISE, Action.ESCALATION_WITHDRAW)}
    decision = forms.get("decision") or DecisionForm(formdata=None, version=escalation.version_id)
    decision.set_partners(_partners(view))
    record("view", dossier_id=escalation.dossier_id, object=f"escalation:{escalation.id}", detail=request.path)
    return render_template(
        "escalation/show.html", escalation=escalation, view=view, today=today, lang=language(), rungs=RUNGS,
        signal_labels=STALL_SIGNALS, task_kinds=TASK_KINDS, may_decide=may[Action.ESCALATION_ACT],
        may_move_up=may[Action.ESCALATION_RISE] and escalation.level < len(escalation.dossier.region.ladder),
        may_withdraw=may[Action.ESCALATION_WITHDRAW], decision_form=decision,
        move_up_form=forms.get("move_up") or MoveUpForm(formdata=None, version=escalation.version_id),
        withdraw_form=forms.get("withdraw") or WithdrawForm(formdata=None, version=escalation.version_id),
        ended_message=_ended(escalation)), status


def _ended(escalation: Escalation) -> str | None:
    """Why nothing more can be done with it: it was resolved or withdrawn, on that day."""
    if escalation.is_open:
        return None
    day = escalation.ended_on.strftime("%d-%m-%Y")
    if escalation.state == "resolved":
        return _("This escalation has been dealt with already: it was resolved on %(day)s.", day=day)
    return _("This escalation has been dealt with already: it was withdrawn on %(day)s.", day=day)


@bp.route("/escalaties/<id:escalation_id>")
@login_required
def show(escalation_id: int):
    return _page(load_escalation(escalation_id))


def _act(escalation_id: int, form_class, name: str, work, done: str):
    escalation = load_escalation(escalation_id)
    dossier_id = escalation.dossier_id
    form = form_class()
    if name == "decision":
        form.set_partners(_partners(process_view(escalation, clock.today())))
    if not escalation.is_open:
        record("update", dossier_id=escalation.dossier_id, outcome="denied", object=f"escalation:{escalation.id}",
               detail=f"already {escalation.state}")
        return _page(escalation, 409, **{name: form})
    if form.validate_on_submit():
        try:
            work(escalation, form)
        except Refused as refused:
            put_problems(form, refused)
        except ConflictError:  # someone else acted on it since the page was shown
            page = url_for("escalation.show", escalation_id=escalation_id)
            return stale_write_page(form, lambda: StaleWrite(
                f"escalation:{escalation_id}", dossier_id, reload_url=page, back_url=page,
                back_label=_("Back to the escalation")))
        else:
            flash(done, "success")
            return redirect(url_for("escalation.show", escalation_id=escalation.id))
    return _page(escalation, 422, **{name: form})


@bp.route("/escalaties/<id:escalation_id>/besluit", methods=["POST"])
@login_required
def decide(escalation_id: int):
    return _act(escalation_id, DecisionForm, "decision", lambda escalation, form: ops.decide(
        current_user, escalation, decision=form.decision.data, tasks=form.task_values(), version=form.version.data),
        _("The decision has been recorded; the case coordinator and the team have been told."))


@bp.route("/escalaties/<id:escalation_id>/hoger", methods=["POST"])
@login_required
def move_up(escalation_id: int):
    return _act(escalation_id, MoveUpForm, "move_up", lambda escalation, form: ops.move_up(
        current_user, escalation, reason=form.reason.data, question=form.question.data or "",
        version=form.version.data), _("The escalation has gone to the next level."))


@bp.route("/escalaties/<id:escalation_id>/intrekken", methods=["POST"])
@login_required
def withdraw(escalation_id: int):
    return _act(escalation_id, WithdrawForm, "withdraw", lambda escalation, form: ops.withdraw(
        current_user, escalation, reason=form.reason.data, version=form.version.data),
        _("The escalation has been withdrawn."))


@bp.route("/escalaties/<id:escalation_id>/samenvatting.pdf")
@login_required
@require_reauthentication
def summary(escalation_id: int):
    escalation = load_escalation(escalation_id)
    document = pdf.summary_pdf(escalation)
    record("export", dossier_id=escalation.dossier_id, object="escalation.summary.pdf",
           detail=f"escalation {escalation.id}; level {escalation.level}")
    response = make_response(document)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f"attachment; filename={pdf.filename(escalation)}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def escalation_state_label(state: str, lang: str) -> str:
    return ESCALATION_WORKFLOW.state(state).label.text(lang)
