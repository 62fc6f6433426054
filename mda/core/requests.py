"""One request, one transaction: commit at the boundary, roll back on any error.

The access log survives a rollback (see ``mda.audit.log.replay_after_rollback``).
"""
from mda.audit.log import forget_pending, replay_after_rollback, write_pending
from mda.extensions import db


def init_app(app) -> None:
    @app.after_request
    def _commit_or_roll_back(response):
        if response.status_code < 400:
            write_pending()
            db.session.commit()
            forget_pending()
        else:
            db.session.rollback()
            replay_after_rollback()
        return response

    @app.teardown_request
    def _roll_back_on_exception(exc):
        if exc is not None:
            db.session.rollback()
            try:
                replay_after_rollback()
            except Exception:
                db.session.rollback()
        forget_pending()
