"""One browser tab on the app under test, and the log of every page a journey visited.

Every page object calls Site.check() once its page has loaded: an axe audit (WCAG 2.0/2.1/2.2 A and
AA, plus unique referenced ids) and the title rules. Titles must be unique per page (two different
pages never share one), end with the service name, and start with "Error: " exactly when the page
shows a GOV.UK error summary. Any finding fails the test there and then, naming the rule and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.accessibility import violations, violations_without_javascript

SERVICE = "Partnership CRM"


@dataclass
class PageLog:
    """The pages a journey visited, shared by all of its tabs."""

    titles: dict[str, str] = field(default_factory=dict)  # title: path
    audited: list[str] = field(default_factory=list)

    def title_finding(self, title: str, path: str) -> str | None:
        earlier = self.titles.setdefault(title, path)
        if earlier != path:
            return f"page-title-unique: two pages share the title {title!r}: {earlier} and {path}"
        return None


@dataclass
class Site:
    """A tab signed in (or not) to the app at base_url.

    auditor: for a tab with JavaScript turned off, a tab that runs scripts, where its pages are audited.
    """

    page: Page
    base_url: str
    log: PageLog
    auditor: Page | None = None

    @property
    def javascript(self) -> bool:
        return self.auditor is None

    def __post_init__(self) -> None:
        # Fail in seconds, not the default 30, when something never appears.
        self.page.set_default_timeout(10_000)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")

    def check(self, *, errors: bool = False) -> None:
        """Audit the page shown; errors: whether it is in its error state (an error summary shown)."""
        summary = self.page.locator(".govuk-error-summary")
        if errors:
            expect(summary.first).to_be_visible()
        else:
            expect(summary).to_have_count(0)
        path = urlsplit(self.page.url).path
        title = self.page.title()
        findings = []
        if errors != title.startswith("Error: "):
            findings.append(
                f"page-title-error-prefix: the page is {'' if errors else 'not '}in its error state "
                f"but titled {title!r}"
            )
        if not title.endswith(f" – {SERVICE}"):
            findings.append(f"page-title-service: {title!r} does not end with ' – {SERVICE}'")
        if unique := self.log.title_finding(title, path):
            findings.append(unique)
        if self.auditor is None:
            findings += violations(self.page)
        else:
            findings += violations_without_javascript(self.page, self.auditor)
        self.log.audited.append(f"{title} ({self.page.url})")

        assert not findings, f"{len(findings)} problem(s) on {self.page.url}:\n" + "\n".join(findings)
