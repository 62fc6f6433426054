"""Administration pages for the region's administrator: the administration's start page, which
links every section (organisations and users have their own modules), the region's own closed days, its
emergency access (break the glass): the rules, and every use of it in the region (the
administrator is the region's privacy officer for it; the list shows no dossier content), its
rules for safety-score reviews (thresholds and cadence too), when a case counts as stalled and its
escalation ladder, and how long it keeps its data. Every setting is read from the database when it
is used, so a change takes effect at once; each settings page can go back to the defaults of
``workflows``.

Closed days feed the working-day calendar of the region (``mda.orgs.calendar.task_context``), so
a day added here moves the due dates of tasks created afterwards.
"""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select

from mda.access import Action, can
from mda.admin.forms import (ClosedDayForm, EmergencySettingsForm, EscalationSettingsForm, RetentionForm,
                             ReviewSettingsForm, SchoolHolidayForm, SchoolStartForm)
from mda.admin.scope import admin_region_id
from mda.audit.log import record, record_listed
from mda.auth.models import User
from mda.core import clock
from mda.core.forms import PostOnlyForm
from mda.core.pages import StaleWrite, refuse_stale_write
from mda.core.persistence import flush
from mda.emergency import operations as emergency
from mda.escalation import operations as escalation
from mda.emergency.forms import REVIEW_OUTCOME
from mda.errors import ConflictError, RuleError
from mda.extensions import db
from mda.jobs import retention
from mda.orgs import schooldays
from mda.orgs.models import ClosedDay, Organisation, Region, SchoolHoliday
from mda.reviews import operations as reviews
from workflows import (APPLICATION_RETENTION_YEARS, CLOSING_REVIEW_GAP, CLOSING_THRESHOLD, DEFAULT_LADDER,
                       PARTNER_SCORES_NEEDED, RETENTION_YEARS, REVIEW_CADENCE, RUNGS, SAFETY_THRESHOLD, STALL_DEFAULTS)

bp = Blueprint("admin", __name__, url_prefix="/beheer")

DUPLICATE_DAY = _l("This date is already a closed day of your region.")


@bp.app_template_global()
def may_administer() -> bool:
    return can(current_user, Action.REGION_ADMINISTER)


def create_closed_day(region_id: int, day: date, description: str) -> ClosedDay:
    exists = select(ClosedDay.id).where(ClosedDay.region_id == region_id, ClosedDay.day == day)
    if db.session.execute(exists).first() is not None:
        raise RuleError(DUPLICATE_DAY, "day")
    row = ClosedDay(region_id=region_id, day=day, description=description)
    db.session.add(row)
    flush()  # added by someone else a moment ago: a ConflictError
    record("update", object=f"closed_day.add:{row.id}", detail=f"{day.isoformat()} {description}")
    return row


def remove_closed_day(row: ClosedDay) -> None:
    record("update", object=f"closed_day.delete:{row.id}",
           detail=f"{row.day.isoformat()} {row.description}")
    db.session.delete(row)
    db.session.flush()


@bp.route("/sluitingsdagen", methods=["GET", "POST"])
@login_required
def closed_days():
    region_id = admin_region_id()
    form = ClosedDayForm()
    if form.validate_on_submit():
        try:
            row = create_closed_day(region_id, form.day.data, form.description.data)
        except RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        except ConflictError:
            refuse_stale_write(lambda: StaleWrite("closed_day.add", None))
            form.day.errors.append(DUPLICATE_DAY)
        else:
            flash(_("%(description)s has been added as a closed day.", description=row.description),
                  "success")
            return redirect(url_for("admin.closed_days"))
    rows = db.session.scalars(select(ClosedDay).where(ClosedDay.region_id == region_id)
                              .order_by(ClosedDay.day))
    return (render_template("admin/closed_days.html", form=form, rows=list(rows), today=clock.today()),
            422 if form.errors else 200)


@bp.route("/sluitingsdagen/<id:closed_day_id>/verwijderen", methods=["POST"])
@login_required
def delete_closed_day(closed_day_id: int):
    region_id = admin_region_id()
    row = db.session.scalar(select(ClosedDay).where(ClosedDay.id == closed_day_id,
                                                    ClosedDay.region_id == region_id))
    if row is None:
        record("update", outcome="denied", object=f"closed_day.delete:{closed_day_id}")
        abort(404)
    remove_closed_day(row)
    flash(_("%(description)s is no longer a closed day.", description=row.description), "success")
    return redirect(url_for("admin.closed_days"))


