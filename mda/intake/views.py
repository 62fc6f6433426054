"""Applications for MDA++ (/aanmeldingen) and the triage list (/triage): thin handlers that load
through the access policy, delegate to the operations and render."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record, record_listed, record_listed_applications
from mda.core import clock
from mda.core.forms import PostOnlyForm
from mda.core.inputs import id_arg
from mda.core.pages import StaleWrite, put_problems, stale_write_page
from mda.dossiers.queries import load_full_dossier
from mda.errors import ConflictError, Refused, RuleError
from mda.intake import operations as ops
from mda.intake import vocabulary
from mda.intake.forms import ApplicationForm, DecisionForm, FamilyInformedForm, JoinForm, PlanForm, WithdrawForm
from mda.intake.models import CRITERIA, UNDECIDED_STAGES
from mda.intake.queries import (applicable_dossiers, coordinator_candidates, days_waiting, load_application,
                                own_applications, partner_candidates, recently_decided, recently_withdrawn,
                                triage_queue)
from mda.labels import options
from mda.radar.known import Radar, known_among, radar_of
from mda.tasks.handle_with_care import school_candidates

bp = Blueprint("intake", __name__)
# The field of the application form that each reason of a refused submission concerns.
SUBMIT_FIELDS = {"no_person": "persons", "no_reason": "reason", "no_goal": "goal",
                 "no_signal_date": "signal_reported_on", "no_violence_type": "signal_violence_type",
                 "no_criterion": "criterion_structurally_unsafe"}


@bp.app_template_global()
def may_apply() -> bool:
    return can(current_user, Action.APPLICATION_CREATE)


@bp.app_template_global()
def is_triage_member() -> bool:
    return can(current_user, Action.TRIAGE_VIEW)


def find_application(application_id: int, action: Action = Action.APPLICATION_VIEW):
    """The application if the user may take ``action`` on it; otherwise the same 404 as a missing one."""
    application = load_application(application_id)
    if application is None or not can(current_user, action, application):
        record("view" if request.method == "GET" else "update", outcome="denied",
               dossier_id=application.dossier_id if application else None,
               object=f"application:{application_id}")
        abort(404)
    return application


# --- applying -----------------------------------------------------------------------------------

def _application_form(**kwargs) -> ApplicationForm:
    form = ApplicationForm(**kwargs)
    region_id = current_user.organisation.region_id
    form.involved.choices = options((org.id, org.name) for org in partner_candidates(region_id))
    schools = options([(None, _("No school or childcare"))] + [
        (org.id, org.name) for org in school_candidates(region_id)])
    for row in form.persons:
        row.form.school_id.choices = schools
    return form


def _person_data(person, bsn: bool = True) -> dict:
    """A person as a row of the form; a dossier's BSNs are not copied into it (pages show only
    their last digits; the dossier is matched as the dossier it is)."""
    return {"name": person.name, "role": person.role, "date_of_birth": person.date_of_birth,
            "school_id": person.school_id, "bsn": (person.bsn or "") if bsn else ""}


def _initial(application=None, dossier=None) -> dict:
    if application is not None:
        data = {name: getattr(application, name) for name in (
            "family_reference", "reason", "goal", "other_help", "signal_reported_on", "signal_violence_type",
            "signal_acute", "signal_police_callout", "signal_reported_time", "signal_description")}
        data["persons"] = [_person_data(p) for p in application.persons]
        data["involved"] = application.organisation_ids("involved")
        for row in application.criteria:
            data[f"criterion_{row.criterion}"] = True
            data[f"explanation_{row.criterion}"] = row.explanation
        data["version"] = application.version_id
        return data
    if dossier is not None:
        return {"persons": [_person_data(p, bsn=False) for p in dossier.persons],
                "involved": [m.organisation_id for m in dossier.memberships if m.status == "active"]}
    return {}


def _save(form, application=None, dossier=None):
    submit = request.form.get("action") == "submit"
    try:
        application = ops.save_application(current_user, application, form.values(), dossier=dossier,
                                           submit=submit, version=form.version.data)
    except ConflictError:
        return None, conflict_page(application, form)
    except (RuleError, Refused) as error:
        put_problems(form, error, SUBMIT_FIELDS)
        return None, None
    if submit:
        flash(_("The application has been submitted to the triage meeting."), "success")
    else:
        flash(_("The application has been saved as a draft."), "success")
    return redirect(url_for("intake.show", application_id=application.id)), None


def conflict_page(application, form):
    """Refuses a stale change of an application and shows what the user typed."""
    yours = [(field.label.text, field.data) for field in form
             if field.type in ("StringField", "TextAreaField") and (field.data or "").strip()]

    def where() -> StaleWrite:
        if application is None or application.id is None:  # a new one
            return StaleWrite("application", None, reload_url=request.path, back_url=url_for("intake.index"),
                              back_label=_("Back to the applications"))
        return StaleWrite(f"application:{application.id}", application.dossier_id,
                          back_url=url_for("intake.show", application_id=application.id),
                          back_label=_("Open the application again"))
    return stale_write_page(form, where, yours=yours)


@bp.route("/aanmeldingen")
@login_required
def index():
    if not can(current_user, Action.APPLICATION_CREATE):
        record("search", outcome="denied", object="application.list")
        abort(404)
    page = own_applications(current_user, request.args.get("na"))
    rows = [a for a in page.rows if can(current_user, Action.APPLICATION_VIEW, a)]
    record("search", object="application.list", detail=f"after={page.after or ''} results={len(rows)}")
    record_listed_applications(rows, "application.list")
    family = (request.args.get("gezin") or "").strip()[:100]
    dossiers, more_dossiers = applicable_dossiers(current_user, family)
    record_listed("application.dossier_choice", [(dossier.id, None) for dossier in dossiers],
                  detail=f"q={family!r}" if family else "")
    return render_template("intake/index.html", rows=rows, page=page, statuses=vocabulary.STATUS, dossiers=dossiers,
                           more_dossiers=more_dossiers, family=family)


@bp.route("/aanmeldingen/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not can(current_user, Action.APPLICATION_CREATE):
        record("create", outcome="denied", object="application.create")
        abort(404)
    dossier = None
    dossier_id = id_arg("dossier")
    if dossier_id is not None:
        dossier = load_full_dossier(current_user, dossier_id)
        if dossier is None or not can(current_user, Action.APPLICATION_CREATE, dossier):
            record("view", dossier_id=dossier_id, outcome="denied", object="application.create")
            abort(404)
        record("view", dossier_id=dossier.id, object="application.create")
    form = _application_form(data=_initial(dossier=dossier) if request.method == "GET" else None)
    if form.validate_on_submit():
        response, conflict = _save(form, dossier=dossier)
        if response is not None:
            return response
    return render_template("intake/form.html", form=form, application=None, dossier=dossier,
                           criteria=CRITERIA), 422 if form.errors else 200


@bp.route("/aanmeldingen/<id:application_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    application = find_application(application_id, Action.APPLICATION_EDIT)
    form = _application_form(data=_initial(application) if request.method == "GET" else None)
    if form.validate_on_submit():
        response, conflict = _save(form, application=application)
        if conflict is not None:
            return conflict
        if response is not None:
            return response
    record("view", dossier_id=application.dossier_id, object=f"application:{application.id}")
    return render_template("intake/form.html", form=form, application=application,
                           dossier=application.dossier if application.for_existing_dossier else None,
                           criteria=CRITERIA), 422 if form.errors else 200


# --- one application ----------------------------------------------------------------------------

def _plan_form(application, formdata=None):
    form = PlanForm(formdata=formdata, prefix="plan")
    if formdata is None:
        form.version.data = application.version_id
        form.held_on.data = application.meeting.held_on if application.meeting else None
    return form


def _decision_form(application, formdata=None):
    form = DecisionForm(formdata=formdata)
    region_id = application.region_id
    form.coordinator_id.choices = options([(None, _("Choose a case coordinator"))] + [
        (u.id, f"{u.full_name}, {u.organisation.name}") for u in coordinator_candidates(region_id)])
    form.partner_ids.choices = options((org.id, org.name) for org in partner_candidates(region_id))
    if formdata is None:
        form.version.data = application.version_id
        form.partner_ids.data = list(dict.fromkeys(application.organisation_ids("involved")
                                                   + [application.organisation_id]))
        form.reference.data = application.family_reference
        form.legal_basis.data = "meldcode"
    return form


def _informed_form(application, formdata=None):
    form = FamilyInformedForm(formdata=formdata, prefix="family")
    if formdata is None:
        form.version.data = application.version_id
        if application.family_recorded_at is not None:
            form.informed.data = "yes" if application.family_informed_on else "not_yet"
            form.informed_on.data = application.family_informed_on
            form.reason.data = application.family_not_informed_reason
    return form


def _withdraw_form(application, formdata=None):
    form = WithdrawForm(formdata=formdata, prefix="withdraw")
    if formdata is None:
        form.version.data = application.version_id
    return form


def _join_form(application, radar, formdata=None):
    """Adding the report to the dossier in which the family is known: for the triage meeting,
    when the radar finds the persons of a new family in an open dossier."""
    form = JoinForm(formdata=formdata, prefix="join")
    form.dossier_id.choices = options(
        (known.id, known.reference if known.shown else
         _("The dossier in which %(names)s are known", names=", ".join(known.names)))
        for known in radar.open_dossiers)
    if formdata is None:
        form.version.data = application.version_id
        if len(radar.open_dossiers) == 1:
            form.dossier_id.data = radar.open_dossiers[0].id
    return form


def application_radar(application):
    """Where the family of an undecided application is known besides it (None once decided)."""
    if application.stage not in UNDECIDED_STAGES:
        return None
    return radar_of(current_user, application.persons, application.region_id,
                    asked_from=f"application:{application.id}", besides_application=application.id,
                    besides_dossier=application.dossier_id)


def render_application(application, status: int = 200, **forms):
    may_decide = can(current_user, Action.TRIAGE_DECIDE, application)
    may_inform = can(current_user, Action.APPLICATION_INFORM, application)
    dossier = application.dossier
    sees_dossier = dossier is not None and can(current_user, Action.DOSSIER_VIEW, dossier)
    record("view", dossier_id=application.dossier_id, object=f"application:{application.id}")
    radar = application_radar(application)
    join_form = forms.get("join_form")
    if join_form is None and radar and radar.open_dossiers and may_decide and not application.for_existing_dossier:
        join_form = _join_form(application, radar)
    return render_template(
        "intake/show.html", application=application, statuses=vocabulary.STATUS,
        criterion_labels=vocabulary.CRITERION, criteria=CRITERIA, today=clock.today(),
        waiting=days_waiting(application, clock.today()),
        may_edit=can(current_user, Action.APPLICATION_EDIT, application),
        plan_form=forms.get("plan_form") or (_plan_form(application) if may_decide else None),
        decision_form=forms.get("decision_form") or (
            _decision_form(application) if may_decide and application.stage == "planned" else None),
        informed_form=forms.get("informed_form") or (_informed_form(application) if may_inform else None),
        withdraw_form=forms.get("withdraw_form") or (
            _withdraw_form(application) if can(current_user, Action.APPLICATION_WITHDRAW, application) else None),
        radar=radar, join_form=join_form,
        sees_dossier=sees_dossier, may_mark_seen=ops.outcome_unseen_by(current_user, application),
        may_plan_conference=sees_dossier and can(current_user, Action.CONFERENCE_MANAGE, dossier)), status


@bp.route("/aanmeldingen/<id:application_id>")
@login_required
def show(application_id: int):
    return render_application(find_application(application_id))


@bp.route("/aanmeldingen/<id:application_id>/gezien", methods=["POST"])
@login_required
def seen(application_id: int):
    application = find_application(application_id)
    if not PostOnlyForm().validate_on_submit():
        return render_application(application, 400)
    if ops.mark_outcome_seen(current_user, application):
        flash(_("The decision has been marked as seen for your organisation."), "success")
    return redirect(url_for("intake.show", application_id=application.id))


@bp.route("/aanmeldingen/<id:application_id>/intrekken", methods=["POST"])
@login_required
def withdraw(application_id: int):
    """The applicant's organisation withdraws its application; anyone else who sees it hears from
    the engine why they may not."""
    application = find_application(application_id)
    form = _withdraw_form(application, request.form)
    if form.validate_on_submit():
        try:
            ops.withdraw_application(current_user, application, reason=form.reason.data or "",
                                     version=form.version.data)
        except ConflictError:
            return conflict_page(application, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The application has been withdrawn."), "success")
            return redirect(url_for("intake.show", application_id=application.id))
    return render_application(application, 422, withdraw_form=form)


@bp.route("/aanmeldingen/<id:application_id>/plannen", methods=["POST"])
@login_required
def plan(application_id: int):
    application = find_application(application_id)
    form = _plan_form(application, request.form)
    if form.validate_on_submit():
        try:
            meeting = ops.plan_application(current_user, application, held_on=form.held_on.data,
                                           version=form.version.data)
        except ConflictError:
            return conflict_page(application, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The application is on the agenda of the triage meeting of %(day)s.",
                    day=meeting.held_on.strftime("%d-%m-%Y")), "success")
            return redirect(url_for("intake.triage"))
    return render_application(application, 422, plan_form=form)


@bp.route("/aanmeldingen/<id:application_id>/besluit", methods=["POST"])
@login_required
def decide(application_id: int):
    application = find_application(application_id)
    form = _decision_form(application, request.form)
    if form.validate_on_submit():
        accepted = form.decision.data == "accepted"
        try:
            ops.decide(current_user, application, accepted=accepted, reason=form.reason.data or "",
                       advice=form.advice.data or "", coordinator_id=form.coordinator_id.data,
                       partner_ids=form.partner_ids.data or [], legal_basis=form.legal_basis.data,
                       reference=form.reference.data or "", version=form.version.data)
        except ConflictError:
            return conflict_page(application, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            if accepted:
                flash(_("The application has been accepted. The case coordinator and the proposed partners "
                        "can now find %(reference)s.", reference=application.reference), "success")
            else:
                flash(_("The decision has been recorded; the applicant sees the advice."), "success")
            return redirect(url_for("intake.show", application_id=application.id))
    return render_application(application, 422, decision_form=form)


@bp.route("/aanmeldingen/<id:application_id>/bij-bekend-dossier", methods=["POST"])
@login_required
def join(application_id: int):
    """The triage meeting adds the report of a family that turns out to be known to its dossier."""
    application = find_application(application_id)
    form = _join_form(application, application_radar(application) or Radar((), ()), request.form)
    if form.validate_on_submit():
        try:
            ops.add_to_known_dossier(current_user, application, dossier_id=form.dossier_id.data,
                                     reason=form.reason.data or "", version=form.version.data)
        except ConflictError:
            return conflict_page(application, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The report has been added as a signal to the dossier in which the family is known; its case "
                    "coordinator and team have been told."), "success")
            return redirect(url_for("intake.show", application_id=application.id))
    return render_application(application, 422, join_form=form)


@bp.route("/aanmeldingen/<id:application_id>/gezin", methods=["POST"])
@login_required
def family_informed(application_id: int):
    application = find_application(application_id, Action.APPLICATION_INFORM)
    form = _informed_form(application, request.form)
    if form.validate_on_submit():
        try:
            ops.record_family_informed(current_user, application, informed=form.informed.data == "yes",
                                       informed_on=form.informed_on.data, reason=form.reason.data or "",
                                       version=form.version.data)
        except ConflictError:
            return conflict_page(application, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("It has been recorded whether the family has been told."), "success")
            return redirect(url_for("intake.show", application_id=application.id))
    return render_application(application, 422, informed_form=form)


# --- the triage list ----------------------------------------------------------------------------

# The query argument that pages each list of the triage page (the key of the last row shown).
TRIAGE_PARAMS = {"waiting": "na", "decided": "besloten_na", "withdrawn": "ingetrokken_na"}


@bp.route("/triage")
@login_required
def triage():
    if not can(current_user, Action.TRIAGE_VIEW):
        record("search", outcome="denied", object="triage.list")
        abort(404)
    region_id = current_user.organisation.region_id
    today = clock.today()
    waiting = triage_queue(region_id, request.args.get(TRIAGE_PARAMS["waiting"]))
    decided = recently_decided(region_id, request.args.get(TRIAGE_PARAMS["decided"]))
    withdrawn = recently_withdrawn(region_id, request.args.get(TRIAGE_PARAMS["withdrawn"]))
    record("search", object="triage.list",
           detail=f"waiting={len(waiting.rows)} decided={len(decided.rows)} withdrawn={len(withdrawn.rows)}")
    record_listed_applications(waiting.rows + decided.rows + withdrawn.rows, "triage.list")
    known = known_among(current_user, waiting.rows, region_id, asked_from="triage.list")
    return render_template("intake/triage.html", waiting=waiting, decided=decided, withdrawn=withdrawn,
                           days_waiting={a.id: days_waiting(a, today) for a in waiting.rows},
                           statuses=vocabulary.STATUS, today=today, params=TRIAGE_PARAMS, known=known)
