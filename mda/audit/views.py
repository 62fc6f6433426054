"""A person's right to know who looked at their data: as a page and as CSV."""
from flask import Blueprint, Response, abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from mda.access import Action
from mda.audit.log import record
from mda.audit.report import action_label, as_csv, entries_about
from mda.auth.reauth import require_reauthentication
from mda.dossiers.pages import load_dossier

bp = Blueprint("audit", __name__, url_prefix="/dossiers")
bp.add_app_template_global(action_label, "access_action_label")

CSV_HEADINGS = {"when": _l("When"), "who": _l("Who"), "on_behalf_of": _l("On behalf of"),
                "organisation": _l("Organisation"), "role": _l("Role"), "action": _l("Action"),
                "description": _l("Description"), "purpose": _l("Purpose"), "outcome": _l("Outcome"),
                "address": _l("Network address")}


def _person(dossier, person_id: int):
    person = next((p for p in dossier.persons if p.id == person_id), None)
    if person is None:
        record("view", dossier_id=dossier.id, person_id=person_id, outcome="denied", object="person.access_report")
        abort(404)
    return person


@bp.route("/<id:dossier_id>/persons/<id:person_id>/inzage")
@login_required
def person_report(dossier_id: int, person_id: int):
    dossier = load_dossier(dossier_id, Action.ACCESSLOG_VIEW)
    person = _person(dossier, person_id)
    record("view", dossier_id=dossier.id, person_id=person.id, object="person.access_report")
    return render_template("audit/person_report.html", dossier=dossier, person=person,
                           entries=entries_about(dossier.id, person.id))


@bp.route("/<id:dossier_id>/persons/<id:person_id>/inzage.csv")
@login_required
@require_reauthentication
def person_report_csv(dossier_id: int, person_id: int):
    dossier = load_dossier(dossier_id, Action.ACCESSLOG_VIEW)
    person = _person(dossier, person_id)
    record("export", dossier_id=dossier.id, person_id=person.id, object="person.access_report.csv")
    filename = f"inzage-{dossier.id}-{person.id}.csv"
    return Response("\ufeff" + as_csv(entries_about(dossier.id, person.id), CSV_HEADINGS),
                    mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
