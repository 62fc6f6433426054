"""Log in and log out."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from mda.audit.log import record
from mda.auth.forms import LoginForm
from mda.auth.models import User
from mda.auth.passwords import verify_password
from mda.extensions import db
from mda.types import utcnow

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dossiers.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dossiers.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = db.session.scalar(select(User).where(User.username == username))
        valid = verify_password(user.password_hash if user else None, form.password.data)
        if user is not None and valid and user.active:
            language = session.get("lang")
            session.clear()  # a fresh session at login
            if language:
                session["lang"] = language
            login_user(user)
            user.last_login_at = utcnow()
            record("login", user=user, purpose="authentication")
            return redirect(_safe_next(request.args.get("next")))
        record("login_failed", outcome="denied", username=username, purpose="authentication")
        form.password.errors.append(_("The username or password is not correct."))
        return render_template("auth/login.html", form=form, failed=True), 200
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record("logout", purpose="authentication")
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))
