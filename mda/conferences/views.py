"""Case conference pages under /dossiers/<id>/casusoverleg, and the agenda (/agenda) of the
coming conferences. Handlers load through the access scope, delegate to the operations, render."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record, record_listed
from mda.auth.reauth import require_reauthentication
from mda.conferences import ics, pdf, vocabulary
from mda.conferences import operations as ops
from mda.conferences.forms import ApproveForm, AttendanceForm, ConferenceForm, CorrectionForm, MinutesForm
from mda.conferences.queries import (coming_conferences, coordinated_dossiers, dossier_conferences, dossiers_seen,
                                     last_relapse_on, load_conference, team_organisations)
from mda.core import clock
from mda.core.inputs import id_arg
from mda.core.pages import StaleWrite, put_problems, refusal_messages, stale_write_page
from mda.dossiers.pages import load_dossier
from mda.errors import ConflictError, Refused, RuleError
from mda.labels import options
from mda.reviews.queries import open_review_of

bp = Blueprint("conferences", __name__, url_prefix="/dossiers")
agenda_bp = Blueprint("agenda", __name__)


def find_conference(dossier, conference_id: int):
    conference = load_conference(dossier.id, conference_id)
    if conference is None:
        record("view" if request.method == "GET" else "update", dossier_id=dossier.id, outcome="denied",
               object=f"conference:{conference_id}")
        abort(404)
    return conference


def render_page(template: str, dossier, status: int = 200, **context):
    record("view", dossier_id=dossier.id, object=request.endpoint or "")
    return render_template(template, dossier=dossier, **context), status


def conflict_page(dossier, conference, form):
    """Refuses a stale change of a conference or its minutes and shows what the user typed."""
    yours = [(field.label.text, field.data) for field in form
             if field.type in ("StringField", "TextAreaField") and (field.data or "").strip()]
    return stale_write_page(form, lambda: StaleWrite(
        f"conference:{conference.id}", dossier.id,
        back_url=url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id),
        back_label=_("Open the case conference again")), yours=yours)


# --- planning -----------------------------------------------------------------------------------

def _conference_form(dossier, conference=None, formdata=None, agenda: str | None = None) -> ConferenceForm:
    if formdata is None and request.method == "GET":
        data = _initial(dossier, conference)
        if agenda is not None:
            data["agenda"] = agenda
        form = ConferenceForm(formdata=None, data=data)
    else:
        form = ConferenceForm()
    form.partner_ids.choices = options((org.id, org.name) for org in team_organisations(dossier))
    return form


def _initial(dossier, conference=None) -> dict:
    if conference is None:
        return {"agenda": ops.standard_agenda(vocabulary.STANDARD_AGENDA),
                "partner_ids": [org.id for org in team_organisations(dossier)],
                "persons": [{"person_id": p.id, "invited": "yes", "reason": ""} for p in dossier.persons]}
    invited = {i.person_id: i for i in conference.persons}
    return {"held_on": conference.held_on, "starts_at": conference.starts_at, "ends_at": conference.ends_at,
            "place": conference.place, "video_link": conference.video_link, "agenda": conference.agenda,
            "partner_ids": [i.organisation_id for i in conference.partners],
            "persons": [{"person_id": p.id,
                         "invited": "yes" if p.id not in invited or invited[p.id].invited else "no",
                         "reason": invited[p.id].not_invited_reason if p.id in invited else ""}
                        for p in dossier.persons],
            "version": conference.version_id}


def _values(form) -> dict:
    return {"held_on": form.held_on.data, "starts_at": form.starts_at.data, "ends_at": form.ends_at.data,
            "place": (form.place.data or "").strip(), "video_link": (form.video_link.data or "").strip(),
            "agenda": (form.agenda.data or "").strip(), "partner_ids": list(form.partner_ids.data or []),
            "persons": [{"person_id": row.form.person_id.data, "invited": row.form.invited.data == "yes",
                         "reason": (row.form.reason.data or "").strip()} for row in form.persons]}


def _person_names(dossier) -> dict:
    return {str(p.id): p for p in dossier.persons}


@bp.route("/<id:dossier_id>/casusoverleggen")
@login_required
def index(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_VIEW, log_view=True)
    return render_template("conferences/index.html", dossier=dossier, conferences=dossier_conferences(dossier.id),
                           statuses=vocabulary.STATUS, may_manage=can(current_user, Action.CONFERENCE_MANAGE, dossier),
                           today=clock.today())


def relapse_occasion(dossier):
    """The day of the relapse a conference is planned about (``?aanleiding=terugval``, the offer
    after a relapse), and its agenda; None for a conference on another occasion."""
    if request.args.get("aanleiding") != "terugval":
        return None, None
    day = last_relapse_on(dossier.id)
    if day is None:
        return None, None
    first = str(vocabulary.RELAPSE_FIRST % {"day": format_date(day, "d MMMM y")})
    return day, ops.standard_agenda((first, *vocabulary.RELAPSE_AGENDA))


@bp.route("/<id:dossier_id>/casusoverleg/nieuw", methods=["GET", "POST"])
@login_required
def new(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    relapse_day, agenda = relapse_occasion(dossier)
    form = _conference_form(dossier, agenda=agenda)
    if form.validate_on_submit():
        try:
            conference = ops.plan_conference(current_user, dossier, _values(form))
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The case conference has been planned. The invited partners see it on their agenda."), "success")
            return redirect(url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id))
    return render_page("conferences/form.html", dossier, 422 if form.errors else 200, form=form, conference=None,
                       persons=_person_names(dossier), relapse_day=relapse_day)


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    conference = find_conference(dossier, conference_id)
    form = _conference_form(dossier, conference)
    if form.validate_on_submit():
        try:
            ops.update_conference(current_user, conference, _values(form), version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, conference, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The case conference has been changed."), "success")
            return redirect(url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id))
    return render_page("conferences/form.html", dossier, 422 if form.errors else 200, form=form,
                       conference=conference, persons=_person_names(dossier))


# --- one conference -----------------------------------------------------------------------------

def _attendance_form(conference, formdata=None) -> AttendanceForm:
    form = AttendanceForm(formdata=formdata, prefix="attendance")
    form.attended.choices = options((i.id, i.name) for i in conference.invitees if i.invited)
    if formdata is None:
        form.version.data = conference.version_id
        form.attended.data = [i.id for i in conference.invitees if i.attended]
    return form


def render_conference(dossier, conference, status: int = 200, **forms):
    may_manage = can(current_user, Action.CONFERENCE_MANAGE, dossier)
    minutes = conference.current_minutes
    today = clock.today()
    held_day = conference.held_on <= today
    approved = minutes is not None and minutes.stage == "approved"
    health = can(current_user, Action.HEALTH_VIEW, dossier)
    if health and minutes is not None and (minutes.health_body or any(d.health_related for d in minutes.decisions)):
        record("view", dossier_id=dossier.id, object=f"conference:{conference.id}.health")
    approve_form = ApproveForm(formdata=None, prefix="approve")
    if minutes is not None:
        approve_form.version.data = minutes.version_id
    return render_page(
        "conferences/show.html", dossier, status, conference=conference, minutes=minutes, today=today,
        health=health, review=conference.review or open_review_of(dossier.id),
        presence=minutes.presence() if minutes is not None else {i.id: i.attended for i in conference.invitees},
        statuses=vocabulary.STATUS, minutes_statuses=vocabulary.MINUTES_STATUS,
        decision_kinds=vocabulary.DECISION_KIND, plans=vocabulary.PLAN, may_manage=may_manage,
        attendance_form=forms.get("attendance_form") or (
            _attendance_form(conference) if may_manage and held_day and not approved else None),
        approve_form=approve_form if may_manage and minutes is not None and minutes.stage == "draft" else None,
        correction_form=forms.get("correction_form") or (
            CorrectionForm(formdata=None, prefix="correction")
            if may_manage and approved else None),
        may_write_minutes=may_manage and held_day and (minutes is None or minutes.stage == "draft"),
        problems=forms.get("problems", ()), may_export=can(current_user, Action.CONFERENCE_EXPORT, dossier))


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>")
@login_required
def show(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_VIEW)
    return render_conference(dossier, find_conference(dossier, conference_id))


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/aanwezigheid", methods=["POST"])
@login_required
def attendance(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    conference = find_conference(dossier, conference_id)
    form = _attendance_form(conference, request.form)
    if form.validate_on_submit():
        try:
            ops.record_attendance(current_user, conference, present=set(form.attended.data or []),
                                  version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, conference, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The attendance has been recorded."), "success")
            return redirect(url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id))
    return render_conference(dossier, conference, 422, attendance_form=form)


def _minutes_form(dossier, conference, formdata=None) -> MinutesForm:
    minutes = conference.current_minutes
    if request.method == "GET":
        rows = [{"decision_id": d.id, "kind": d.kind, "text": d.text, "organisation_id": d.organisation_id,
                 "due_on": d.due_on, "plan": d.plan, "health_related": d.health_related}
                for d in minutes.decisions] if minutes else []
        rows += [{} for _row in range(2)]
        form = MinutesForm(formdata=None, data={"body": minutes.body if minutes else "",
                                                "health_body": minutes.health_body if minutes else "",
                                                "decisions": rows,
                                                "version": minutes.version_id if minutes else 0})
    else:
        form = MinutesForm()
    partners = options([(None, _("Not applicable"))] + [
        (org.id, org.name) for org in team_organisations(dossier)])
    for row in form.decisions:
        row.form.organisation_id.choices = partners
    return form


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/verslag", methods=["GET", "POST"])
@login_required
def minutes(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    conference = find_conference(dossier, conference_id)
    form = _minutes_form(dossier, conference)
    current = conference.current_minutes
    if form.validate_on_submit():
        try:
            ops.save_minutes(current_user, conference, body=form.body.data, decisions=form.decision_values(),
                             health_body=form.health_body.data or "", version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, conference, form)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("The minutes have been saved as a draft. Approve them when they are final."), "success")
            return redirect(url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id)
                            + "#verslag")
    status = 422 if form.errors else 200
    return render_page("conferences/minutes_form.html", dossier, status, form=form, conference=conference,
                       minutes=current, approved=current is not None and current.stage == "approved")


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/verslag/vaststellen", methods=["POST"])
@login_required
def approve(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    conference = find_conference(dossier, conference_id)
    form = ApproveForm(prefix="approve")
    if form.validate_on_submit():
        try:
            tasks = ops.approve_minutes(current_user, conference, version=form.version.data)
        except ConflictError:
            return conflict_page(dossier, conference, form)
        except RuleError as error:
            return render_conference(dossier, conference, 422, problems=[str(error.message)])
        except Refused as refused:
            return render_conference(dossier, conference, 422, problems=refusal_messages(refused))
        flash(ngettext("The minutes have been approved; %(num)d decision has become a task.",
                       "The minutes have been approved; %(num)d decisions have become tasks.", len(tasks)), "success")
        return redirect(url_for("conferences.show", dossier_id=dossier.id, conference_id=conference.id) + "#verslag")
    return render_conference(dossier, conference, 400)


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/verslag/correctie", methods=["POST"])
@login_required
def correct(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_MANAGE)
    conference = find_conference(dossier, conference_id)
    form = CorrectionForm(prefix="correction")
    if form.validate_on_submit():
        try:
            ops.correct_minutes(current_user, conference, reason=form.reason.data)
        except (RuleError, Refused) as error:
            put_problems(form, error)
        else:
            flash(_("A correction has been started: a new version of the minutes, linked to the approved one."),
                  "success")
            return redirect(url_for("conferences.minutes", dossier_id=dossier.id, conference_id=conference.id))
    return render_conference(dossier, conference, 422, correction_form=form)


# --- documents ----------------------------------------------------------------------------------

def _document(content: bytes, mimetype: str, name: str):
    response = make_response(content)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/verslag.pdf")
@login_required
@require_reauthentication
def minutes_pdf(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_EXPORT)
    conference = find_conference(dossier, conference_id)
    approved = [m for m in conference.minutes if m.stage == "approved"]
    if not approved:
        record("export", dossier_id=dossier.id, outcome="denied", object=f"conference:{conference.id}.minutes")
        abort(404)
    # Whoever may see health data can also print the version for the family and the other partners.
    health = can(current_user, Action.HEALTH_VIEW, dossier) and "zonder-gezondheid" not in request.args
    document = pdf.minutes_pdf(conference, approved[-1], health=health)
    record("export", dossier_id=dossier.id, object="conference.minutes.pdf",
           detail=f"conference {conference.id}; minutes version {approved[-1].version}"
                  + ("; with health part" if health else "; without health part"))
    return _document(document, "application/pdf", pdf.filename(conference, "verslag"))


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/uitnodigingslijst.pdf")
@login_required
@require_reauthentication
def invitations_pdf(dossier_id: int, conference_id: int):
    dossier = load_dossier(dossier_id, Action.CONFERENCE_EXPORT)
    conference = find_conference(dossier, conference_id)
    document = pdf.invitations_pdf(conference)
    record("export", dossier_id=dossier.id, object="conference.invitations.pdf", detail=f"conference {conference.id}")
    return _document(document, "application/pdf", pdf.filename(conference, "uitnodigingslijst"))


@bp.route("/<id:dossier_id>/casusoverleg/<id:conference_id>/uitnodiging.ics")
@login_required
@require_reauthentication
def invitation(dossier_id: int, conference_id: int):
    conference = load_conference(dossier_id, conference_id)
    if conference is None or not can(current_user, Action.CONFERENCE_INVITATION, conference):
        record("export", dossier_id=dossier_id, outcome="denied", object=f"conference:{conference_id}.ics")
        abort(404)
    url = url_for("conferences.show", dossier_id=dossier_id, conference_id=conference.id, _external=True)
    record("export", dossier_id=dossier_id, object="conference.ics", detail=f"conference {conference.id}")
    return _document(ics.invitation(conference, url), "text/calendar; charset=utf-8", ics.filename(conference))


# --- the agenda ---------------------------------------------------------------------------------

@agenda_bp.route("/agenda")
@login_required
def agenda():
    if not can(current_user, Action.APPLICATION_CREATE):
        record("search", outcome="denied", object="conference.agenda")
        abort(404)
    today = clock.today()
    page = coming_conferences(current_user, today, request.args.get("na"))
    seen = dossiers_seen(current_user, [c.dossier_id for c in page.rows])  # can(CONFERENCE_VIEW), at once
    rows = [(c, c.dossier_id in seen) for c in page.rows]
    dossiers = coordinated_dossiers(current_user) if current_user.role == "coordinator" else []
    record("search", object="conference.agenda", detail=f"after={page.after or ''} results={len(rows)}")
    record_listed("conference.agenda", [(c.dossier_id, None) for c, _sees in rows] + [(d.id, None) for d in dossiers])
    return render_template("conferences/agenda.html", rows=rows, page=page, today=today, dossiers=dossiers)


@agenda_bp.route("/agenda/plannen")
@login_required
def plan_for():
    """The agenda's 'plan a conference for' choice, as a plain GET form without JavaScript."""
    dossier_id = id_arg("dossier")
    if dossier_id is None:
        abort(404)
    return redirect(url_for("conferences.new", dossier_id=dossier_id))
