"""Safety-score review, risk assessment and temporary restraining order pages."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record
from mda.core.pages import conflict_page, put_problems, render_form
from mda.core.rules import is_open
from mda.dossiers.pages import load_dossier
from mda.core.i18n import language
from mda.errors import ConflictError, Refused, RuleError
from mda.core import clock
from mda.engine.core import available
from mda.labels import options
from mda.reviews import labels, orders
from mda.reviews import operations as ops
from mda.reviews.chart import trend_svg
from mda.reviews.forms import (ITEM, CloseReviewForm, ExtendOrderForm, InstrumentChoiceForm, LiftOrderForm, OrderForm,
                               ScoreForm, risk_assessment_form)
from mda.reviews.queries import (divergence, dossier_reviews, load_review, load_risk_assessment, pending_review_task,
                                 review_rows, score_authors, scoring_organisations, trend)
from workflows import RISK_INSTRUMENTS, latest_end, order_status

bp = Blueprint("reviews", __name__, url_prefix="/dossiers")

# The field of the order's forms a refusal of the engine belongs to.
ORDER_REASON_FIELDS = {"extension_not_later": "ends_on", "extension_too_long": "ends_on", "new_end_required": "ends_on",
                       "decided_in_future": "decided_on", "order_ended": "decided_on"}


def find_review(dossier, review_id: int):
    review = load_review(dossier.id, review_id)
    if review is None:
        record("view" if request.method == "GET" else "update", dossier_id=dossier.id, outcome="denied",
               object=f"safety_review:{review_id}")
        abort(404)
    return review


def _review_url(dossier, review) -> str:
    return url_for("reviews.review", dossier_id=dossier.id, review_id=review.id)


def render_review(dossier, review, status: int = 200, *, score_form=None, close_form=None, problem=None,
                  typed=()):
    rows = review_rows(dossier, review)
    own = next((score for org, score in rows if org.id == current_user.organisation_id), None)
    is_open = review.status == "open"
    may_score = (is_open and current_user.organisation_id in {org.id for org in scoring_organisations(dossier)}
                 and can(current_user, Action.REVIEW_SCORE, dossier))
    may_close = is_open and can(current_user, Action.REVIEW_MANAGE, dossier)
    if may_score and score_form is None:
        score_form = ScoreForm(formdata=None, score=own.score if own else None,
                               rationale=own.rationale if own else "", version=own.version_id if own else 0)
    if may_close and close_form is None:
        close_form = CloseReviewForm(formdata=None, review_version=review.version_id)
    coordinators = dossier.coordinator.organisation_id
    return render_form(
        "reviews/review.html", dossier, status, review=review, rows=rows, authors=score_authors(review), own=own,
        needed=dossier.region.review_partner_minimum,
        partners_scored=sum(1 for org, score in rows if score is not None and org.id != coordinators),
        coordinators_organisation=coordinators,
        divergence=divergence(review), score_form=score_form if may_score else None,
        close_form=close_form if may_close else None, problem=problem, typed=typed,
        missing=[org.name for org, score in rows if score is None],
        next_review=None if is_open else pending_review_task(dossier.id))


@bp.route("/<id:dossier_id>/veiligheidsscores/nieuw", methods=["POST"])
@login_required
def open_review(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.REVIEW_MANAGE)
    try:
        review = ops.open_review(current_user, dossier)
    except ops.ReviewAlreadyOpen as already:
        flash(_("A review is already open; the partners can score in it."), "info")
        return redirect(_review_url(dossier, already.review))
    except ConflictError:
        flash(str(ops.SAME_DAY), "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#veiligheidsscores")
    except RuleError as error:
        flash(str(error.message), "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#veiligheidsscores")
    flash(_("The review is open. Every partner on the team has been asked to give its score."), "success")
    return redirect(_review_url(dossier, review))


@bp.route("/<id:dossier_id>/veiligheidsscores/<id:review_id>")
@login_required
def review(dossier_id: int, review_id: int):
    dossier = load_dossier(dossier_id)
    return render_review(dossier, find_review(dossier, review_id))


@bp.route("/<id:dossier_id>/veiligheidsscores/<id:review_id>/score", methods=["GET", "POST"])
@login_required
def score(dossier_id: int, review_id: int):
    if request.method == "GET":
        return redirect(url_for("reviews.review", dossier_id=dossier_id, review_id=review_id))
    dossier = load_dossier(dossier_id, Action.REVIEW_SCORE)
    review = find_review(dossier, review_id)
    form = ScoreForm()
    if form.validate_on_submit():
        try:
            ops.give_score(current_user, dossier, review, score=form.score.data,
                           rationale=form.rationale.data, version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        except ops.ReviewClosed as closed:
            return render_review(dossier, review, 409, problem=closed.message, typed=[
                (form.score.label.text, form.score.data), (form.rationale.label.text, form.rationale.data)])
        except RuleError as error:
            if error.field:
                getattr(form, error.field).errors.append(error.message)
            else:
                return render_review(dossier, review, 422, problem=error.message)
        else:
            flash(_("Your organisation's score has been saved."), "success")
            return redirect(_review_url(dossier, review))
    return render_review(dossier, review, 422, score_form=form)


@bp.route("/<id:dossier_id>/veiligheidsscores/<id:review_id>/afsluiten", methods=["GET", "POST"])
@login_required
def close(dossier_id: int, review_id: int):
    if request.method == "GET":
        return redirect(url_for("reviews.review", dossier_id=dossier_id, review_id=review_id))
    dossier = load_dossier(dossier_id, Action.REVIEW_MANAGE)
    review = find_review(dossier, review_id)
    form = CloseReviewForm()
    if form.validate_on_submit():
        try:
            planned = ops.close_review(current_user, dossier, review, team_score=form.team_score.data,
                                       rationale=form.team_rationale.data, version=form.review_version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        except ops.ReviewClosed as closed:
            return render_review(dossier, review, 409, problem=closed.message)
        except RuleError as error:
            getattr(form, error.field or "team_score").errors.append(error.message)
        except Refused as refusal:
            return render_review(dossier, review, 422, close_form=form,
                                 problem="; ".join(r.text(language()) for r in refusal.reasons))
        else:
            if planned is not None:
                flash(_("The team score %(score)d has been set. The next review is planned for %(day)s.",
                        score=form.team_score.data, day=format_date(planned.due_on, "d MMMM y")), "success")
            else:
                flash(_("The team score %(score)d has been set.", score=form.team_score.data), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#veiligheidsscores")
    return render_review(dossier, review, 422, close_form=form)


@bp.route("/<id:dossier_id>/veiligheidsscores.svg")
@login_required
def trend_chart(dossier_id: int):
    dossier = load_dossier(dossier_id)
    record("view", dossier_id=dossier.id, object="review.trend_chart")
    svg = trend_svg(trend(dossier_reviews(dossier.id)), dossier.safety_threshold,
                    lambda day: format_date(day, "dd-MM-y"))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/<id:dossier_id>/risicotaxaties/nieuw", methods=["GET", "POST"])
@login_required
def record_risk(dossier_id: int):
    """First the instrument (a GET form), then the instrument's own items, the level and the summary."""
    dossier = load_dossier(dossier_id, Action.RISK_RECORD)
    if not is_open(dossier):
        flash(str(ops.CASE_ENDED), "error")
        return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#risicotaxaties")
    code = request.values.get("instrument", "")
    if code not in RISK_INSTRUMENTS:
        chooser = InstrumentChoiceForm(request.args)
        chosen = "instrument" in request.values
        if chosen:
            chooser.instrument.errors = [str(ops.CHOOSE_INSTRUMENT)]
        return render_form("reviews/risk_choice.html", dossier, 422 if chosen else 200, form=chooser)
    form = risk_assessment_form(code)()
    form.instrument.data = code
    lang = language()
    if form.validate_on_submit():
        try:
            assessment = ops.record_risk_assessment(
                current_user, dossier, instrument=code, assessed_on=form.assessed_on.data, level=form.level.data,
                outcome=form.outcome.data, answers=form.answers())
        except ConflictError:
            return conflict_page(dossier, form)
        except ops.InvalidAnswers as invalid:
            first = next((f for f in form if f.name.startswith(ITEM)), form.level)
            for problem in invalid.problems:
                field = form[ITEM + problem.question] if problem.question else first
                field.errors = [*field.errors, problem.message.text(lang)]
        except RuleError as error:
            put_problems(form, error)
        except Refused as refused:  # a step on the police's RiHG task
            put_problems(form, refused)
        else:
            if assessment.points_to_restraining_order:
                flash(_("The risk assessment has been recorded. A task to decide on the temporary "
                        "restraining order has been added."), "success")
            else:
                flash(_("The risk assessment has been recorded."), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#risicotaxaties")
    return render_form("reviews/risk_form.html", dossier, 422 if form.errors else 200, form=form,
                       instrument=RISK_INSTRUMENTS[code], lang=lang)


@bp.route("/<id:dossier_id>/risicotaxaties/<id:assessment_id>")
@login_required
def risk_assessment(dossier_id: int, assessment_id: int):
    dossier = load_dossier(dossier_id)
    found = load_risk_assessment(dossier.id, assessment_id)
    if found is None:
        record("view", dossier_id=dossier.id, outcome="denied", object=f"risk_assessment:{assessment_id}")
        abort(404)
    assessment, author = found
    record("view", dossier_id=dossier.id, object=f"risk_assessment:{assessment.id}")
    return render_template("reviews/risk_assessment.html", dossier=dossier, assessment=assessment, author=author,
                           instrument=RISK_INSTRUMENTS[assessment.instrument], answers=assessment.answer_map(),
                           words=labels, lang=language())


# --- temporary restraining orders ---------------------------------------------------------------

def _orders_anchor(dossier) -> str:
    return url_for("dossiers.show", dossier_id=dossier.id) + "#huisverbod"


@bp.route("/<id:dossier_id>/huisverboden/nieuw", methods=["GET", "POST"])
@login_required
def new_order(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.RESTRAINING_ORDER_RECORD)
    if not is_open(dossier):
        flash(str(orders.CASE_ENDED), "error")
        return redirect(_orders_anchor(dossier))
    form = OrderForm()
    form.person_id.choices = options([(None, _("Not named"))] + [(p.id, p.name) for p in dossier.persons])
    if request.method == "GET":
        form.person_id.data = next((p.id for p in dossier.persons if p.role == "perpetrator"), None)
    if form.validate_on_submit():
        try:
            order = orders.impose(current_user, dossier, imposed_on=form.imposed_on.data,
                                  person_id=form.person_id.data)
        except RuleError as error:
            put_problems(form, error)
        else:
            flash(_("The restraining order has been recorded; it runs until %(day)s.",
                    day=format_date(order.ends_on, "d MMMM y")), "success")
            return redirect(_orders_anchor(dossier))
    return render_form("reviews/order_form.html", dossier, 422 if form.errors else 200, form=form)


def _order_page(dossier, order, status: int = 200, *, extend_form=None, lift_form=None):
    actions = {action.event: action for action in available(order, current_user)}
    if extend_form is None:
        extend_form = ExtendOrderForm(formdata=None, version=order.version_id)
        extend_form.ends_on.data = latest_end(order.imposed_on)
    lift_form = lift_form or LiftOrderForm(formdata=None, version=order.version_id)
    record("view", dossier_id=dossier.id, person_id=order.person_id, object=f"restraining_order:{order.id}")
    return render_template(
        "reviews/order.html", dossier=dossier, order=order,
        status=order_status(order.state, order.ends_on, clock.today()), actions=actions, extend_form=extend_form,
        lift_form=lift_form, latest=latest_end(order.imposed_on), words=labels, lang=language()), status


def _order(dossier, order_id: int):
    order = orders.load_order(dossier, order_id)
    if order is None:
        record("view" if request.method == "GET" else "update", dossier_id=dossier.id, outcome="denied",
               object=f"restraining_order:{order_id}")
        abort(404)
    return order


@bp.route("/<id:dossier_id>/huisverboden/<id:order_id>")
@login_required
def order(dossier_id: int, order_id: int):
    dossier = load_dossier(dossier_id)
    return _order_page(dossier, _order(dossier, order_id))


@bp.route("/<id:dossier_id>/huisverboden/<id:order_id>/verlenging", methods=["POST"])
@login_required
def extend_order(dossier_id: int, order_id: int):
    dossier = load_dossier(dossier_id, Action.RESTRAINING_ORDER_RECORD)
    order = _order(dossier, order_id)
    form = ExtendOrderForm()
    if form.validate_on_submit():
        try:
            orders.extend(current_user, order, ends_on=form.ends_on.data, decided_on=form.decided_on.data,
                          version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        except Refused as refused:
            put_problems(form, refused, ORDER_REASON_FIELDS)
        else:
            flash(_("The extension has been recorded: the restraining order runs until %(day)s.",
                    day=format_date(order.ends_on, "d MMMM y")), "success")
            return redirect(_orders_anchor(dossier))
    return _order_page(dossier, order, 422, extend_form=form)


@bp.route("/<id:dossier_id>/huisverboden/<id:order_id>/intrekking", methods=["POST"])
@login_required
def lift_order(dossier_id: int, order_id: int):
    dossier = load_dossier(dossier_id, Action.RESTRAINING_ORDER_RECORD)
    order = _order(dossier, order_id)
    form = LiftOrderForm()
    if form.validate_on_submit():
        try:
            orders.lift(current_user, order, reason=form.reason.data, decided_on=form.decided_on.data,
                        version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        except Refused as refused:
            put_problems(form, refused, ORDER_REASON_FIELDS)
        else:
            flash(_("The withdrawal of the restraining order has been recorded."), "success")
            return redirect(_orders_anchor(dossier))
    return _order_page(dossier, order, 422, lift_form=form)