@bp.route("/noodtoegang", methods=["GET", "POST"])
@login_required
def emergency_access():
    region = db.session.get(Region, admin_region_id())
    form = EmergencySettingsForm(data=None if request.method == "POST" else {
        "kinds": list(region.break_glass_kind_list), "hours": region.break_glass_hours,
        "cooldown_hours": region.break_glass_cooldown_hours})
    if form.validate_on_submit():
        emergency.update_settings(region, kinds=form.kinds.data, hours=form.hours.data,
                                  cooldown_hours=form.cooldown_hours.data)
        flash(_("The rules for emergency access have been saved."), "success")
        return redirect(url_for("admin.emergency_access"))
    uses = emergency.region_grants(region.id)
    record("view", object="break_glass.region_list", detail=f"{len(uses)} emergency accesses")
    record_listed("break_glass.list", [(use.grant.dossier_id, None) for use in uses])
    return (render_template("admin/emergency_access.html", form=form, uses=uses, outcomes=REVIEW_OUTCOME),
            422 if form.errors else 200)


@bp.route("")
@login_required
def home():
    """The administrator's start page: every section of the administration, with what it holds."""
    region = db.session.get(Region, admin_region_id())
    record("view", object=f"admin.home:{region.id}")
    return render_template("admin/home.html", region=region, counts=region_counts(region.id))


def region_counts(region_id: int) -> dict[str, int]:
    users = (select(func.count(User.id)).join(User.organisation)
             .where(Organisation.region_id == region_id, User.active.is_(True)))
    return {"organisations": db.session.scalar(select(func.count(Organisation.id)).where(
                Organisation.region_id == region_id, Organisation.active.is_(True))),
            "users": db.session.scalar(users),
            "administrators": db.session.scalar(users.where(User.role == "admin")),
            "closed_days": db.session.scalar(select(func.count(ClosedDay.id)).where(
                ClosedDay.region_id == region_id, ClosedDay.day >= clock.today()))}


@bp.route("/veiligheidsscores", methods=["GET", "POST"])
@login_required
def review_settings():
    region = db.session.get(Region, admin_region_id())
    form = ReviewSettingsForm() if request.method == "POST" else ReviewSettingsForm.for_region(region)
    if form.validate_on_submit():
        reviews.update_settings(region, partner_minimum=form.partner_minimum.data,
                                closing_gap_days=form.closing_gap_days.data,
                                safety_threshold=form.safety_threshold.data,
                                closing_threshold=form.closing_threshold.data, cadence=form.cadence())
        flash(_("The rules for safety-score reviews have been saved."), "success")
        return redirect(url_for("admin.review_settings"))
    record("view", object=f"region.reviews:{region.id}")
    return (render_template("admin/review_settings.html", form=form, defaults_form=PostOnlyForm(formdata=None),
                            cadence=REVIEW_CADENCE, thresholds=(SAFETY_THRESHOLD, CLOSING_THRESHOLD),
                            partner_default=PARTNER_SCORES_NEEDED, gap_default=CLOSING_REVIEW_GAP.days),
            422 if form.errors else 200)


def back_to_defaults(endpoint: str, reset, message: str):
    """Sets a settings page back to the defaults of ``workflows`` (a button of its own)."""
    region = db.session.get(Region, admin_region_id())
    if not PostOnlyForm().validate_on_submit():
        abort(400)
    reset(region)
    flash(message, "success")
    return redirect(url_for(endpoint))


@bp.route("/veiligheidsscores/standaard", methods=["POST"])
@login_required
def review_defaults():
    return back_to_defaults("admin.review_settings", reviews.default_settings,
                            _("The rules for safety-score reviews are back to the defaults."))


@bp.route("/bewaartermijnen", methods=["GET", "POST"])
@login_required
def retention_settings():
    region = db.session.get(Region, admin_region_id())
    form = RetentionForm(data=None if request.method == "POST" else {
        "retention_years": region.retention_years, "application_retention_years": region.application_retention_years})
    if form.validate_on_submit():
        retention.update_settings(region, years=form.retention_years.data,
                                  application_years=form.application_retention_years.data)
        flash(_("The retention periods have been saved."), "success")
        return redirect(url_for("admin.retention_settings"))
    record("view", object=f"region.retention:{region.id}")
    return (render_template("admin/retention.html", form=form, defaults_form=PostOnlyForm(formdata=None),
                            defaults=(RETENTION_YEARS, APPLICATION_RETENTION_YEARS)),
            422 if form.errors else 200)


