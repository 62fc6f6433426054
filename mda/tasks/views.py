"""The task list of an organisation (/taken) and the steps on a task."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _, ngettext
from flask_login import current_user, login_required

from sqlalchemy import select

from mda.access import Action, can, visible_tasks
from mda.access.policy import escalated_to, may_read_outcome
from mda.audit.log import record, record_listed, record_listed_applications, record_many
from mda.core import clock
from mda.conferences.queries import conference_invitations, dossiers_seen
from mda.core.i18n import language
from mda.core.pages import StaleWrite, stale_write_page
from mda.engine.core import available, fire
from mda.tasks.lifecycle import reassign
from mda.orgs.calendar import task_context
from mda.errors import ConflictError, Refused
from mda.escalation.models import Escalation
from mda.escalation.queries import queue
from mda.extensions import db
from mda.intake.queries import unseen_outcomes
from mda.intake.vocabulary import STATUS as APPLICATION_STATUS
from mda.labels import options
from mda.safetyplan.queries import is_editable, load_version
from mda.safetyplan.section import relapse_context
from mda.tasks import operations as ops
from mda.orgs.models import Organisation
from mda.tasks.forms import (ExtensionForm, HandOverForm, InvitationForm, ReassignForm, RestrainingOrderForm,
                             step_form_class)
from mda.tasks.handover import HandOverRefused, hand_over
from mda.tasks.models import PENDING_STATES, Task
from mda.tasks.queries import (EMPTY, OWN, PARTNERS, RECENT_DAYS, load_invitation, load_task, may_open_dossier,
                               reassign_candidates, sees_dossiers, task_list, team_organisations)
from workflows import TASK_WORKFLOW, URGENT_TASK_KINDS, holders_label

bp = Blueprint("tasks", __name__, url_prefix="/taken")

# The form field a refusal of the engine belongs to; other reasons are shown above the forms.
REASON_FIELDS = {"reason_required": "reason", "result_required": "result", "due_before_today": "due_on",
                 "extension_not_later": "ends_on", "extension_too_long": "ends_on", "order_ended": "extended",
                 "wrong_kind_of_organisation": "organisation_id", "health_task": "organisation_id",
                 "not_on_team": "organisation_id"}
REASSIGN_TERM = 5  # working days proposed as the new due date
# The query argument that pages each list of the task list (the key of the last row shown).
PAGE_PARAMS = {"decisions": "besluiten_na", "pending": "na", "recent": "afgesloten_na", "to_reassign": "opnieuw_na"}
VIEW_PARAM = "weergave"  # OWN (the default) or PARTNERS
ESCALATIONS_SHOWN = 5  # the longest waiting of the escalations at the user's level; the rest on its queue


@bp.app_template_filter("due")
def due(task) -> str:
    """A task's due day, with the time of day when it is due at one (before school starts)."""
    day = format_date(task.due_on, "d MMMM y")
    return f"{day}, {task.due_time.strftime('%H:%M')}" if task.due_time else day


def state_labels(lang: str) -> dict[str, str]:
    return {state.name: state.label.text(lang) for state in TASK_WORKFLOW.states}


def find_task(task_id: int):
    """The task if the user may see it; otherwise the same 404 as a missing one."""
    task = load_task(current_user, task_id)
    if task is None:
        record("view" if request.method == "GET" else "update", outcome="denied",
               object=f"task:{task_id}")
        abort(404)
    return task


# --- the list -----------------------------------------------------------------------------------

@bp.route("")
@login_required
def index():
    return render_index()


def current_view() -> str:
    return PARTNERS if request.args.get(VIEW_PARAM) == PARTNERS and current_user.role == "coordinator" else OWN


def escalations_waiting():
    """The escalations waiting at the level the user acts at (team lead, procesregisseur,
    steering group), longest waiting first; None for anyone else."""
    if can(current_user, Action.STEERING_VIEW):
        rung = "steering"
    elif can(current_user, Action.ESCALATION_QUEUE):
        rung = "team_lead" if current_user.role == "team_lead" else "zvh"
    else:
        return None
    return queue(escalated_to(current_user).where(Escalation.rung == rung), None, ESCALATIONS_SHOWN)


def may_hand_over() -> bool:
    return current_user.role == "coordinator" and sees_dossiers(current_user)


