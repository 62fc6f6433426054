"""Help pages: the workflow as a diagram generated from ``workflows/``.

Nothing here is drawn or listed by hand: the diagrams, steps, conditions, review cadences and
closed days all come from the specs in ``workflows/`` and the region's own calendar, so the help
cannot drift from the rules the engine applies.
"""
from datetime import date, timedelta

from flask import Blueprint, render_template
from flask_babel import format_date, gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from mda.core import clock
from mda.core.i18n import language
from mda.orgs.calendar import school_calendar, task_context
from mda.extensions import db
from mda.orgs.models import ClosedDay
from workflows import (CASE_WORKFLOW, EQUATED_DAYS, REVIEW_CADENCE, WORKFLOWS, recognised_holidays,
                       transition_table, workflow_svg)

bp = Blueprint("help", __name__, url_prefix="/hulp")

SHOWN_WORKFLOWS = tuple(WORKFLOWS.values())
LOOK_AHEAD = timedelta(days=365)


@bp.route("/workflow")
@login_required
def workflow():
    lang = language()
    today = clock.today()
    region_id = current_user.organisation.region_id  # the region's own cadence, where it set one
    return render_template(
        "help/workflow.html",
        workflows=[_workflow(spec, lang) for spec in SHOWN_WORKFLOWS],
        cadences=[(CASE_WORKFLOW.state(phase).label.text(lang), _every(interval))
                  for phase, interval in {**REVIEW_CADENCE, **task_context(region_id).cadence_overrides}.items()],
        closed_days=_coming_closed_days(current_user.organisation.region_id, today),
        school=school_calendar(current_user.organisation.region_id),
        today=today, until=today + LOOK_AHEAD)


def _workflow(spec, lang: str) -> dict:
    # The template embeds the SVG with |safe: workflows.diagram builds it from our own specs and
    # escapes every text, and it uses presentation attributes only (no <style>, no style=""),
    # which the Content-Security-Policy allows inline.
    svg = workflow_svg(spec, lang)
    return {"name": spec.name, "title": spec.label.text(lang), "svg": svg,
            "back_steps": "stroke-dasharray" in svg, "rows": transition_table(spec, lang)}


def _every(interval: timedelta) -> str:
    if interval.days % 7:
        return ngettext("every %(num)d day", "every %(num)d days", interval.days)
    weeks = interval.days // 7
    text = ngettext("every %(num)d week", "every %(num)d weeks", weeks)
    if weeks >= 8:
        text += " " + _("(about %(months)d months)", months=round(interval.days / 30.44))
    return text


def _coming_closed_days(region_id: int, today: date) -> list[tuple[str, str]]:
    """The days of the coming year that do not count as working days, besides weekends, and why."""
    calendar = task_context(region_id).calendar
    own = dict(db.session.execute(select(ClosedDay.day, ClosedDay.description)
                                  .where(ClosedDay.region_id == region_id)).all())
    end = today + LOOK_AHEAD
    days = sorted(day for year in {today.year, end.year} for day in calendar.closed_days(year)
                  if today <= day <= end)
    return [(format_date(day, "EEEE d MMMM y"), _why_closed(day, own)) for day in days]


def _why_closed(day: date, own: dict) -> str:
    if day in recognised_holidays(day.year):
        return _("Generally recognised holiday")
    if day in EQUATED_DAYS:
        return _("Equated with a holiday by royal decree (%(decree)s)", decree=EQUATED_DAYS[day])
    return _("Closed day of the region: %(description)s", description=own.get(day, ""))
