"""Safety plan pages: the plan and its versions, drafting a new version, confirming, comparing
and the PDF. Handlers load through the access scope, delegate and render."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from mda.access import Action, can
from mda.audit.log import record
from mda.auth.reauth import require_reauthentication
from mda.core.inputs import parse_id
from mda.core.pages import StaleWrite, put_problems, refusal_messages, refuse_stale_write, render_form
from mda.dossiers.pages import load_dossier
from mda.core.i18n import language
from mda.errors import ConflictError, Refused, RuleError
from mda.labels import PERSON_ROLE
from mda.safetyplan import operations as ops
from mda.safetyplan import pdf
from mda.safetyplan.forms import EMPTY_ROWS, ConfirmForm, ReopenForm, SafetyPlanForm
from mda.safetyplan.queries import (is_editable, load_version, needs_confirmation,
                                    plan_organisations, users_by_id, version_list)
from mda.safetyplan.section import relapse_context
from mda.safetyplan.versions import PART_LABELS, Names, compare, parts_not_for, plan_texts, snapshot

bp = Blueprint("safetyplan", __name__, url_prefix="/dossiers")


def _version_arg(name: str = "versie") -> int | None:
    return parse_id(request.args.get(name, ""))


def _find_version(dossier, version: int | None):
    plan = load_version(dossier.id, version)
    if plan is None and version is not None:
        record("view", dossier_id=dossier.id, outcome="denied", object=f"safety_plan:{version}")
        abort(404)
    return plan


def responsible_choices(dossier, organisations) -> list[SelectChoice]:
    """Who can carry an agreement: a partner on the team, or a person of the family (whose
    agreement the coordinator's organisation monitors)."""
    partners, family = _("Partner on the team"), _("Person of the family")
    own = dossier.coordinator.organisation.name
    return ([SelectChoice("", _("Choose who is responsible"))]
            + [SelectChoice(f"org:{org.id}", org.name, optgroup=partners) for org in organisations]
            + [SelectChoice(f"person:{p.id}", _("%(name)s (monitored by %(organisation)s)", name=p.name,
                                                   organisation=own), optgroup=family)
               for p in dossier.persons])


def person_choices(dossier) -> list[SelectChoice]:
    """The persons of the dossier a part or an agreement can be withheld from, with their role."""
    return [SelectChoice(p.id, f"{p.name} ({PERSON_ROLE[p.role]})") for p in dossier.persons]


def _initial(plan) -> dict:
    rows = []
    if plan is not None:
        rows = [{"description": a.description, "due_on": a.due_on, "not_for": sorted(a.not_for),
                 "responsible": f"person:{a.responsible_person_id}" if a.responsible_person_id
                 else (f"org:{a.responsible_organisation_id}" if a.responsible_organisation_id else "")}
                for a in plan.agreements]
    values = plan_texts(plan) if plan is not None else {}
    withheld = {f"{part}_not_for": sorted(ids) for part, ids in parts_not_for(plan).items()} if plan else {}
    return {**values, **withheld, "agreements": rows + [{} for _ in range(EMPTY_ROWS)],
            "based_on": plan.version if plan is not None else 0}


def _plan_context(dossier, plan) -> dict:
    organisations = plan_organisations(dossier)
    names = Names(dossier, organisations)
    confirmed = {c.organisation_id for c in plan.confirmations} if plan else set()
    return {
        "plan": plan,
        "agreements": names.of_plan(plan) if plan else [],
        "withheld": names.withheld_parts(parts_not_for(plan)) if plan else {},
        "author": users_by_id([plan.author_id]).get(plan.author_id) if plan else None,
        "confirmed": sorted(plan.confirmations, key=lambda c: c.confirmed_at) if plan else [],
        "unconfirmed": [org for org in organisations if org.id not in confirmed],
        "lang": language(),
        "part_labels": PART_LABELS,
    }


@bp.route("/<id:dossier_id>/veiligheidsplan")
@login_required
def show(dossier_id: int):
    dossier = load_dossier(dossier_id, log_view=True)
    plan = _find_version(dossier, _version_arg())
    current = load_version(dossier.id) if plan is not None and request.args.get("versie") else plan
    context = _plan_context(dossier, plan)
    confirmers = users_by_id(c.user_id for c in context["confirmed"])
    confirmed = {c.organisation_id for c in context["confirmed"]}
    still_to_confirm = needs_confirmation(current_user, dossier, plan if plan is current else None,
                                          plan_organisations(dossier), confirmed)
    return render_template(
        "safetyplan/show.html", dossier=dossier, current=current, confirmers=confirmers,
        relapse=relapse_context(dossier, current_user, current, is_editable(dossier)),
        may_edit=is_editable(dossier) and can(current_user, Action.PLAN_EDIT, dossier),
        may_export=can(current_user, Action.PLAN_EXPORT, dossier),
        needs_confirmation=still_to_confirm, confirm_form=ConfirmForm(formdata=None), **context)


def _plan_form(dossier, organisations, **kwargs) -> SafetyPlanForm:
    form = SafetyPlanForm(**kwargs)
    form.set_choices(responsible_choices(dossier, organisations), person_choices(dossier))
    return form


def _form_page(dossier, form, status: int):
    return render_form("safetyplan/form.html", dossier, status, form=form,
                       conditions_locked=not can(current_user, Action.SAFETY_CONDITIONS_SET, dossier))


@bp.route("/<id:dossier_id>/veiligheidsplan/bewerken", methods=["GET", "POST"])
@login_required
def edit(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.PLAN_EDIT)
    if not is_editable(dossier):
        flash(_("The safety plan of a closed or handed-over dossier can no longer be changed."), "error")
        return redirect(url_for("safetyplan.show", dossier_id=dossier.id))
    organisations = plan_organisations(dossier)
    if request.method == "GET":
        form = _plan_form(dossier, organisations, formdata=None, data=_initial(load_version(dossier.id)))
        return _form_page(dossier, form, 200)
    form = _plan_form(dossier, organisations)
    if form.validate_on_submit():
        try:
            plan = ops.save_version(
                current_user, dossier, based_on=form.based_on.data,
                parts={name: form[name].data for name in ops.TEXT_PARTS},
                internal_notes=form.internal_notes.data, change_summary=form.change_summary.data,
                agreements=form.filled_agreements(), parts_not_for=form.parts_not_for())
        except ConflictError:
            return _conflict(dossier, form, organisations)
        except RuleError as error:
            form[error.field].errors = [*form[error.field].errors, error.message]
        except Refused as refused:  # cancelling the task of an agreement that is gone
            put_problems(form, refused)
        else:
            if plan is None:
                flash(_("Nothing has changed; the plan stays as it was."), "info")
            elif plan.substantive:
                flash(_("Version %(version)d of the safety plan has been saved. Every partner needs to "
                        "confirm it again.", version=plan.version), "success")
            elif plan.internal_notes == load_version(dossier.id, plan.version - 1).internal_notes:
                flash(_("Version %(version)d has been saved. More is withheld from persons of the family "
                        "and nothing else changed, so the confirmations still stand.", version=plan.version),
                      "success")
            else:
                flash(_("Version %(version)d has been saved. Only the internal notes changed, so the "
                        "confirmations still stand.", version=plan.version), "success")
            return redirect(url_for("safetyplan.show", dossier_id=dossier.id))
    return _form_page(dossier, form, 422)


def _conflict(dossier, form, organisations):
    """Someone saved a newer version meanwhile: their version next to this user's input, and the
    input again in a form based on the newer version."""
    refuse_stale_write(lambda: StaleWrite("safety_plan", dossier.id))
    current = load_version(dossier.id)
    names = Names(dossier, organisations)
    typed = snapshot({name: form[name].data for name in (*ops.TEXT_PARTS, "internal_notes")},
                     names.of_values(form.filled_agreements()), names.withheld_parts(form.parts_not_for()))
    rows = compare(snapshot(plan_texts(current), names.of_plan(current),
                            names.withheld_parts(parts_not_for(current))), typed)
    form.based_on.data = str(current.version)
    locked = not can(current_user, Action.SAFETY_CONDITIONS_SET, dossier)
    if locked:
        form.safety_conditions.data = current.safety_conditions
    return render_form("safetyplan/conflict.html", dossier, 409, form=form, current=current, rows=rows,
                       author=users_by_id([current.author_id]).get(current.author_id), conditions_locked=locked)


@bp.route("/<id:dossier_id>/veiligheidsplan/bevestigen", methods=["POST"])
@login_required
def confirm(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.PLAN_CONFIRM)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        _confirmation, new = ops.confirm(current_user, dossier, version=form.version.data)
    except ops.OutdatedVersion as outdated:
        record("update", dossier_id=dossier.id, outcome="denied", object="safety_plan.confirm",
               detail=f"outdated version {outdated.confirmed}, current {outdated.current}")
        return render_template("safetyplan/refused.html", dossier=dossier, outdated=outdated), 409
    except RuleError as error:
        return render_template("safetyplan/refused.html", dossier=dossier, message=error.message), 422
    except Refused as refused:  # completing the organisation's contribution task
        message = " ".join(refusal_messages(refused))
        return render_template("safetyplan/refused.html", dossier=dossier, message=message), 422
    except ConflictError:
        refuse_stale_write(lambda: StaleWrite("safety_plan.confirm", dossier.id))
        message = _("Someone else changed this in the meantime")
        return render_template("safetyplan/refused.html", dossier=dossier, message=message), 409
    if new:
        flash(_("%(organisation)s has confirmed version %(version)s of the safety plan.",
                organisation=current_user.organisation.name, version=form.version.data), "success")
    else:
        flash(_("%(organisation)s had already confirmed this version.",
                organisation=current_user.organisation.name), "info")
    return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#veiligheidsplan")


@bp.route("/<id:dossier_id>/veiligheidsplan/heropenen", methods=["POST"])
@login_required
def reopen(dossier_id: int):
    """The case coordinator reopens the plan after a relapse, to revise it with the team."""
    dossier = load_dossier(dossier_id, Action.PLAN_REOPEN)
    form = ReopenForm()
    if not form.validate_on_submit():
        abort(400)
    heading = _("The safety plan has not been reopened")
    try:
        plan = ops.reopen_after_relapse(current_user, dossier, based_on=form.version.data)
    except RuleError as error:
        return render_template("safetyplan/refused.html", dossier=dossier, message=error.message,
                               heading=heading), 422
    except Refused as refused:  # completing the revision task
        return render_template("safetyplan/refused.html", dossier=dossier, heading=heading,
                               message=" ".join(refusal_messages(refused))), 422
    except ConflictError:
        refuse_stale_write(lambda: StaleWrite("safety_plan.reopen", dossier.id))
        message = _("Someone saved a new version of the safety plan in the meantime. Read it, then reopen it "
                    "if it still needs revising with the team.")
        return render_template("safetyplan/refused.html", dossier=dossier, message=message, heading=heading), 409
    if plan is not None:
        flash(_("The safety plan has been reopened as version %(version)d, to revise with the team. Every partner "
                "is asked to confirm it again.", version=plan.version), "success")
    else:
        flash(_("The current version has not been confirmed by anyone since the relapse: it is open for revision "
                "already. Your task to revise it has been completed."), "success")
    return redirect(url_for("safetyplan.show", dossier_id=dossier.id))


@bp.route("/<id:dossier_id>/veiligheidsplan/versies")
@login_required
def history(dossier_id: int):
    dossier = load_dossier(dossier_id, log_view=True)
    versions = version_list(dossier.id)
    return render_template("safetyplan/history.html", dossier=dossier, versions=versions)


@bp.route("/<id:dossier_id>/veiligheidsplan/vergelijken")
@login_required
def compare_versions(dossier_id: int):
    dossier = load_dossier(dossier_id, log_view=True)
    versions = version_list(dossier.id)
    numbers = [row.version for row in versions]
    left, right = _version_arg("van"), _version_arg("naar")
    if left is None or right is None:
        left, right = (numbers[1], numbers[0]) if len(numbers) > 1 else (None, None)
    if left is not None and (left not in numbers or right not in numbers):
        abort(404)
    rows, plans = [], {}
    if left is not None:
        names = Names(dossier, plan_organisations(dossier))
        plans = {n: load_version(dossier.id, n) for n in (left, right)}
        rows = compare(*(snapshot(plan_texts(plans[n]), names.of_plan(plans[n]),
                                  names.withheld_parts(parts_not_for(plans[n]))) for n in (left, right)))
    return render_template("safetyplan/compare.html", dossier=dossier, versions=versions, rows=rows,
                           left=plans.get(left), right=plans.get(right))


def _recipient(dossier):
    """The person a family version is made for (``voor``: a person of this dossier); None for
    the partners' version. Anyone else answers 404, like a missing version."""
    value = request.args.get("voor")
    if value is None:
        return None
    person = next((p for p in dossier.persons if str(p.id) == value), None)
    if person is None:
        record("export", dossier_id=dossier.id, outcome="denied", object="safety_plan.pdf",
               detail="family version for someone not in this dossier")
        abort(404)
    return person


@bp.route("/<id:dossier_id>/veiligheidsplan.pdf")
@login_required
@require_reauthentication
def download(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.PLAN_EXPORT)
    recipient = _recipient(dossier)
    plan = _find_version(dossier, _version_arg())
    if plan is None:
        abort(404)
    document = pdf.safety_plan_pdf(dossier, plan, recipient=recipient)
    record("export", dossier_id=dossier.id, person_id=recipient.id if recipient else None,
           object="safety_plan.pdf",
           detail=f"version {plan.version}; " + (f"family version for person {recipient.id}" if recipient
                                                 else "partners"))
    response = make_response(document)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f"attachment; filename={pdf.filename(dossier, plan, recipient)}"
    response.headers["Cache-Control"] = "no-store"
    return response
