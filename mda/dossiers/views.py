"""Dossier pages: thin handlers that load through the access scope, check, delegate, render."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from mda.access import Action, can
from mda.access.policy import shows_note
from mda import labels
from mda.labels import options
from mda.audit.log import record, record_listed
from mda.core.forms import first_submission, submitted
from mda.core.inputs import id_arg, parse_id
from mda.core.pages import conflict_page, put_problems, render_form
from mda.dossiers import operations as ops
from mda.dossiers.identity import masked_bsn
from mda.dossiers.incidents import recent_incidents
from mda.dossiers.forms import (EditDossierForm, EndMembershipForm, NewDossierForm, NoteForm, PersonForm,
                                SignalForm, StatementForm, TeamMemberForm)
from mda.dossiers.pages import load_dossier, person_choices, render_dossier_page
from mda.dossiers.queries import access_log_for, dossier_list
from mda.errors import Refused
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.radar.known import radar_of
from mda.core.i18n import language
from mda.engine.core import fire

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")


@bp.app_template_filter("bsn")
def bsn_filter(bsn: str | None) -> str:
    """A BSN on a page: its last three digits only."""
    return masked_bsn(bsn)


def region_organisations(kind: str) -> list[tuple[int | None, str]]:
    stmt = (select(Organisation).where(Organisation.region_id == current_user.organisation.region_id,
                                       Organisation.kind == kind, Organisation.active.is_(True))
            .order_by(Organisation.name))
    return [(org.id, org.name) for org in db.session.scalars(stmt)]


def reporter_choices():
    stmt = (select(Organisation).where(Organisation.region_id == current_user.organisation.region_id,
                                       Organisation.active.is_(True)).order_by(Organisation.name))
    return options([(None, _("None or unknown"))] + [(o.id, o.name) for o in db.session.scalars(stmt)])


def school_choices() -> list:
    return options([(None, _("No school or childcare"))] + region_organisations("school"))


def signal_values(form) -> dict:
    return {
        "reported_on": form.reported_on.data, "reported_time": form.reported_time.data,
        "reporter_kind": form.reporter_kind.data,
        "reporter_organisation_id": form.reporter_organisation_id.data,
        "violence_type": form.violence_type.data, "acute": form.acute.data,
        "police_callout": form.police_callout.data, "description": form.description.data or "",
    }


@bp.route("")
@login_required
def index():
    query = (request.args.get("q") or "").strip()[:100]
    page = dossier_list(current_user, query, request.args.get("na"))
    record("search", object="dossier.list",
           detail=f"q={query!r} after={page.after or ''} results={len(page.rows)}")
    record_listed("dossier.list", [(row.dossier.id, None) for row in page.rows],
                  detail=f"q={query!r} after={page.after or ''}")
    return render_template("dossiers/index.html", page=page, query=query,
                           may_create=can(current_user, Action.DOSSIER_CREATE))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not can(current_user, Action.DOSSIER_CREATE):
        record("create", outcome="denied", object="dossier.create")
        abort(404)
    form = NewDossierForm()
    form.reporter_organisation_id.choices = reporter_choices()
    schools = school_choices()
    for row in form.persons:
        row.form.school_id.choices = schools
    if form.validate_on_submit():
        persons = [row.form.person_values() for row in form.persons if not row.form.is_empty()]
        # One family, one dossier: a family the radar knows is not opened again without a yes.
        radar = radar_of(current_user, persons, current_user.organisation.region_id, asked_from="dossier.create")
        if radar and not form.second_dossier.data:
            return render_template("dossiers/new.html", form=form, radar=radar), 200
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            dossier = ops.create_dossier(current_user, reference=form.reference.data,
                                         summary=form.summary.data or "", persons=persons,
                                         signal=signal_values(form))
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("Dossier %(reference)s has been opened.", reference=dossier.reference), "success")
            return redirect(submitted(form, url_for("dossiers.show", dossier_id=dossier.id)))
    return render_template("dossiers/new.html", form=form), 200 if not form.errors else 422


@bp.route("/<id:dossier_id>")
@login_required
def show(dossier_id: int):
    dossier = load_dossier(dossier_id, log_view=True)
    return render_dossier_page(dossier)


@bp.route("/<id:dossier_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.DOSSIER_EDIT)
    form = EditDossierForm(obj=dossier if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = dossier.version_id
    if form.validate_on_submit():
        try:
            ops.update_dossier(current_user, dossier, version=form.version.data,
                               reference=form.reference.data, summary=form.summary.data or "")
        except ops.ConflictError:
            return conflict_page(dossier, form)
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The dossier has been saved."), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id))
    return render_form("dossiers/edit.html", dossier, 422 if form.errors else 200, form=form)


def _person_form(**kwargs) -> PersonForm:
    form = PersonForm(**kwargs)
    form.school_id.choices = school_choices()
    return form


def _known_anchor(person) -> str:
    """Registering a person asks the radar: when they are known elsewhere, the user is told and
    taken to where the dossier page shows it."""
    if not radar_of(current_user, [person], person.dossier.region_id, asked_from=f"person:{person.id}",
                    besides_dossier=person.dossier_id):
        return "#personen"
    flash(_("%(name)s is known elsewhere in the region too: see below.", name=person.name), "warning")
    return "#radar"


@bp.route("/<id:dossier_id>/persons/new", methods=["GET", "POST"])
@login_required
def add_person(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.PERSON_ADD)
    form = _person_form()
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            person = ops.add_person(current_user, dossier, **form.person_values())
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("%(name)s has been added.", name=person.name), "success")
            return redirect(submitted(form, url_for("dossiers.show", dossier_id=dossier.id) + _known_anchor(person)))
    return render_form("dossiers/person_form.html", dossier, 422 if form.errors else 200,
                       form=form, person=None)


@bp.route("/<id:dossier_id>/persons/<id:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(dossier_id: int, person_id: int):
    dossier = load_dossier(dossier_id, Action.PERSON_EDIT)
    person = next((p for p in dossier.persons if p.id == person_id), None)
    if person is None:
        record("update", dossier_id=dossier.id, person_id=person_id, outcome="denied",
               object="person.edit")
        abort(404)
    form = _person_form(obj=person if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = person.version_id
    if form.validate_on_submit():
        try:
            ops.update_person(current_user, person, version=form.version.data, **form.person_values())
        except ops.ConflictError:
            return conflict_page(dossier, form)
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The details of %(name)s have been saved.", name=person.name), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + _known_anchor(person))
    return render_form("dossiers/person_form.html", dossier, 422 if form.errors else 200,
                       form=form, person=person)


def incident_label(first, reports) -> str:
    """"The incident of 12-05-2026 22:40: physical violence, reported by police (Politie ...)"."""
    moment = first.reported_on.strftime("%d-%m-%Y") + (f" {first.reported_time:%H:%M}" if first.reported_time else "")
    who = ", ".join(str(labels.REPORTER_KIND[r.reporter_kind]) + (f" ({r.reporter_organisation.name})"
                                                                  if r.reporter_organisation else "")
                    for r in reports)
    return _("The same incident as the report of %(moment)s: %(violence)s, reported by %(who)s",
             moment=moment, violence=labels.VIOLENCE_TYPE[first.violence_type], who=who)


def incident_choices(dossier) -> list:
    return options([(ops.MATCH, _("Let the date and time decide: the same incident as a report of this family "
                                  "at most 6 hours earlier or later, otherwise a new incident")),
                    ("new", _("A new incident"))]
                   + [(str(first.id), incident_label(first, reports))
                      for first, reports in recent_incidents(dossier)])


def incident_value(choice: str):
    return ops.MATCH if choice == ops.MATCH else None if choice == "new" else parse_id(choice)


@bp.route("/<id:dossier_id>/signals/new", methods=["GET", "POST"])
@login_required
def add_signal(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.SIGNAL_ADD)
    form = SignalForm()
    form.reporter_organisation_id.choices = reporter_choices()
    form.incident.choices = incident_choices(dossier)
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            signal = ops.add_signal(current_user, dossier, incident=incident_value(form.incident.data),
                                    **signal_values(form))
        except ops.WhichIncident as which:  # the recorder says whether it is that incident
            put_problems(form, which)
            form.incident.data = str(which.candidates[0].id)
        except (ops.RuleError, Refused) as problem:  # the relapse a signal in an active phase causes
            put_problems(form, problem)
        else:
            if signal.same_incident_as is not None:
                flash(_("The report has been recorded with the incident of %(day)s it also reports: the case does "
                        "not go back a second time.", day=format_date(signal.same_incident_as.reported_on)),
                      "success")
            else:
                flash(_("The signal has been recorded."), "success")
            return redirect(submitted(form, url_for("dossiers.show", dossier_id=dossier.id) + "#signalen"))
    return render_form("dossiers/signal_form.html", dossier, 422 if form.errors else 200, form=form)


@bp.route("/<id:dossier_id>/team/new", methods=["GET", "POST"])
@login_required
def add_member(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.TEAM_MANAGE)
    form = TeamMemberForm()
    form.organisation_id.choices = options([(None, _("Choose an organisation"))] + [
        (org.id, org.name) for org in ops.candidate_partners(dossier)])
    if form.validate_on_submit():
        try:
            membership = ops.add_team_member(current_user, dossier, organisation_id=form.organisation_id.data,
                                             team_role=form.team_role.data or None,
                                             legal_basis=form.legal_basis.data)
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("%(name)s has been invited to the team.", name=membership.organisation.name), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#team")
    return render_form("dossiers/team_form.html", dossier, 422 if form.errors else 200, form=form)


@bp.route("/<id:dossier_id>/team/<id:membership_id>/beeindigen", methods=["GET", "POST"])
@login_required
def end_member(dossier_id: int, membership_id: int):
    """The coordinator ends a partner's membership, or withdraws its invitation, with a reason."""

    dossier = load_dossier(dossier_id, Action.TEAM_MANAGE)
    membership = next((m for m in dossier.memberships if m.id == membership_id
                       and m.current
                       and m.organisation_id != dossier.coordinator.organisation_id), None)
    if membership is None:
        record("update", dossier_id=dossier.id, outcome="denied", object=f"team.end:{membership_id}")
        abort(404)
    event = "leave" if membership.status == "active" else "withdraw"
    form = EndMembershipForm()
    if form.validate_on_submit():
        name = membership.organisation.name
        try:
            fire(membership, event, current_user, reason=form.reason.data)
        except Refused as refused:
            form.reason.errors = [*form.reason.errors, *(r.text(language()) for r in refused.reasons)]
        else:
            flash(_("%(name)s is no longer on the team.", name=name) if event == "leave" else
                  _("The invitation of %(name)s has been withdrawn.", name=name), "success")
            return redirect(url_for("dossiers.show", dossier_id=dossier.id) + "#team")
    return render_form("dossiers/end_member_form.html", dossier, 422 if form.errors else 200, form=form,
                       membership=membership, event=event)


