"""Care plan and trauma screening pages: load through the access scope, check, delegate, render."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record
from mda.careplan import operations as ops
from mda.careplan import vocabulary
from mda.careplan.forms import EvaluationForm, GoalForm, InterventionForm, ScreeningForm
from mda.careplan.queries import load_goal, person_screenings
from mda.core import clock
from mda.core.inputs import id_arg
from mda.core.pages import conflict_page, render_form
from mda.dossiers.pages import load_dossier
from mda.core.i18n import language
from mda.orgs.calendar import task_context
from mda.errors import ConflictError, Refused, RuleError
from mda.labels import options

bp = Blueprint("careplan", __name__, url_prefix="/dossiers")

INTERVENTION_TERM = 20  # working days proposed as the due date


def _denied(dossier_id: int, action: str, person_id: int | None = None):
    record("view" if request.method == "GET" else "update", dossier_id=dossier_id, person_id=person_id,
           outcome="denied", object=action)
    abort(404)


def _open_dossier(dossier_id: int, action: Action):
    """The dossier if the user may take ``action`` and its care plan is open (MDA++ phases)."""
    dossier = load_dossier(dossier_id, action)
    if not ops.plan_open(dossier):
        _denied(dossier_id, action)
    return dossier


def _goal(dossier, goal_id: int):
    goal = load_goal(dossier, goal_id)
    if goal is None:
        _denied(dossier.id, f"care_goal:{goal_id}")
    return goal


def _plan_anchor(dossier) -> str:
    return url_for("dossiers.show", dossier_id=dossier.id) + "#zorgplan"


@bp.route("/<id:dossier_id>/zorgplan/doelen/nieuw", methods=["GET", "POST"])
@login_required
def new_goal(dossier_id: int):
    dossier = _open_dossier(dossier_id, Action.CAREPLAN_EDIT)
    form = GoalForm()
    people = [(p.id, p.name) for p in dossier.persons]
    form.person_id.choices = options([(None, _("Choose a person"))] + people)
    form.partner_id.choices = options([(None, _("Choose the second person"))] + people)
    if request.method == "GET":
        form.person_id.data = id_arg("persoon")
        form.scope.data = "family" if request.args.get("voor") == "gezin" else "person"
    if form.validate_on_submit():
        try:
            goal = ops.add_goal(current_user, dossier, scope=form.scope.data, person_id=form.person_id.data,
                                partner_id=form.partner_id.data, kind=form.kind.data,
                                risk_factor=form.risk_factor.data or None, description=form.description.data,
                                health_related=form.health_related.data, evaluate_on=form.evaluate_on.data)
        except RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The goal for %(name)s has been added to the care plan.",
                    name=ops.goal_for(goal, dossier).text(language())), "success")
            return redirect(_plan_anchor(dossier))
    return render_form("careplan/goal_form.html", dossier, 422 if form.errors else 200, form=form)


@bp.route("/<id:dossier_id>/zorgplan/doelen/<id:goal_id>/interventies/nieuw", methods=["GET", "POST"])
@login_required
def new_intervention(dossier_id: int, goal_id: int):
    dossier = _open_dossier(dossier_id, Action.CAREPLAN_EDIT)
    goal = _goal(dossier, goal_id)
    form = InterventionForm()
    form.organisation_id.choices = options([(None, _("Choose a partner organisation"))] + [
        (org.id, org.name) for org in ops.intervention_partners(current_user, dossier, goal)])
    form.organisation_id.invalid_choice_message = ops.intervention_partner_rule(goal)
    if request.method == "GET":
        form.due_on.data = task_context(dossier.region_id).calendar.add_working_days(clock.today(),
                                                                                      INTERVENTION_TERM)
    if form.validate_on_submit():
        try:
            intervention = ops.add_intervention(current_user, dossier, goal, description=form.description.data,
                                                organisation_id=form.organisation_id.data,
                                                due_on=form.due_on.data)
        except RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The intervention has been added; %(name)s has been given a task.",
                    name=intervention.organisation.name), "success")
            return redirect(_plan_anchor(dossier))
    return render_form("careplan/intervention_form.html", dossier, 422 if form.errors else 200, form=form,
                       goal=goal, for_whom=ops.goal_for(goal, dossier).text(language()), words=vocabulary)


@bp.route("/<id:dossier_id>/zorgplan/doelen/<id:goal_id>/evaluatie", methods=["GET", "POST"])
@login_required
def evaluate_goal(dossier_id: int, goal_id: int):
    dossier = _open_dossier(dossier_id, Action.CAREPLAN_EDIT)
    goal = _goal(dossier, goal_id)
    form = EvaluationForm(obj=goal if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = goal.version_id
        form.evaluated_on.data = goal.evaluated_on or clock.today()
    if form.validate_on_submit():
        try:
            ops.evaluate_goal(current_user, dossier, goal, evaluation=form.evaluation.data,
                              note=form.evaluation_note.data, evaluated_on=form.evaluated_on.data,
                              version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        flash(_("The evaluation of the goal has been recorded."), "success")
        return redirect(_plan_anchor(dossier))
    return render_form("careplan/evaluation_form.html", dossier, 422 if form.errors else 200, form=form,
                       goal=goal, for_whom=ops.goal_for(goal, dossier).text(language()), words=vocabulary)


@bp.route("/<id:dossier_id>/traumascreening/<id:person_id>", methods=["GET", "POST"])
@login_required
def screening(dossier_id: int, person_id: int):
    dossier = _open_dossier(dossier_id, Action.DOSSIER_VIEW)
    person = ops.screened_person(dossier, person_id)
    if person is None or not ops.may_record(current_user, dossier, person.id):
        _denied(dossier.id, "screening.record", person_id)
    health = can(current_user, Action.HEALTH_VIEW, dossier)
    form = ScreeningForm()
    if request.method == "GET":
        latest = ops.latest_screening(dossier.id, person.id)
        form.version.data = latest.version_id if latest else 0
    problems = []
    if form.validate_on_submit():
        try:
            recorded = ops.record_screening(
                current_user, dossier, person, status=form.status.data, screened_on=form.screened_on.data,
                instrument=form.instrument.data or None, other_instrument=form.other_instrument.data or "",
                other_cutoff=form.other_cutoff.number, score=form.score.number, band=form.band.data or None,
                reason=form.reason.data or "", version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, form)
        except ops.InvalidScreening as invalid:
            for problem in invalid.problems:
                getattr(form, problem.field).errors.append(problem.message)
        except Refused as refused:
            problems = [reason.text(language()) for reason in refused.reasons]
        else:
            flash(_("The trauma screening of %(name)s has been recorded.", name=person.name), "success")
            for warning in recorded.warnings:
                flash(str(warning), "warning")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#traumascreening")
    status = 422 if form.errors or problems else 200
    record("view", dossier_id=dossier.id, person_id=person.id, object="trauma_screening")
    return render_form("careplan/screening_form.html", dossier, status, form=form, person=person,
                       problems=problems, history=person_screenings(dossier, person.id) if health else [],
                       age=person.age_on(clock.today()), words=vocabulary)


@bp.route("/<id:dossier_id>/traumascreening/<id:person_id>/behandeltaak", methods=["POST"])
@login_required
def treat(dossier_id: int, person_id: int):
    dossier = _open_dossier(dossier_id, Action.SCREENING_RECORD)
    person = ops.screened_person(dossier, person_id)
    if person is None:
        _denied(dossier.id, "trauma_screening.treat", person_id)
    try:
        task = ops.treat(current_user, dossier, person)
    except RuleError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(organisation)s has been given a treatment task for %(name)s.",
                organisation=task.organisation.name, name=person.name), "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#traumascreening")
