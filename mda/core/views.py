"""Start page, health check and language choice."""
from flask import Blueprint, current_app, g, jsonify, redirect, session, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from mda.audit.sequencer import oldest_waiting
from mda.core.clock import utcnow
from mda.core.forms import LanguageForm, PostOnlyForm, field_messages, form_errors
from mda.core.keyset import page_url
from mda.core.landing import landing_url
from mda.core.redirects import local_path
from mda.extensions import db

bp = Blueprint("core", __name__)


@bp.app_context_processor
def _page_forms():
    return {"language_form": LanguageForm(formdata=None), "post_form": PostOnlyForm(formdata=None)}


bp.add_app_template_global(form_errors)
bp.add_app_template_global(field_messages)
bp.add_app_template_global(page_url)


@bp.app_template_global()
def unique_id(prefix: str = "id") -> str:
    """An element id not yet given out on this page, e.g. for a table's caption that labels the
    region its table scrolls in (a template included twice on one page still gets two ids)."""
    g.unique_ids = getattr(g, "unique_ids", 0) + 1
    return f"{prefix}-{g.unique_ids}"


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/health")
def health():
    """For the load balancer: 200 while the database answers, 503 when it does not. It also says
    how far the access log's sequencer is behind (seconds since the oldest entry still waiting
    to be linked was written): "behind" past AUDIT_SEQUENCER_LAG_SECONDS means the scheduler is
    not running. That is no reason to take this server out of service, so the status stays 200.
    One statement, on the index of waiting entries: as cheap as asking the database for 1."""
    try:
        waiting_since = oldest_waiting(db.session)
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    lag = 0.0 if waiting_since is None else max(0.0, (utcnow() - waiting_since).total_seconds())
    behind = lag > current_app.config["AUDIT_SEQUENCER_LAG_SECONDS"]
    return jsonify(status="ok", database="ok",
                   access_log={"sequencer": "behind" if behind else "ok", "waiting_seconds": round(lag, 1)}), 200


@bp.route("/taal", methods=["POST"])
def language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        session["lang"] = form.lang.data
    return redirect(local_path(form.next.data) or url_for("core.index"))