@bp.route("/<id:dossier_id>/notes", methods=["POST"])
@login_required
def add_note(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.NOTE_ADD)
    form = NoteForm()
    form.person_id.choices = person_choices(dossier)
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            ops.add_note(current_user, dossier, kind=form.kind.data, body=form.body.data,
                         person_id=form.person_id.data, health_information=form.health_information.data)
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The note has been saved."), "success")
            return redirect(submitted(form, url_for("dossiers.show", dossier_id=dossier.id) + "#notities"))
    record("view", dossier_id=dossier.id, object="dossier.view")
    return render_dossier_page(dossier, 422, note_form=form)


@bp.route("/<id:dossier_id>/statements/new", methods=["GET", "POST"])
@login_required
def add_statement(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.STATEMENT_ADD)
    form = StatementForm()
    form.person_id.choices = options([(None, _("Choose a person"))] + [(p.id, p.name) for p in dossier.persons])
    health = can(current_user, Action.HEALTH_VIEW, dossier)
    form.note_id.choices = options([(None, _("No particular note"))] + [
        (n.id, f"{n.created_at:%d-%m-%Y} · {n.author.full_name}: {n.body[:60]}") for n in dossier.notes
        if shows_note(n, health)])
    if request.method == "GET" and id_arg("note"):
        form.note_id.data = id_arg("note")
    if form.validate_on_submit():
        earlier = first_submission(form, current_user)
        if earlier is not None:
            return redirect(earlier)
        try:
            ops.add_statement(current_user, dossier, person_id=form.person_id.data,
                              note_id=form.note_id.data, body=form.body.data)
        except ops.RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("The statement has been recorded in the person's own words."), "success")
            return redirect(submitted(form, url_for("dossiers.show", dossier_id=dossier.id) + "#notities"))
    return render_form("dossiers/statement_form.html", dossier, 422 if form.errors else 200, form=form)


@bp.route("/<id:dossier_id>/access-log")
@login_required
def access_log(dossier_id: int):
    dossier = load_dossier(dossier_id, Action.ACCESSLOG_VIEW, log_view=True)
    return render_template("dossiers/access_log.html", dossier=dossier,
                           entries=access_log_for(dossier.id))
