"""The partnership CRM: an app factory and the small register_* helpers it calls."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from crm.config import load_config
from crm.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. No side effects: no migrations, no seeding, no prompts."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("CRM_INSTANCE_PATH", str(ROOT / "instance")),
    )
    app.config.update(load_config(app.instance_path, config))
    # The default SQLite database and the demo password live here.
    os.makedirs(app.instance_path, exist_ok=True)
    app.debug = app.debug and app.config["CRM_ENV"] != "production"

    register_extensions(app)
    register_templates(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from crm.services import audit, database

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"
    database.register_engine_events()
    database.register_request_end(app)
    audit.register_listeners()

    from crm.services.users import load_user_from_session

    login_manager.user_loader(load_user_from_session)


def register_templates(app: Flask) -> None:
    from crm import template_helpers

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    template_helpers.register(app)


def register_blueprints(app: Flask) -> None:
    from crm.account import bp as account_bp
    from crm.actions import bp as actions_bp
    from crm.admin import bp as admin_bp
    from crm.auth import bp as auth_bp
    from crm.calendar import bp as calendar_bp
    from crm.dashboard import bp as dashboard_bp
    from crm.engagements import bp as engagements_bp
    from crm.health import bp as health_bp
    from crm.history import bp as history_bp
    from crm.organisations import bp as organisations_bp
    from crm.people import bp as people_bp
    from crm.reports import bp as reports_bp
    from crm.scorecard import bp as scorecard_bp
    from crm.search import bp as search_bp

    for bp in (
        auth_bp,
        account_bp,
        dashboard_bp,
        health_bp,
        organisations_bp,
        people_bp,
        engagements_bp,
        actions_bp,
        calendar_bp,
        scorecard_bp,
        reports_bp,
        admin_bp,
        history_bp,
        search_bp,
    ):
        app.register_blueprint(bp)


def register_security(app: Flask) -> None:
    from crm import security, sql_count

    security.register(app)
    sql_count.register(app)


def register_errors(app: Flask) -> None:
    from crm import errors

    errors.register(app)


def register_cli(app: Flask) -> None:
    from crm import cli

    cli.register(app)
