"""The handover of zicht op veiligheid on a dossier, and the decision on reopening it after a new
report. The engine decides; these handlers load, delegate and show its verdict."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record
from mda.closing import operations as ops
from mda.closing.forms import AcceptForm, DeclineForm, DecisionForm, HandoverForm, WithdrawForm
from mda.closing.models import Handover
from mda.closing.queries import current_holder, decisions_of, handovers_of, pending_decision
from mda.core import clock
from mda.core.i18n import language
from mda.core.pages import conflict_page, put_problems, refusal_messages, render_form
from mda.core.rules import is_open
from mda.dossiers.pages import load_dossier
from mda.errors import ConflictError, Refused, RuleError
from mda.extensions import db
from workflows import HANDOVER_WORKFLOW
from workflows.vocabulary import MONITORING_FREQUENCIES

bp = Blueprint("closing", __name__, url_prefix="/dossiers")

# The form field a refusal of the engine belongs to.
HANDOVER_FIELDS = {"holder_wrong_kind": "organisation_id", "holder_not_on_team": "organisation_id",
                   "handover_already_live": "organisation_id", "agreement_no_watches": "watches",
                   "agreement_no_frequency": "frequency", "agreement_until_passed": "until",
                   "reason_required": "decline_reason"}
STEPS = {"accept": AcceptForm, "decline": DeclineForm, "withdraw": WithdrawForm}


def _handover_page(dossier, status: int = 200, *, form=None, step_forms=None, problems=()):
    lang = language()
    handovers = handovers_of(dossier.id)
    live = next((handover for handover in handovers if handover.live), None)
    coordinator = can(current_user, Action.SAFETY_HOLDER_SET, dossier) and is_open(dossier)
    proposing = coordinator and (live is None or form is not None)  # a refused proposal shows why
    if form is None and proposing:
        form = HandoverForm(formdata=None)
    if form is not None:
        form.set_choices(ops.holder_candidates(dossier), lang)
    steps = {}
    if live is not None and is_open(dossier):
        offered = {"accept": can(current_user, Action.HANDOVER_RESPOND, live) and live.state == "proposed",
                   "withdraw": coordinator}
        offered["decline"] = offered["accept"]
        for event, form_class in STEPS.items():
            if offered[event]:
                steps[event] = (step_forms or {}).get(event) or form_class(formdata=None, version=live.version_id)
    return render_form(
        "closing/handover.html", dossier, status, lang=lang, handovers=handovers, live=live, form=form,
        proposing=proposing, steps=steps, frequencies=MONITORING_FREQUENCIES, states=HANDOVER_WORKFLOW,
        ended=not is_open(dossier), today=clock.today(), problems=problems)


@bp.route("/<id:dossier_id>/zicht-op-veiligheid")
@login_required
def handover(dossier_id: int):
    return _handover_page(load_dossier(dossier_id))


@bp.route("/<id:dossier_id>/zicht-op-veiligheid/overdragen", methods=["POST"])
@login_required
def propose(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.SAFETY_HOLDER_SET)
    form = HandoverForm()
    form.set_choices(ops.holder_candidates(dossier), language())
    if form.validate_on_submit():
        try:
            proposed = ops.propose_handover(current_user, dossier, organisation_id=form.organisation_id.data,
                                            watches=form.watches.data, frequency=form.frequency.data,
                                            until=form.until.data)
        except (Refused, RuleError) as refused:
            put_problems(form, refused, HANDOVER_FIELDS)
        except ConflictError:  # another handover was proposed a moment ago
            return conflict_page(dossier, form)
        else:
            flash(_("Zicht op veiligheid has been handed over to %(name)s; its staff are asked to accept it.",
                    name=proposed.organisation.name), "success")
            return redirect(url_for("closing.handover", dossier_id=dossier.id))
    return _handover_page(dossier, 422, form=form)


@bp.route("/<id:dossier_id>/zicht-op-veiligheid/<id:handover_id>/aanvaarden", methods=["POST"])
@login_required
def accept(dossier_id: int, handover_id: int):
    return _handover_step(dossier_id, handover_id, "accept")


@bp.route("/<id:dossier_id>/zicht-op-veiligheid/<id:handover_id>/afwijzen", methods=["POST"])
@login_required
def decline(dossier_id: int, handover_id: int):
    return _handover_step(dossier_id, handover_id, "decline")


@bp.route("/<id:dossier_id>/zicht-op-veiligheid/<id:handover_id>/intrekken", methods=["POST"])
@login_required
def withdraw(dossier_id: int, handover_id: int):
    return _handover_step(dossier_id, handover_id, "withdraw")


def _handover_step(dossier_id: int, handover_id: int, event: str):
    dossier = load_dossier(dossier_id)
    handover = db.session.get(Handover, handover_id)
    form = STEPS[event]()
    if handover is None or handover.dossier_id != dossier.id or handover.state == "new":
        record("update", dossier_id=dossier.id, outcome="denied", object=f"handover:{handover_id}")
        abort(404)
    if form.validate_on_submit():
        try:
            if event == "accept":
                ops.accept_handover(current_user, handover, version=form.version.data)
            elif event == "decline":
                ops.decline_handover(current_user, handover, reason=form.decline_reason.data,
                                     version=form.version.data)
            else:
                ops.withdraw_handover(current_user, handover, reason=form.withdraw_reason.data,
                                      version=form.version.data)
        except Refused as refused:
            if event == "accept":  # the form has nothing to put the reasons on
                return _handover_page(dossier, 422, problems=refusal_messages(refused))
            put_problems(form, refused, {"reason_required": f"{event}_reason"})
        except ConflictError:
            return conflict_page(dossier, form)
        else:
            flash({"accept": _("Your organisation now keeps watch over safety, as agreed."),
                   "decline": _("The handover has been declined; the case coordinator has been told."),
                   "withdraw": _("The handover has been withdrawn.")}[event], "success")
            return redirect(url_for("closing.handover", dossier_id=dossier.id))
    return _handover_page(dossier, 422, step_forms={event: form})


# --- a new report after closure ---------------------------------------------------------------------

def _reopening_page(dossier, status: int = 200, form=None):
    decision = pending_decision(dossier.id)
    may_decide = decision is not None and can(current_user, Action.REOPENING_DECIDE, decision)
    if may_decide and form is None:
        form = DecisionForm(formdata=None, version=decision.version_id)
    reports = [signal for signal in dossier.signals if signal.dossier_closed_on is not None]
    return render_form("closing/reopening.html", dossier, status, decision=decision, form=form if may_decide else None,
                       decisions=decisions_of(dossier.id), reports=reports, holder=current_holder(dossier.id),
                       lang=language())


@bp.route("/<id:dossier_id>/heropenen")
@login_required
def reopening(dossier_id: int):
    return _reopening_page(load_dossier(dossier_id))


@bp.route("/<id:dossier_id>/heropenen/besluit", methods=["POST"])
@login_required
def decide(dossier_id: int):
    dossier = load_dossier(dossier_id)
    decision = pending_decision(dossier.id)
    form = DecisionForm()
    if decision is not None and not can(current_user, Action.REOPENING_DECIDE, decision):
        record("update", dossier_id=dossier.id, outcome="denied", object="reopening.decide", detail="no right")
        abort(404)
    if decision is None:  # decided a moment ago, by the holder or the coordinator
        record("update", dossier_id=dossier.id, outcome="denied", object="reopening.decide", detail="decided")
        flash(_("The decision on this new report has been taken already."), "warning")
        return _reopening_page(dossier, 409)
    if form.validate_on_submit():
        try:
            ops.decide_reopening(current_user, decision, reopen=form.decision.data == "reopen",
                                 reason=form.reason.data, version=form.version.data)
        except Refused as refused:
            put_problems(form, refused)
        except ConflictError:
            return conflict_page(dossier, form)
        else:
            if form.decision.data == "reopen":
                flash(_("The case has been reopened: it is back in phase 1, with its history."), "success")
                return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#stappen")
            flash(_("The decision has been recorded: the case stays closed."), "success")
            return redirect(url_for("closing.reopening", dossier_id=dossier.id))
    return _reopening_page(dossier, 422, form)


@bp.app_template_global()
def monitoring_frequency(code: str) -> str:
    """How often the holder looks, in words ("every month")."""
    return MONITORING_FREQUENCIES[code].text(language())
