"""Test set-up shared by every test: one migrated database per run, a rolled-back transaction per test.

The database comes from CRM_TEST_DATABASE: "sqlite" (the default; a file in a temporary folder) or
"postgresql" (a crm_test database created afresh on the local server, or TEST_DATABASE_URL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import scoped_session, sessionmaker

from crm import create_app
from crm.extensions import db, limiter
from crm.models import Role, User
from crm.services import figures_cache
from tests import factories

POSTGRES_URL = "postgresql+psycopg://root@127.0.0.1:5432/crm_test"


def _database_url(tmp_dir: Path) -> str:
    kind = os.environ.get("CRM_TEST_DATABASE", "sqlite")
    if kind == "sqlite":
        return f"sqlite:///{tmp_dir / 'crm_test.sqlite3'}"
    if kind == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL", POSTGRES_URL)
        _recreate_postgres_database(url)
        return url
    raise pytest.UsageError(f"CRM_TEST_DATABASE must be sqlite or postgresql, not {kind!r}")


def _recreate_postgres_database(url: str) -> None:
    """Drop and create the test database so every run starts from the migrations."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    except OperationalError as error:
        pytest.exit(
            f"PostgreSQL is not reachable at {target.render_as_string(hide_password=True)}: start it "
            f"(see README, 'Tests') or run the SQLite suite alone.\n{error}",
            returncode=3,
        )
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("crm")
    app = create_app(
        {
            "CRM_ENV": "testing",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    app.instance_path = str(tmp_dir / "instance")
    # No app context stays pushed: each request gets its own, as in production (flask.g is per request).
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
        app.extensions["test_engine"] = db.engine
    yield app
    app.extensions["test_engine"].dispose()


@pytest.fixture(autouse=True)
def _transaction(app: Flask) -> Iterator[None]:
    """Run each test inside a transaction that is rolled back, so tests never see each other's data.

    Code under test commits as usual: with join_transaction_mode="create_savepoint" a commit releases
    a savepoint inside this outer transaction. Objects stay readable after a commit (no expiry), so a
    test reads what a request changed with a fresh query, as the next request would.
    """
    limiter.reset()  # sign-in throttling counts start afresh for each test
    connection = app.extensions["test_engine"].connect()
    outer = connection.begin()
    original_session = db.session
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    )
    app.extensions["test_connection"] = connection
    try:
        yield
    finally:
        db.session.remove()
        db.session = original_session
        outer.rollback()
        connection.close()


@pytest.fixture
def connection(app: Flask, _transaction: None) -> Connection:
    """The test's connection, for a second session that acts as another officer."""
    return app.extensions["test_connection"]


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    """For tests that call services directly, outside a request."""
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that is not signed in."""
    return app.test_client()


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put the user's session in the client's cookie, as a successful sign-in does."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def officer(app: Flask) -> User:
    return factories.UserFactory(role=Role.OFFICER)


@pytest.fixture
def lead(app: Flask) -> User:
    return factories.UserFactory(role=Role.LEAD)


@pytest.fixture
def viewer(app: Flask) -> User:
    return factories.UserFactory(role=Role.VIEWER)


@pytest.fixture
def admin(app: Flask) -> User:
    return factories.UserFactory(role=Role.ADMIN)


@pytest.fixture
def officer_client(app: Flask, officer: User) -> FlaskClient:
    return sign_in(app.test_client(), officer)


@pytest.fixture
def lead_client(app: Flask, lead: User) -> FlaskClient:
    return sign_in(app.test_client(), lead)


@pytest.fixture
def viewer_client(app: Flask, viewer: User) -> FlaskClient:
    return sign_in(app.test_client(), viewer)


@pytest.fixture
def admin_client(app: Flask, admin: User) -> FlaskClient:
    return sign_in(app.test_client(), admin)


@pytest.fixture
def caching(app: Flask) -> Iterator[figures_cache.MemoryStore]:
    """The cache turned on (it is off in testing), with an empty store of its own."""
    store = figures_cache.MemoryStore()
    saved = app.config.get("CRM_FIGURES_CACHE_SECONDS"), app.extensions.get("figures_cache")
    app.config["CRM_FIGURES_CACHE_SECONDS"] = 300
    app.extensions["figures_cache"] = store
    yield store
    app.config["CRM_FIGURES_CACHE_SECONDS"], previous = saved
    if previous is None:
        app.extensions.pop("figures_cache", None)
    else:
        app.extensions["figures_cache"] = previous