def hand_over_form(formdata=None) -> HandOverForm:
    """The coordinator's form to hand tasks ticked on the list to one organisation of the region."""
    form = HandOverForm(formdata=formdata) if formdata is not None else HandOverForm()
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.region_id == current_user.organisation.region_id, Organisation.active.is_(True))
        .order_by(Organisation.name))
    form.organisation_id.choices = options([(None, _("Choose an organisation"))] + [
        (org.id, org.name) for org in organisations])
    return form


def render_index(status: int = 200, invitation_forms: dict | None = None, problems=(),
                 handover: HandOverForm | None = None):
    today = clock.today()
    view = current_view()
    tasks = task_list(current_user, {part: request.args.get(param) for part, param in PAGE_PARAMS.items()}, view)
    shows_dossiers = sees_dossiers(current_user)
    conferences = conference_invitations(current_user, today) if view == OWN and shows_dossiers else EMPTY
    conferences_seen = dossiers_seen(current_user, [c.dossier_id for c in conferences.rows])
    escalations = escalations_waiting() if view == OWN else None
    if may_hand_over() and handover is None:
        handover = hand_over_form(formdata=None)
    forms = dict(invitation_forms or {})
    for membership in tasks.invitations:
        forms.setdefault(membership.id, InvitationForm(formdata=None))
        forms[membership.id].unique_ids(f"invitation-{membership.id}")
    record_many("view", ({"dossier_id": membership.dossier_id, "object": f"invitation:{membership.id}"}
                         for membership in tasks.invitations))
    record("search", object="task.list",
           detail=f"view={view} decisions={len(tasks.decisions.rows)} pending={len(tasks.pending.rows)} "
                  f"recent={len(tasks.recent.rows)} to_reassign={len(tasks.to_reassign.rows)} "
                  f"invitations={len(tasks.invitations)} conferences={len(conferences.rows)}")
    outcomes = [a for a in unseen_outcomes(current_user) if can(current_user, Action.APPLICATION_VIEW, a)]
    record_listed("task.list", shown_on_task_list(tasks, shows_dossiers)
                  + [(c.dossier_id, None) for c in conferences.rows]
                  + [(e.dossier_id, None) for e in (escalations.rows if escalations else ())])
    record_listed_applications(outcomes, "task.list")
    lang = language()
    return render_template("tasks/index.html", tasks=tasks, invitation_forms=forms, problems=problems,
                           outcomes=outcomes, application_statuses=APPLICATION_STATUS,
                           today=today, lang=lang, states=state_labels(lang), recent_days=RECENT_DAYS,
                           sees_dossiers=shows_dossiers, params=PAGE_PARAMS, view=view, views=(OWN, PARTNERS),
                           view_param=VIEW_PARAM, conferences=conferences, conferences_seen=conferences_seen,
                           waiting_escalations=escalations, handover=handover,
                           urgent_kinds=URGENT_TASK_KINDS), status


def shown_on_task_list(tasks, shows_dossiers: bool):
    """The (dossier, person) pairs the task list shows: the family and person of each task; to a
    school only the child of a task (name and date of birth), never the family."""
    rows = [*tasks.decisions.rows, *tasks.pending.rows, *tasks.recent.rows]
    if not shows_dossiers:
        return [(task.dossier_id, task.person_id) for task in rows if task.person_id is not None]
    return ([(task.dossier_id, task.person_id) for task in rows]
            + [(task.dossier_id, None) for task in tasks.to_reassign.rows])


@bp.route("/overdragen", methods=["POST"])
@login_required
def hand_over_tasks():
    """The coordinator hands the tasks ticked on the list to one organisation, with one reason:
    all of them, or none and a page that says which cannot go there and why."""
    if not may_hand_over():
        record("update", outcome="denied", object="task.hand_over")
        abort(404)
    form = hand_over_form()
    if not form.validate_on_submit():
        return render_index(422, handover=form)
    chosen = dict(form.taken.data)
    found = {task.id: task for task in db.session.scalars(visible_tasks(current_user).where(Task.id.in_(chosen)))}
    if len(found) < len(chosen):  # a task the user may not see: as if it did not exist
        record("update", outcome="denied", object="task.hand_over",
               detail=" ".join(f"task:{task_id}" for task_id in chosen if task_id not in found))
        return render_index(422, problems=[_("A ticked task was not found. Look at the list again.")],
                            handover=form)
    name = next((c.label for c in form.organisation_id.choices if c.value == form.organisation_id.data), "")
    try:
        successors = hand_over([(found[task_id], version) for task_id, version in chosen.items()], current_user,
                               organisation_id=form.organisation_id.data, reason=form.reason.data.strip(),
                               due_on=form.due_on.data)
    except HandOverRefused as refused:
        lang = language()
        problems = [_("Nothing has been handed over: %(count)d of the %(total)d tasks cannot go to %(name)s.",
                      count=len(refused.refusals), total=len(chosen), name=name)]
        problems += [_("%(task)s (%(family)s): %(reasons)s", task=r.task.title(lang), family=r.task.dossier.reference,
                       reasons=" ".join(reason.text(lang) for reason in r.reasons)) for r in refused.refusals]
        return render_index(422, problems=problems, handover=form)
    flash(ngettext("%(num)d task has been handed to %(name)s.", "%(num)d tasks have been handed to %(name)s.",
                   len(successors), name=name), "success")
    return redirect(url_for("tasks.index", **{VIEW_PARAM: request.args.get(VIEW_PARAM) or None}))


