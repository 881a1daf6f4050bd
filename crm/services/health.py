"""Checks of the services the app depends on."""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from crm.extensions import db


def database_ok() -> bool:
    """True when a trivial query succeeds."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False
