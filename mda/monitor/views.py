"""The impact monitor page and its CSV export, for the steering group and the region's
administrator; anyone else gets the same 404 as a page that does not exist."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from mda.access import Action, can
from mda.audit.log import record
from mda.auth.reauth import require_reauthentication
from mda.core.forms import CHOOSE_LISTED
from mda.core.i18n import language
from mda.core.inputs import parse_id
from mda.extensions import db
from mda.labels import options
from mda.monitor import chart, export
from mda.monitor.figures import MINIMUM_FAMILIES, compute_all
from mda.monitor.forms import PeriodForm
from mda.monitor.periods import Scope, default_period, period_problems
from mda.orgs.models import NON_TEAM_KINDS, Organisation, Region

bp = Blueprint("monitor", __name__)


@bp.app_template_global()
def may_see_monitor() -> bool:
    return can(current_user, Action.MONITOR_VIEW)


def _region() -> Region:
    """The user's region, or the one asked for (``regio``) if the user may see its monitor."""
    if not can(current_user, Action.MONITOR_VIEW):
        record("view", outcome="denied", object="monitor")
        abort(404)
    asked = request.args.get("regio", "")
    region_id = current_user.organisation.region_id
    if asked:
        region_id = parse_id(asked)
        region = db.session.get(Region, region_id) if region_id is not None else None
        if region is None or not can(current_user, Action.MONITOR_VIEW, region):
            record("view", outcome="denied", object=f"monitor:region:{asked[:20]}")
            abort(404)
        region_id = region.id
    return db.session.get(Region, region_id)


def _organisations(region: Region) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(
        Organisation.region_id == region.id, Organisation.kind.not_in(NON_TEAM_KINDS)).order_by(Organisation.name)))


def _form(region: Region) -> tuple[PeriodForm, Scope | None, Organisation | None]:
    """The form as asked (or the default period) and the scope it names; no scope when the input is wrong."""
    organisations = _organisations(region)
    formdata = request.args
    if "start" not in formdata and "end" not in formdata:
        start, end = default_period()
        formdata = MultiDict({**formdata, "start": start.isoformat(), "end": end.isoformat()})
    form = PeriodForm(formdata=formdata)
    form.organisation.choices = options([("", _l("All organisations"))] + [(o.id, o.name) for o in organisations])
    valid = form.validate()
    chosen = next((o for o in organisations if o.id == form.organisation.data), None)
    if form.organisation.data is not None and chosen is None:
        form.organisation.errors = [*form.organisation.errors, str(CHOOSE_LISTED)]
        valid = False
    if valid:
        for name, message in period_problems(form.start.data, form.end.data).items():
            form[name].errors = [*form[name].errors, str(message)]
            valid = False
    if not valid:
        return form, None, chosen
    return form, Scope(region.id, form.start.data, form.end.data, chosen.id if chosen else None), chosen


def _detail(scope: Scope) -> str:
    return f"{scope.start.isoformat()}..{scope.end.isoformat()} organisation {scope.organisation_id or '-'}"


def _number(value: float) -> str:
    return format_decimal(value, format="#,##0.#")


@bp.route("/monitor")
@login_required
def index():
    region = _region()
    form, scope, organisation = _form(region)
    if scope is None:
        record("view", object=f"monitor:region:{region.id}", detail="invalid period")
        return render_template("monitor/index.html", region=region, form=form, results=None,
                               minimum=MINIMUM_FAMILIES), 422
    results = compute_all(scope)
    record("view", object=f"monitor:region:{region.id}", detail=_detail(scope))
    return render_template("monitor/index.html", region=region, form=form, results=results, scope=scope,
                           organisation=organisation, minimum=MINIMUM_FAMILIES, lang=language(),
                           charts={r.indicator.key: chart.chart(r, _number) for r in results},
                           number=_number, export_args=request.args.to_dict())


@bp.route("/monitor/export.csv")
@login_required
@require_reauthentication
def export_csv():
    region = _region()
    form, scope, organisation = _form(region)
    if scope is None:
        record("export", object=f"monitor.csv:region:{region.id}", outcome="denied", detail="invalid period")
        return render_template("monitor/index.html", region=region, form=form, results=None,
                               minimum=MINIMUM_FAMILIES), 422
    results = compute_all(scope)
    record("export", object=f"monitor.csv:region:{region.id}", detail=_detail(scope))
    body = export.as_csv(results, scope, region.name, organisation.name if organisation else "", language())
    filename = f"impactmonitor-{scope.start.isoformat()}-{scope.end.isoformat()}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"})