# --- one task -----------------------------------------------------------------------------------

def prepare(form, task, event: str, submitted: bool = False):
    """Sets the form's step and, for reassigning, the organisations it offers: those on the team
    that do this kind of work. A submitted choice of another partner on the team goes on to the
    engine, which says why that organisation cannot take the task."""
    form.event.data = event
    if isinstance(form, ReassignForm):
        organisations = team_organisations(task) if submitted else reassign_candidates(task)
        form.organisation_id.choices = options([(None, _("Choose an organisation"))] + [
            (org.id, org.name) for org in organisations])
    return form.unique_ids(event)


def blank_form(task, event: str):
    form = prepare(step_form_class(event, task)(formdata=None), task, event)
    form.version.data = task.version_id
    if isinstance(form, ReassignForm):
        calendar = task_context(task.dossier.region_id).calendar
        form.due_on.data = calendar.add_working_days(clock.today(), REASSIGN_TERM)
        if task.kind == "school_signal":  # still due when school starts
            form.due_on.data = max(task.due_on, clock.today())
    return form


def rihg_link(task, shows_dossier: bool) -> str | None:
    """Where the police record the RiHG that completes their risk-assessment task."""
    if (task.kind != "police_risk_assessment" or task.state not in ("open", "accepted") or not shows_dossier
            or not can(current_user, Action.TASK_WORK, task) or not may_open_dossier(current_user, task.dossier_id)):
        return None
    return url_for("reviews.record_risk", dossier_id=task.dossier_id, instrument="rihg")


def score_review_id(task) -> int | None:
    """The review a task to score belongs to (its key is ``safety_score:<review>:<organisation>``)."""
    if task.kind != "safety_score" or not task.dedupe_key:
        return None
    return int(task.dedupe_key.split(":")[1])


def render_task(task, submitted=None, problems=(), status: int = 200):
    lang = language()
    actions = available(task, current_user)
    forms = {}
    for action in actions:
        if action.allowed:
            forms[action.event] = (submitted if submitted is not None and submitted.event.data == action.event
                                   else blank_form(task, action.event))
    shows_dossier = sees_dossiers(current_user)
    dossier_link = shows_dossier and may_open_dossier(current_user, task.dossier_id)
    record("view", dossier_id=task.dossier_id, person_id=task.person_id, object=f"task:{task.id}")
    return render_template(
        "tasks/show.html", task=task, actions=actions, forms=forms, problems=problems, lang=lang,
        submitted=submitted if submitted is not None and submitted.event.data in forms else None,
        states=state_labels(lang), today=clock.today(), sees_dossiers=shows_dossier,
        outcome_shown=may_read_outcome(current_user, task), holders=holders_label(task.kind).text(lang),
        score_review_id=score_review_id(task), record_rihg=rihg_link(task, shows_dossier),
        relapse=revision_context(task) if dossier_link else None, dossier_link=dossier_link), status


def revision_context(task) -> dict | None:
    """On the coordinator's task to revise the safety plan after a relapse: the ways to do it."""
    if task.kind != "safety_plan_revision" or task.state not in PENDING_STATES:
        return None
    dossier = task.dossier
    return relapse_context(dossier, current_user, load_version(dossier.id), is_editable(dossier))


def _text(form, name: str) -> str:
    field = getattr(form, name, None)
    return (field.data or "") if field is not None else ""


