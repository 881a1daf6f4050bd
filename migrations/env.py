"""Alembic environment: runs migrations with the app's engine and models (Flask-Migrate)."""

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app

from crm.models.base import UTCDateTime
from crm.services.organisations.search import include_name

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write the app's column types as plain SQLAlchemy types, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("import sqlalchemy as sa")
        return "sa.DateTime(timezone=True)"
    return False


def process_revision_directives(_context: Any, _revision: Any, directives: list[Any]) -> None:
    """Autogenerate writes no empty migration when models and schema agree."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    engine = target_db.engine
    configure_args = dict(current_app.extensions["migrate"].configure_args)
    configure_args.setdefault("process_revision_directives", process_revision_directives)
    configure_args.setdefault("compare_type", True)
    # The search index (FTS5 tables, a search schema) is built by migration 0002, not by models.
    configure_args.setdefault("include_name", include_name)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy and drop tables; with foreign keys on, dropping a parent would
            # cascade. Turned off on the raw connection, before any transaction begins.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            render_item=render_item,
            **configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run 'flask db upgrade'.")
run_migrations_online()
