"""Fixtures for the actions tests."""

from __future__ import annotations

from datetime import date

import pytest

from crm.timezones import london_today
from tests.integration.actions import scenario as scenario_module


@pytest.fixture
def today() -> date:
    return london_today()


@pytest.fixture
def scenario(app) -> scenario_module.Scenario:
    return scenario_module.build()
