"""Configuration comes from the environment, and production refuses unsafe settings."""

from __future__ import annotations

import pytest

from crm.config import DEVELOPMENT_SECRET_KEY, ConfigError, load_config


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "CRM_ENV",
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "SESSION_COOKIE_SECURE",
        "CRM_FIGURES_CACHE_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("/tmp/instance")


def test_production_refuses_the_development_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    with pytest.raises(ConfigError):
        load_config("/tmp/instance")


def test_production_refuses_a_short_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError):
        load_config("/tmp/instance")


def test_production_with_a_real_key_has_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    config = load_config("/tmp/instance")
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_defaults_to_an_embedded_sqlite_database(monkeypatch):
    monkeypatch.setenv("CRM_ENV", "development")
    config = load_config("/srv/crm/instance")
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/crm/instance/crm.sqlite3"
    assert config["SESSION_COOKIE_SECURE"] is False


def test_database_and_redis_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CRM_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://crm@db/crm")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    config = load_config("/tmp/instance")
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://crm@db/crm"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"


def test_an_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("CRM_ENV", "staging-ish")
    with pytest.raises(ConfigError, match="CRM_ENV"):
        load_config("/tmp/instance")


def test_the_sql_count_header_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("CRM_SQL_COUNT_HEADER", "1")
    with pytest.raises(ConfigError, match="CRM_SQL_COUNT_HEADER"):
        load_config("/tmp/instance")


def test_figures_are_kept_five_minutes_unless_set_and_never_in_testing(monkeypatch):
    monkeypatch.setenv("CRM_ENV", "development")
    assert load_config("/tmp/instance")["CRM_FIGURES_CACHE_SECONDS"] == 300
    monkeypatch.setenv("CRM_FIGURES_CACHE_SECONDS", "60")
    assert load_config("/tmp/instance")["CRM_FIGURES_CACHE_SECONDS"] == 60
    monkeypatch.delenv("CRM_FIGURES_CACHE_SECONDS")
    monkeypatch.setenv("CRM_ENV", "testing")
    assert load_config("/tmp/instance")["CRM_FIGURES_CACHE_SECONDS"] == 0


def test_a_cache_lifetime_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("CRM_ENV", "development")
    monkeypatch.setenv("CRM_FIGURES_CACHE_SECONDS", "five minutes")
    with pytest.raises(ConfigError, match="CRM_FIGURES_CACHE_SECONDS must be a whole number"):
        load_config("/tmp/instance")
