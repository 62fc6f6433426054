"""One request, one transaction: commit at the boundary, roll back on any error.

Some rows must outlive a rollback: the access log (``mda.audit.log``) and the login attempts that
throttling counts. ``durable`` adds such a row now and again after a rollback.
"""
from flask import g, has_request_context

from mda.audit.log import forget_pending, replay_after_rollback, write_pending
from mda.extensions import db


def durable(make_row) -> None:
    """Adds ``make_row()`` to this request's transaction, and again if that is rolled back."""
    db.session.add(make_row())
    if has_request_context():
        g.setdefault("durable_rows", []).append(make_row)


def _after_rollback() -> None:
    for make_row in g.pop("durable_rows", []):
        db.session.add(make_row())
    replay_after_rollback()
    db.session.commit()


def init_app(app) -> None:
    @app.after_request
    def _commit_or_roll_back(response):
        if response.status_code < 400:
            write_pending()
            db.session.commit()
            forget_pending()
            g.pop("durable_rows", None)
        else:
            db.session.rollback()
            _after_rollback()
        return response

    @app.teardown_request
    def _roll_back_on_exception(exc):
        if exc is not None:
            db.session.rollback()
            try:
                _after_rollback()
            except Exception:
                db.session.rollback()
        forget_pending()
        g.pop("durable_rows", None)
