"""MDA++ case coordination: the Flask application factory."""
import logging

from flask import Flask

from config import BASE_DIR, config_from_environment
from mda.extensions import babel, csrf, db, login_manager, migrate


def create_app(config=None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config if config is not None else config_from_environment())

    from mda import labels, lifecycles, models  # noqa: F401  (every table, every lifecycle)
    from mda.core import database, i18n, inputs, proxies, requests, security

    proxies.init_app(app)

    db.init_app(app)
    database.configure_engines(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    i18n.init_app(app, babel)
    login_manager.init_app(app)
    from mda.auth import sessions  # noqa: F401  (registers the user loader)
    security.init_app(app)
    inputs.init_app(app)
    requests.init_app(app)
    labels.init_app(app)

    from mda.admin.account_views import bp as admin_users_bp
    from mda.admin.organisation_views import bp as admin_organisations_bp
    from mda.admin.views import bp as admin_bp
    from mda.audit.views import bp as audit_bp
    from mda.auth.views import bp as auth_bp
    from mda.careplan.views import bp as careplan_bp
    from mda.casework.views import bp as casework_bp, feedback_bp
    from mda.core.views import bp as core_bp
    from mda.dossiers.views import bp as dossiers_bp
    from mda.emergency.views import bp as emergency_bp
    from mda.help.views import bp as help_bp
    from mda.reviews.views import bp as reviews_bp
    from mda.safetyplan.views import bp as safetyplan_bp
    from mda.tasks.views import bp as tasks_bp
    from mda.inbox.views import bp as inbox_bp
    from mda.intake.views import bp as intake_bp
    from mda.conferences.views import agenda_bp, bp as conferences_bp
    from mda.escalation.views import bp as escalation_bp
    from mda.closing.views import bp as closing_bp
    from mda.monitor.views import bp as monitor_bp
    for blueprint in (core_bp, auth_bp, dossiers_bp, casework_bp, safetyplan_bp, reviews_bp, careplan_bp,
                      audit_bp, emergency_bp, tasks_bp, help_bp, admin_bp):
        app.register_blueprint(blueprint)
    for blueprint in (intake_bp, conferences_bp, agenda_bp, inbox_bp, feedback_bp, escalation_bp, admin_users_bp,
                      admin_organisations_bp, closing_bp, monitor_bp):
        app.register_blueprint(blueprint)

    from mda.cli import mda_cli
    app.cli.add_command(mda_cli)

    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    # Their every step at INFO: a transition of the engine, seven lines for each PDF rendered.
    for chatty in ("transitions", "weasyprint.progress"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return app
