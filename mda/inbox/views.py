"""The inbox (/inbox): what needs the user, newest first; opening an item marks it read and goes
where the work is done. How the user hears of each kind (/inbox/voorkeuren); for the
administrator, the region's digest time and how the outbox is doing (/beheer/e-mail)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required

from mda.access import Action, can
from mda.audit.log import record, record_listed
from mda.core.forms import PostOnlyForm
from mda.core.i18n import language
from mda.core.redirects import local_path
from mda.extensions import db
from mda.inbox import operations as ops
from mda.inbox.forms import DigestTimeForm, PreferencesForm, parse_time
from mda.inbox.mail import outbox_summary
from mda.inbox.queries import inbox_page, unread_count
from mda.orgs.models import Region
from workflows import DELIVERIES, NOTIFICATION_KINDS

bp = Blueprint("inbox", __name__)


@bp.app_template_global()
def inbox_unread() -> int:
    """The header's unread count: one query per page, only for a logged-in user."""
    if not current_user.is_authenticated:
        return 0
    if "inbox_unread" not in g:
        g.inbox_unread = unread_count(current_user)
    return g.inbox_unread


@bp.route("/inbox")
@login_required
def index():
    unread_only = request.args.get("toon") == "ongelezen"
    page = inbox_page(current_user, request.args.get("na"), unread_only)
    record_listed("inbox", [(item.dossier_id, None) for item in page.items if item.dossier_id in page.references])
    lang = language()
    return render_template("inbox/index.html", page=page, kinds={k: v.label.text(lang) for k, v in
                                                               NOTIFICATION_KINDS.items()},
                           mark_all_form=PostOnlyForm(formdata=None), first_page=not request.args.get("na"))


@bp.route("/inbox/<id:item_id>", endpoint="open")
@login_required
def open_item(item_id: int):
    item = ops.open_item(current_user, item_id)
    if item is None:
        record("view", outcome="denied", object=f"inbox_item:{item_id}")
        abort(404)
    return redirect(local_path(item.url) or url_for("inbox.index"))


@bp.route("/inbox/alles-gelezen", methods=["POST"])
@login_required
def mark_all_read():
    if not PostOnlyForm().validate_on_submit():
        abort(400)
    count = ops.mark_all_read(current_user)
    flash(ngettext("%(num)d message marked as read.", "%(num)d messages marked as read.", count), "success")
    return redirect(url_for("inbox.index"))


@bp.route("/inbox/voorkeuren", methods=["GET", "POST"])
@login_required
def preferences():
    if request.method == "POST":
        form = PreferencesForm.build(request.form)
        if form.validate_on_submit():
            ops.save_preferences(current_user, form.choices(), form.email.data)
            flash(_("Your choices have been saved."), "success")
            return redirect(url_for("inbox.preferences"))
    else:
        form = PreferencesForm.build(email=current_user.email, **ops.preferences(current_user))
    lang = language()
    return render_template("inbox/preferences.html", form=form, kinds=NOTIFICATION_KINDS, lang=lang,
                           deliveries=DELIVERIES, organisation_email=current_user.organisation.email), \
        422 if form.errors else 200


# --- administration -----------------------------------------------------------------------------

@bp.route("/beheer/e-mail", methods=["GET", "POST"])
@login_required
def mail_settings():
    if not can(current_user, Action.REGION_ADMINISTER):
        record("view" if request.method == "GET" else "update", outcome="denied", object="admin.mail")
        abort(404)
    region = db.session.get(Region, current_user.organisation.region_id)
    form = DigestTimeForm(formdata=request.form if request.method == "POST" else None,
                          digest_time=region.digest_time.strftime("%H:%M"))
    if request.method == "POST" and form.validate_on_submit():
        region.digest_time = parse_time(form.digest_time.data)
        db.session.flush()
        record("update", object="region.digest_time", detail=region.digest_time.strftime("%H:%M"))
        flash(_("The daily digest now goes out at %(time)s.", time=region.digest_time.strftime("%H:%M")), "success")
        return redirect(url_for("inbox.mail_settings"))
    return render_template("inbox/mail_settings.html", form=form, region=region, outbox=outbox_summary()), \
        422 if form.errors else 200
