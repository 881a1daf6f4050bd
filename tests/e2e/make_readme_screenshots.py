"""The three screenshots the README shows: docs/dashboard.png, docs/organisation.png, docs/actions.png.

Not part of the suite (the file name does not start with test_, and it skips unless asked). Make
them again after a visible change, from a fresh copy of the demo data:

    CRM_README_SCREENSHOTS=1 .venv/bin/pytest -q tests/e2e/make_readme_screenshots.py

Each is the top of the page at 1280 x 800 (not the full page), to keep the files small.
"""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.pages import ActionsPage, OrganisationPage, sign_in_as

DOCS = ROOT / "docs"
VIEWPORT = {"width": 1280, "height": 800}

pytestmark = pytest.mark.skipif(
    os.environ.get("CRM_README_SCREENSHOTS") != "1", reason="set CRM_README_SCREENSHOTS=1 to remake them"
)


def test_make_readme_screenshots(open_site):
    DOCS.mkdir(exist_ok=True)
    site = open_site(viewport=VIEWPORT)

    def shoot(name: str) -> None:
        site.page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)

    sign_in_as(site, "officer")
    shoot("dashboard")
    OrganisationPage(site).open("Kestrel Social")
    shoot("organisation")
    ActionsPage(site).open()
    shoot("actions")
    for name in ("dashboard", "organisation", "actions"):
        size = (DOCS / f"{name}.png").stat().st_size
        assert size < 250_000, f"docs/{name}.png is {size:,} bytes: use a smaller viewport"
