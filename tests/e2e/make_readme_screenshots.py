"""The screenshots the README shows: docs/dashboard.png, docs/organisation.png, docs/actions.png
(an officer's day) and docs/scorecard.png (a lead's five-asks scorecard).

Not part of the suite (the file name does not start with test_, and it skips unless asked). Make
them again after a visible change, from a fresh copy of the demo data:

    CRM_README_SCREENSHOTS=1 .venv/bin/pytest -q tests/e2e/make_readme_screenshots.py

Each is the top of the page at 1280 x 800 (not the full page), to keep the files small.
"""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.pages import ActionsPage, OrganisationPage, ScorecardPage, sign_in_as

DOCS = ROOT / "docs"
VIEWPORT = {"width": 1280, "height": 800}

pytestmark = pytest.mark.skipif(
    os.environ.get("CRM_README_SCREENSHOTS") != "1", reason="set CRM_README_SCREENSHOTS=1 to remake them"
)


def test_make_readme_screenshots(open_site):
    DOCS.mkdir(exist_ok=True)
    officer, lead = open_site(viewport=VIEWPORT), open_site(viewport=VIEWPORT)

    def shoot(site, name: str) -> None:
        site.page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)

    sign_in_as(officer, "officer")
    shoot(officer, "dashboard")
    OrganisationPage(officer).open("Kestrel Social")
    shoot(officer, "organisation")
    ActionsPage(officer).open()
    shoot(officer, "actions")
    sign_in_as(lead, "lead")
    ScorecardPage(lead).open()
    # The grid itself (below the filters): its top 800 pixels.
    grid = lead.page.locator("#scorecard").bounding_box()
    assert grid is not None
    lead.page.screenshot(
        path=str(DOCS / "scorecard.png"),
        full_page=True,
        clip={"x": grid["x"] - 16, "y": grid["y"] - 16, "width": grid["width"] + 32, "height": 800},
    )
    for name in ("dashboard", "organisation", "actions", "scorecard"):
        size = (DOCS / f"{name}.png").stat().st_size
        assert size < 250_000, f"docs/{name}.png is {size:,} bytes: use a smaller viewport"
