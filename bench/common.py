"""Settings shared by the benchmark modules: paths, the demo accounts, the key requests and targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS_DIR = BENCH / "results"
TMP = RESULTS_DIR / "tmp"
RESULTS_MD = BENCH / "RESULTS.md"
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PG_DATABASE = "crm_bench"
PG_ADMIN = "postgresql://root@127.0.0.1:5432/postgres"
PG_URL = f"postgresql+psycopg://root@127.0.0.1:5432/{PG_DATABASE}"
# The PostgreSQL runs' Redis (the figures cache the workers share), emptied before each run.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
OFFICER_EMAIL = "officer@demo.example.org"
LEAD_EMAIL = "lead@demo.example.org"
# Only for the throwaway benchmark database; not a secret.
DEMO_PASSWORD = "bench-only-demo-password-4821"  # noqa: S105
FIVE_ASKS_KEY = "home-secretary-2018"
LONDON = ZoneInfo("Europe/London")
# What the prepared database depends on: when any of these change, it is built again.
FINGERPRINT_PATHS = ["migrations/versions", "crm/demo", "crm/services/demo.py"]
REQUEST_TIMEOUT = 30.0

# Targets from issue 9 (medium size, 2 cores, 2 workers, concurrency 4).
GET_P95_MS = 75.0
SEARCH_P95_MS = 40.0
POST_P95_MS = 150.0
MAX_STATEMENTS = 12
MAX_FLOOR_RATIO = 3.0


@dataclass
class KeyRequest:
    """One request the issue names, how to make it, and the floor route that serves the same rows."""

    name: str
    label: str
    path: str
    floor: str | None
    who: str = "officer"
    kind: str = "page"  # page | search | post | diagnostic (measured, no target)

    @property
    def p95_target(self) -> float | None:
        return {"page": GET_P95_MS, "search": SEARCH_P95_MS, "post": POST_P95_MS}.get(self.kind)

    @property
    def expect(self) -> tuple[int, ...]:
        return (404,) if self.kind == "diagnostic" else (200,)


KEY_REQUESTS = [
    KeyRequest("dashboard", "Dashboard", "/", "/dashboard"),
    KeyRequest("organisations", "Organisations list", "/organisations/", "/organisations"),
    KeyRequest(
        "organisations-sector",
        "Organisations, sector filter",
        "/organisations/?sector=technology",
        "/organisations-sector",
    ),
    KeyRequest(
        "organisations-prefix",
        "Organisations, prefix search (kest)",
        "/organisations/?q=kest",
        "/organisations-prefix?q=kest",
        kind="search",
    ),
    KeyRequest(
        "organisations-typo",
        "Organisations, typo search (Kestral)",
        "/organisations/?q=Kestral",
        "/organisations-typo?q=Kestral",
        kind="search",
    ),
    KeyRequest(
        "organisation-busiest",
        "Organisation page, busiest organisation",
        "/organisations/{busiest}",
        "/organisation-busiest?id={busiest}",
    ),
    KeyRequest("people-search", "People search (okaf)", "/people/?q=okaf", "/people-search?q=okaf"),
    KeyRequest("actions-mine", "Actions review, mine", "/actions/", "/actions-mine"),
    KeyRequest("actions-overdue", "Actions review, overdue", "/actions/?due=overdue", "/actions-overdue"),
    KeyRequest(
        "actions-team", "Actions review, team (lead)", "/actions/?owner=team", "/actions-team", who="lead"
    ),
    KeyRequest("scorecard", "Five-asks scorecard", "/scorecard/", "/scorecard"),
    KeyRequest("reports", "Reports", "/reports/", None),  # replaced by one row per report found
    KeyRequest(
        "log-contact", "Log a contact (POST, two actions)", "/engagements/new", "/log-contact", kind="post"
    ),
    KeyRequest("global-search", "Global search (kestrel)", "/search?q=kestrel", "/global-search?q=kestrel"),
    # Not a key request: the product's fixed cost (sign-in check, session, layout) on a page with no
    # data, so that each page's own cost can be told apart from the cost every page pays.
    KeyRequest(
        "layout-only",
        "Diagnostic: layout only (signed-in 404 page)",
        "/bench-no-such-page",
        "/layout-only",
        kind="diagnostic",
    ),
]


def say(message: str) -> None:
    print(message, flush=True)


def london_today() -> date:
    return datetime.now(UTC).astimezone(LONDON).date()
