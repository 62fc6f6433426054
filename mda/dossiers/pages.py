"""The dossier as a page: loaded through the access scope, and the dossier page itself, which
steps on the case and the plans' forms re-show with their errors."""
from flask import abort, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from mda.access import Action, can
from mda.access.policy import shows_note, via_break_glass
from mda.audit.log import record
from mda.casework.context import casework_context
from mda.core import clock
from mda.dossiers.forms import NoteForm
from mda.dossiers.glance import glance
from mda.dossiers.queries import access_log_for, load_full_dossier
from mda.labels import options
from mda.emergency.forms import REVIEW_OUTCOME
from mda.emergency.operations import grants_for
from mda.radar.known import radar_of


def load_dossier(dossier_id: int, action: Action = Action.DOSSIER_VIEW, log_view: bool = False):
    """The dossier if the user may take ``action`` on it; otherwise the same 404 as a missing one."""
    dossier = load_full_dossier(current_user, dossier_id)
    emergency = dossier is not None and via_break_glass(current_user, dossier)
    if emergency:
        g.access_purpose = "break_glass"  # every entry of this request is marked for review
    if dossier is None or not can(current_user, action, dossier) or (
            emergency and request.method not in ("GET", "HEAD")):  # emergency access only reads
        record("view" if request.method == "GET" else "update", dossier_id=dossier_id,
               outcome="denied", object=action)
        abort(404)
    if log_view:  # the page is what was viewed: several pages read with the same right
        record("view", dossier_id=dossier.id, object=action, detail=request.path)
    return dossier


def person_choices(dossier):
    return options([(None, _("The whole family"))] + [(p.id, p.name) for p in dossier.persons])


PLAN_SECTIONS = ("escalation", "safetyplan", "reviews", "careplan", "intake", "conferences")


def plan_sections(dossier, lang: str) -> list[tuple[str, dict]]:
    """(template, context) of each plan's section on the dossier page, in page order."""
    from importlib import import_module
    sections = []
    for package in PLAN_SECTIONS:
        context = import_module(f"mda.{package}.section").dossier_section(dossier, current_user, lang)
        if context is not None:
            sections.append((f"{package}/_section.html", context))
    return sections


def section_links(by_package: dict, is_coordinator: bool) -> list[tuple[str, str]]:
    """(anchor, label) of each section of the dossier page a reader can jump to, in page order."""
    links = [("stappen", _("Phase and steps")), ("taken", _("Tasks"))]
    shown = [("escalation", "escalatie", _("Escalation")), ("safetyplan", "veiligheidsplan", _("Safety plan")),
             ("reviews", "veiligheidsscores", _("Safety scores and restraining order")),
             ("careplan", "zorgplan", _("Care plan and screenings")),
             ("conferences", "casusoverleg", _("Case conferences"))]
    links += [(anchor, label) for package, anchor, label in shown if package in by_package]
    links += [("personen", _("Persons")), ("signalen", _("Signals")), ("team", _("Team")),
              ("notities", _("Notes")), ("tijdlijn", _("Timeline"))]
    if is_coordinator:
        links.append(("toegang", _("Access log")))
    return links


def render_dossier_page(dossier, status: int = 200, *, note_form=None, step_form=None, refusal=None):
    """The dossier page; shared by the handlers that re-show it with a form's errors."""
    if note_form is None:
        # Care partners write mostly about health: their notes are marked so unless they untick it.
        note_form = NoteForm(formdata=None, health_information=current_user.organisation.kind == "care")
    note_form.person_id.choices = person_choices(dossier)
    is_coordinator = can(current_user, Action.ACCESSLOG_VIEW, dossier)
    context = casework_context(dossier, step_form=step_form, refusal=refusal)
    context["notes"] = [note for note in dossier.notes if shows_note(note, context["health"])]
    context["plan_sections"] = plan_sections(dossier, context["lang"])
    by_package = {template.split("/")[0]: section for template, section in context["plan_sections"]}
    context["glance"] = glance(dossier, context, by_package, clock.today())
    context["section_links"] = section_links(by_package, is_coordinator)
    context["emergency"] = g.get("access_purpose") == "break_glass"
    context["radar"] = radar_of(current_user, dossier.persons, dossier.region_id, asked_from=f"dossier:{dossier.id}",
                                besides_dossier=dossier.id)
    if is_coordinator:
        context["grants"], context["grant_outcomes"] = grants_for(dossier.id), REVIEW_OUTCOME
    return render_template(
        "dossiers/show.html", dossier=dossier, note_form=note_form, is_coordinator=is_coordinator,
        may_add_signal=can(current_user, Action.SIGNAL_ADD, dossier),
        may_add_note=can(current_user, Action.NOTE_ADD, dossier),
        access_entries=access_log_for(dossier.id, limit=10) if is_coordinator else [],
        today=clock.today(), **context), status
