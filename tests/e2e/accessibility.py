"""An axe-core audit (WCAG 2.0, 2.1 and 2.2, levels A and AA) of the page the browser shows.

axe runs through page.evaluate because the app's Content Security Policy blocks add_script_tag. A
page whose context has JavaScript turned off cannot run axe (its timers never fire, so axe.run never
settles): audit_without_javascript() shows the same HTML, with its scripts taken out, in a second
page that may run scripts, and audits that.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


# axe no longer checks that ids are unique (its duplicate-id rules are deprecated, or only "needs
# review"), yet a label whose for= names an id used twice labels the first element with it, which
# may not be its field. So: every id a label, an ARIA attribute or a same-page link points at must
# be used once only.
_DUPLICATED_REFERENCES = """() => {
  const referenced = new Set();
  for (const label of document.querySelectorAll("label[for]")) referenced.add(label.htmlFor);
  for (const name of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${name}]`)) {
      for (const id of element.getAttribute(name).split(/\\s+/)) if (id) referenced.add(id);
    }
  }
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id) referenced.add(id);
  }
  return [...referenced].filter((id) => document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length > 1)
    .map((id) => `#${id}: ` + [...document.querySelectorAll(`[id="${CSS.escape(id)}"]`)]
      .map((element) => element.tagName.toLowerCase()).join(", "));
}"""

# A link to a part of the same page (the skip link, an error summary's link to its field) must lead
# to something: a link to an id no element has does nothing when followed.
_BROKEN_IN_PAGE_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map((link) => link.getAttribute("href"))
  .filter((href) => href.length > 1 && !document.getElementById(decodeURIComponent(href.slice(1))))"""


def violations(page: Page) -> list[str]:
    """Each WCAG A/AA rule axe finds broken on the page, with its id, impact and where; each id that
    is referenced (label for=, aria-describedby, ...) yet used more than once; each in-page link
    that leads nowhere."""
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    found = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
    found += [
        f"duplicate-referenced-id (serious): a referenced id is used more than once: {where}"
        for where in page.evaluate(_DUPLICATED_REFERENCES)
    ]
    found += [
        f"broken-in-page-link (serious): no element has the id this link leads to: {href}"
        for href in page.evaluate(_BROKEN_IN_PAGE_LINKS)
    ]
    return found


def assert_accessible(page: Page) -> None:
    """Fail with the rules broken and where, when axe finds any violation."""
    found = violations(page)
    assert not found, f"axe found {len(found)} violation(s) on {page.url}:\n" + "\n".join(found)


def violations_without_javascript(page: Page, auditor: Page) -> list[str]:
    """The violations in what a page with JavaScript off shows, found in auditor (which runs scripts).

    The auditor loads the page's own URL, answered with the page's HTML minus its scripts (so the
    DOM audited is the one without JavaScript), while stylesheets and images come from the server.
    """
    html = _SCRIPT.sub("", page.content())

    def serve(route: Route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.continue_()

    auditor.route("**/*", serve)
    try:
        auditor.goto(page.url)
        return violations(auditor)
    finally:
        auditor.unroute("**/*", serve)