@bp.route("/bewaartermijnen/standaard", methods=["POST"])
@login_required
def retention_defaults():
    return back_to_defaults("admin.retention_settings", retention.default_settings,
                            _("The retention periods are back to the defaults."))


def render_school_days(region: Region, holiday_form=None, start_form=None):
    holiday_form = holiday_form or SchoolHolidayForm(formdata=None)
    start_form = start_form or SchoolStartForm(formdata=None, prefix="start",
                                               data={"starts_at": region.school_starts_at})
    failed = bool(holiday_form.errors or start_form.errors)
    return (render_template("admin/school_days.html", holiday_form=holiday_form, start_form=start_form,
                            rows=schooldays.region_holidays(region.id), region=region, today=clock.today()),
            422 if failed else 200)


@bp.route("/schooldagen", methods=["GET", "POST"])
@login_required
def school_days():
    """The region's school holidays and when school starts: a Handle with Care signal is due when
    school starts on the next school day."""
    region = db.session.get(Region, admin_region_id())
    if request.method == "GET":
        return render_school_days(region)
    form = SchoolHolidayForm()
    if form.validate_on_submit():
        try:
            row = schooldays.add_school_holiday(region.id, first_day=form.first_day.data, last_day=form.last_day.data,
                                                name=form.name.data, today=clock.today())
        except RuleError as error:
            getattr(form, error.field).errors.append(error.message)
        except ConflictError:
            refuse_stale_write(lambda: StaleWrite("school_holiday.add", None))
            form.first_day.errors.append(schooldays.SAME_START)
        else:
            flash(_("%(name)s has been added as a school holiday.", name=row.name), "success")
            return redirect(url_for("admin.school_days"))
    return render_school_days(region, holiday_form=form)


@bp.route("/schooldagen/begintijd", methods=["POST"])
@login_required
def school_start():
    region = db.session.get(Region, admin_region_id())
    form = SchoolStartForm(prefix="start")
    if form.validate_on_submit():
        try:
            schooldays.set_school_start(region, form.starts_at.data)
        except RuleError as error:
            form.starts_at.errors.append(error.message)
        else:
            flash(_("School now starts at %(time)s in your region.", time=form.starts_at.data.strftime("%H:%M")),
                  "success")
            return redirect(url_for("admin.school_days"))
    return render_school_days(region, start_form=form)


@bp.route("/schooldagen/<id:holiday_id>/verwijderen", methods=["POST"])
@login_required
def delete_school_holiday(holiday_id: int):
    region_id = admin_region_id()
    row = db.session.scalar(select(SchoolHoliday).where(SchoolHoliday.id == holiday_id,
                                                        SchoolHoliday.region_id == region_id))
    if row is None:
        record("update", outcome="denied", object=f"school_holiday.delete:{holiday_id}")
        abort(404)
    schooldays.remove_school_holiday(row)
    flash(_("%(name)s is no longer a school holiday.", name=row.name), "success")
    return redirect(url_for("admin.school_days"))


@bp.route("/escalatie", methods=["GET", "POST"])
@login_required
def escalation_settings():
    region = db.session.get(Region, admin_region_id())
    form = EscalationSettingsForm() if request.method == "POST" else EscalationSettingsForm.for_region(region)
    if form.validate_on_submit():
        escalation.update_settings(region, thresholds=form.thresholds(), ladder=form.ladder())
        flash(_("The rules for stalled cases and escalation have been saved."), "success")
        return redirect(url_for("admin.escalation_settings"))
    record("view", object="region.escalation_settings")
    return (render_template("admin/escalation.html", form=form, region=region, rungs=RUNGS, defaults=STALL_DEFAULTS,
                            defaults_form=PostOnlyForm(formdata=None)),
            422 if form.errors else 200)


@bp.route("/escalatie/standaard", methods=["POST"])
@login_required
def escalation_defaults():
    return back_to_defaults("admin.escalation_settings", lambda region: escalation.update_settings(
        region, thresholds=STALL_DEFAULTS, ladder=DEFAULT_LADDER),
        _("The rules for stalled cases and escalation are back to the defaults."))