def take_step(task, event: str, form) -> str:
    """Hands the step to the engine; returns the message to show when it is done."""
    version = form.version.data
    if event == "reassign":
        reassign(task, current_user, organisation_id=form.organisation_id.data,
                      due_on=form.due_on.data, version=version)
        chosen = form.organisation_id.data
        name = next((c.label for c in form.organisation_id.choices if c.value == chosen), "")
        return _("The task has been given to %(name)s.", name=name)
    if isinstance(form, RestrainingOrderForm):
        imposed_on = form.imposed_on.data if form.imposed.data == "yes" else None
        extension = ops.complete_restraining_order(task, current_user, result=form.result.data,
                                                   imposed_on=imposed_on, version=version)
        if extension is not None:
            return _("The decision has been recorded. A task to decide on extending the restraining order "
                     "before it ends has been added.")
        return _("The decision has been recorded and the task is done.")
    if isinstance(form, ExtensionForm):
        if form.extended.data == "yes":
            order = ops.extend_restraining_order(task, current_user, result=form.result.data,
                                                 ends_on=form.ends_on.data, version=version)
            if order is not None:
                return _("The extension has been recorded: the restraining order runs until %(day)s.",
                         day=format_date(order.ends_on, "d MMMM y"))
        fire(task, "complete", current_user, result=form.result.data, version=version)
        return _("The decision has been recorded and the task is done.")
    fire(task, event, current_user, reason=_text(form, "reason"), result=_text(form, "result"),
         follow_up=_text(form, "follow_up") or None, version=version)
    return {
        "accept": _("You have accepted the task."),
        "confirm": _("You have confirmed that your school has the signal."),
        "complete": _("The task is done."),
        "decline": _("You have declined the task. The case coordinator will give it to another partner."),
        "cancel": _("The task has been cancelled."),
    }.get(event, _("The step has been taken."))


def place_reasons(form, reasons, on_fields: bool = True) -> list[str]:
    """Puts each refusal reason on the form field it concerns; returns the others."""
    lang = language()
    others = []
    for reason in reasons:
        field = getattr(form, REASON_FIELDS.get(reason.code, ""), None) if on_fields else None
        if field is not None:
            field.errors = [*field.errors, reason.text(lang)]
        else:
            others.append(reason.text(lang))
    return others


def conflict_page(task, form):
    """Refuses a stale step and shows what the user typed, so nothing is lost."""
    return stale_write_page(form, lambda: StaleWrite(
        f"task:{task.id}", task.dossier_id, reload_url=url_for("tasks.show", task_id=task.id),
        back_url=url_for("tasks.index"), back_label=_("Back to the tasks")), yours=form.typed())


@bp.route("/<id:task_id>", methods=["GET", "POST"])
@login_required
def show(task_id: int):
    task = find_task(task_id)
    if request.method == "GET":
        return render_task(task)
    event = request.form.get("event", "")
    form = prepare(step_form_class(event, task)(), task, event, submitted=True)
    allowed = {action.event for action in available(task, current_user) if action.allowed}
    # A step the user may not take goes straight to the engine, which says every reason why not.
    if event in allowed and not form.validate_on_submit():
        return render_task(task, submitted=prepare(form, task, event), status=422)
    try:
        message = take_step(task, event, form)
    except ConflictError:
        return conflict_page(task, form)
    except Refused as refused:
        problems = place_reasons(form, refused.reasons, on_fields=event in allowed)
        return render_task(task, submitted=prepare(form, task, event), problems=problems, status=422)
    flash(message, "success")
    if event == "accept":
        return redirect(url_for("tasks.show", task_id=task.id))
    return redirect(url_for("tasks.index"))


# --- invitations to a team ----------------------------------------------------------------------

@bp.route("/uitnodigingen/<id:membership_id>", methods=["POST"])
@login_required
def respond(membership_id: int):
    membership = load_invitation(current_user, membership_id)
    if membership is None or not can(current_user, Action.MEMBERSHIP_RESPOND, membership):
        record("update", outcome="denied", object=f"invitation:{membership_id}")
        abort(404)
    form = InvitationForm()
    event = request.form.get("event", "")
    problems = []
    if form.validate_on_submit():
        reference = membership.dossier.reference
        try:
            fire(membership, event, current_user, reason=form.reason.data or "")
        except Refused as refused:
            problems = place_reasons(form, refused.reasons)
        else:
            if event == "accept":
                flash(_("Your organisation is now on the team of %(reference)s.", reference=reference),
                      "success")
                return redirect(url_for("dossiers.show", dossier_id=membership.dossier_id))
            flash(_("You have declined the invitation for %(reference)s.", reference=reference), "success")
            return redirect(url_for("tasks.index"))
    return render_index(422, {membership.id: form}, problems)
