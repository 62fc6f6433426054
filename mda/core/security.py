"""Security headers, the login manager and error pages that never show a stack trace."""
import secrets

from flask import g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, SignatureExpired

from mda.extensions import db, login_manager
from mda.audit.log import record

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'nonce-{nonce}'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
))


class CheckedCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, which silently starts afresh on a bad signature; this one
    notes it so the request can log the forged or tampered cookie as a refusal."""

    def open_session(self, app, request):
        session = super().open_session(app, request)
        value = request.cookies.get(self.get_cookie_name(app))
        if value and session is not None and not session:
            try:
                self.get_signing_serializer(app).loads(value)
            except SignatureExpired:
                pass
            except BadSignature:
                g.tampered_session_cookie = True
        return session


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    app.session_interface = CheckedCookieSessionInterface()

    @app.before_request
    def _nonce():
        g.csp_nonce = secrets.token_urlsafe(16)
        if g.pop("tampered_session_cookie", False):
            record("login_failed", outcome="denied", purpose="authentication",
                   object=f"{request.method} {request.path}"[:200], detail="session cookie with a bad signature",
                   refusal="session_cookie")

    @app.context_processor
    def _nonce_for_templates():
        return {"csp_nonce": g.get("csp_nonce", "")}

    @app.after_request
    def _headers(response):
        nonce = g.get("csp_nonce") or secrets.token_urlsafe(16)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(nonce=nonce)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response

    def _error(status: int, template: str):
        return render_template(f"errors/{template}.html"), status

    app.register_error_handler(400, lambda e: _error(400, "400"))
    def _csrf_refused(error):
        record("update", outcome="denied", object=f"{request.method} {request.path}"[:200],
               detail=f"csrf: {error.description}"[:200], refusal="csrf")
        return _error(400, "csrf")

    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(403, lambda e: _error(404, "404"))
    app.register_error_handler(404, lambda e: _error(404, "404"))
    app.register_error_handler(405, lambda e: _error(405, "405"))
    app.register_error_handler(413, lambda e: _error(413, "400"))
    app.register_error_handler(500, lambda e: _error(500, "500"))

    @app.errorhandler(Exception)
    def _unexpected(error):
        from werkzeug.exceptions import HTTPException
        if isinstance(error, HTTPException):
            return error
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return _error(500, "500")
