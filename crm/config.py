"""Settings, read from the environment only. Defaults are safe in production and fine to publish."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

# Used only when FLASK_ENV-style development is on; production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's settings from the environment, then apply explicit overrides (tests).

    CRM_ENV is "production" (the default), "development" or "testing". Production needs a
    SECRET_KEY of its own and never runs in debug.
    """
    overrides = overrides or {}
    env = overrides.get("CRM_ENV") or os.environ.get("CRM_ENV", "production")
    development = env in {"development", "testing"}
    default_db = "sqlite:///" + os.path.join(instance_path, "crm.sqlite3")
    redis_url = os.environ.get("REDIS_URL", "")

    config: dict[str, Any] = {
        "CRM_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if development else ""),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        # Shared across workers through Redis when it is configured; memory:// is per process.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", not development),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "CRM_TIMEZONE": "Europe/London",
        "CRM_SERVICE_NAME": "Partnership CRM",
        "CRM_PAGE_SIZE": 50,
        # How long report and briefing figures are kept before being computed again (0: never kept).
        # Off in testing, so a test sees the figures of the data it has just written.
        "CRM_FIGURES_CACHE_SECONDS": _seconds("CRM_FIGURES_CACHE_SECONDS", 0 if env == "testing" else 300),
        # Benchmarks only: count SQL statements per request into a response header.
        "CRM_SQL_COUNT_HEADER": _bool("CRM_SQL_COUNT_HEADER", False),
    }
    config.update(overrides)
    _check(config)
    return config


def _seconds(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number of seconds, not {value!r}")
    return int(value)


def _check(config: dict[str, Any]) -> None:
    """Refuse configurations that would be unsafe in production."""
    if config["CRM_ENV"] not in {"production", "development", "testing"}:
        raise ConfigError(f"CRM_ENV must be production, development or testing, not {config['CRM_ENV']!r}")
    if config["CRM_ENV"] == "production":
        if config["CRM_SQL_COUNT_HEADER"]:
            raise ConfigError("CRM_SQL_COUNT_HEADER is for benchmarks and must not be set in production.")
        key = config.get("SECRET_KEY") or ""
        if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
