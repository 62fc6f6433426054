"""Log in (password, then a one-time code), log out, confirm who you are before an export, and
change your own password; when the administrator asked for it (a new account, a temporary
password), changing it comes before anything else."""
from datetime import timedelta

from flask import (Blueprint, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from mda.audit.log import record
from mda.auth import sessions, throttle, totp
from mda.auth.forms import ChangePasswordForm, CodeForm, LoginForm, ReauthenticateForm
from mda.auth.models import User
from mda.auth.passwords import MIN_LENGTH, hash_password, verify_password, weakness
from mda.core.landing import landing_url
from mda.core.redirects import local_path
from mda.extensions import db
from mda.types import utcnow

bp = Blueprint("auth", __name__)
PENDING_LIFETIME = timedelta(minutes=5)
# What a user who must choose a new password can still reach.
BEFORE_NEW_PASSWORD = frozenset({"auth.change_password", "auth.logout", "core.language", "static"})


def _safe_next(target: str | None, user: User) -> str:
    return local_path(target) or landing_url(user)


def _fresh_session() -> None:
    """Drops everything in the cookie session except the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _complete_login(user: User, target: str | None):
    next_url = url_for("auth.change_password") if user.must_change_password else _safe_next(target, user)
    _fresh_session()  # a new session at login: nothing from before survives
    sessions.start(user)
    login_user(user)
    user.last_login_at = utcnow()
    record("login", user=user, purpose="authentication")
    return redirect(next_url)


def _pending_user() -> User | None:
    pending = session.get("pending_login")
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_LIFETIME.total_seconds():
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.active else None


def _address() -> str:
    return request.remote_addr or ""


def two_factor_required() -> bool:
    return not current_app.config.get("DEMO_MODE", False)


def _wait_message(wait: timedelta) -> str:
    return ngettext("Too many failed attempts. Wait %(num)d minute and try again.",
                    "Too many failed attempts. Wait %(num)d minutes and try again.", throttle.minutes(wait))


@bp.before_app_request
def _new_password_first():
    """A user the administrator asked to choose a new password does that before anything else."""
    if (request.endpoint not in BEFORE_NEW_PASSWORD and current_user.is_authenticated
            and current_user.must_change_password):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        wait = throttle.account_wait(username)
        if wait:
            record("login_failed", outcome="denied", username=username, purpose="authentication",
                   detail="throttled")
            form.password.errors.append(_wait_message(wait))
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(select(User).where(User.username == username))
        valid = verify_password(user.password_hash if user else None, form.password.data)
        if user is not None and valid and user.active:
            if user.totp_enabled or two_factor_required() or throttle.address_suspect(_address()):
                _fresh_session()
                session["pending_login"] = {"user_id": user.id, "at": utcnow().timestamp(),
                                            "next": request.args.get("next")}
                return redirect(url_for("auth.code" if user.totp_enabled else "auth.setup_two_factor"))
            throttle.note(username, _address(), True)
            return _complete_login(user, request.args.get("next"))
        throttle.note(username, _address(), False)
        record("login_failed", outcome="denied", username=username, purpose="authentication")
        form.password.errors.append(_("The username or password is not correct."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    user = _pending_user()
    if user is None or not user.totp_enabled:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if not throttle.account_wait(user.username) and totp.verify(user, form.code.data):
            throttle.note(user.username, _address(), True)
            return _complete_login(user, session.get("pending_login", {}).get("next"))
        throttle.note(user.username, _address(), False)
        record("login_failed", outcome="denied", username=user.username, purpose="authentication",
               detail="wrong one-time code")
        form.code.errors.append(_("This code is not correct or has already been used."))
    return render_template("auth/code.html", form=form), 422 if form.errors else 200


@bp.route("/login/tweestapsverificatie", methods=["GET", "POST"])
def setup_two_factor():
    user = _pending_user()
    if user is None or user.totp_enabled:
        return redirect(url_for("auth.login"))
    secret = session.get("pending_secret") or totp.new_secret()
    session["pending_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        step = totp.matching_step(secret, form.code.data)
        if step is not None:
            user.totp_secret, user.totp_enabled, user.totp_last_step = secret, True, step
            throttle.note(user.username, _address(), True)
            record("update", user=user, purpose="authentication", object="two_factor.enabled")
            return _complete_login(user, session.get("pending_login", {}).get("next"))
        form.code.errors.append(_("This code is not correct. Check the time on your phone and try again."))
    uri = totp.provisioning_uri(secret, user.username)
    return render_template("auth/setup_two_factor.html", form=form, qr=totp.qr_svg(uri), secret=secret,
                           user=user), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record("logout", purpose="authentication")
    sessions.end(current_user.session_token)
    logout_user()
    _fresh_session()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/herbevestigen", methods=["GET", "POST"])
@login_required
def reauthenticate():
    form = ReauthenticateForm()
    next_url = _safe_next(request.args.get("next"), current_user)
    if form.validate_on_submit():
        username = current_user.username
        if throttle.account_wait(username):
            return _end_session_after_failed_confirmations()
        valid = verify_password(current_user.password_hash, form.password.data)
        if valid and current_user.totp_enabled:
            valid = totp.verify(current_user, form.code.data)
        if valid:
            throttle.note(username, _address(), True)
            sessions.mark_reauthenticated(current_user.session_token)
            record("login", purpose="authentication", object="reauthenticated")
            return redirect(next_url)
        throttle.note(username, _address(), False)
        record("login_failed", outcome="denied", purpose="authentication", object="reauthenticate")
        if throttle.account_wait(username):
            return _end_session_after_failed_confirmations()
        form.password.errors.append(_("This did not confirm who you are. Try again."))
    return render_template("auth/reauthenticate.html", form=form, next_url=next_url), \
        422 if form.errors else 200


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    """The old password is asked, so that whoever finds a session left open cannot take the account."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        username = current_user.username
        if throttle.account_wait(username):
            return _end_session_after_failed_confirmations("password")
        if not verify_password(current_user.password_hash, form.current.data):
            throttle.note(username, _address(), False)
            record("login_failed", outcome="denied", purpose="authentication", object="password")
            if throttle.account_wait(username):
                return _end_session_after_failed_confirmations("password")
            form.current.errors.append(_("This is not your current password."))
        elif problem := weakness(form.new.data, username):
            form.new.errors.append(problem)
        elif current_user.must_change_password and form.new.data == form.current.data:
            form.new.errors.append(_("Choose a password of your own, not the one you were given."))
        else:
            current_user.password_hash = hash_password(form.new.data)
            current_user.must_change_password = False
            sessions.end_others(current_user)
            record("update", purpose="authentication", object="password", detail="changed; other sessions ended")
            flash(_("Your password has been changed."), "success")
            return redirect(landing_url(current_user))
    return render_template("auth/change_password.html", form=form, min_length=MIN_LENGTH,
                           forced=current_user.must_change_password), 422 if form.errors else 200


def _end_session_after_failed_confirmations(where: str = "reauthenticate"):
    """Too many wrong confirmations in one session: whoever is at the keyboard may not be the
    account's owner, so the session ends and the account waits like after failed logins."""
    record("login_failed", outcome="denied", purpose="authentication", object=where,
           detail="throttled; session ended")
    wait = throttle.minutes(throttle.account_wait(current_user.username))
    sessions.end(current_user.session_token)
    logout_user()
    _fresh_session()
    flash(ngettext("Too many failed attempts. You have been logged out; wait %(num)d minute and log in again.",
                   "Too many failed attempts. You have been logged out; wait %(num)d minutes and log in again.",
                   wait), "error")
    return redirect(url_for("auth.login"))
