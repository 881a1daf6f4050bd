"""Browser journeys: the real app under gunicorn on 127.0.0.1, driven in Debian's Chromium.

Each test gets its own server on a fresh copy of a database holding the demo data, so journeys
never see each other's changes. Screenshots go to test-artifacts/e2e/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.site import PageLog, Site

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("CRM_E2E_CHROMIUM", "/usr/bin/chromium"))
DEMO_PASSWORD = "e2e demo passphrase"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _transaction() -> None:
    """The browser tests use their own server and database, not the rolled-back test session."""


def _environment(database: Path, instance: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("CRM_TEST", "TEST_DATABASE"))
    }
    env.update(
        CRM_ENV="development",
        DATABASE_URL=f"sqlite:///{database}",
        CRM_INSTANCE_PATH=str(instance),
        CRM_DEMO_PASSWORD=DEMO_PASSWORD,
        SECRET_KEY="e2e-secret-key-" + "x" * 40,
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo data, built once and copied for each journey."""
    folder = tmp_path_factory.mktemp("e2e-template")
    database = folder / "demo.sqlite3"
    env = _environment(database, folder / "instance")
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return database


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_server(demo_database: Path, tmp_path: Path) -> Iterator[str]:
    """gunicorn serving a fresh copy of the demo database; yields the base URL."""
    database = tmp_path / "journey.sqlite3"
    shutil.copy(demo_database, database)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            "1",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=_environment(database, tmp_path / "instance"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, server)
        yield base_url
    finally:
        # SIGINT is gunicorn's quick shutdown: SIGTERM would wait for the browser's kept-alive
        # connections to close (about 2 s a journey). The database copy is thrown away anyway.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # A worker thread still busy with a request the browser abandoned: the journey is over.
            server.kill()
            server.wait(timeout=10)
        finally:
            log.close()


def _wait_until_healthy(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:  # noqa: S310 (local URL)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the app server did not become healthy within 20 seconds")


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-base-url's fixture (deprecated in pytest 9); journeys use live_server's URL."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.skip(f"No browser: {CHROMIUM} is missing (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def page_log() -> PageLog:
    """Every page the journey visited (titles checked unique across all its tabs)."""
    return PageLog()


@pytest.fixture
def site(page: Page, live_server: str, page_log: PageLog) -> Site:
    """The journey's first tab (pytest-playwright's page), with JavaScript."""
    return Site(page, live_server, page_log)


@pytest.fixture
def open_site(
    browser: Browser, browser_context_args: dict, live_server: str, page_log: PageLog
) -> Iterator[Callable[..., Site]]:
    """Opens another tab in a browser context of its own (its own cookies, so its own sign-in).

    open_site(javascript=False) gives a tab with JavaScript turned off; its pages are audited in a
    second context that may run scripts (axe cannot run where scripts are off). Other keyword
    arguments are browser context options (viewport=...).
    """
    contexts: list[BrowserContext] = []

    def new_context(**options: object) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, **options})
        contexts.append(context)
        return context

    def open_(*, javascript: bool = True, **options: object) -> Site:
        page = new_context(java_script_enabled=javascript, **options).new_page()
        auditor = None if javascript else new_context(**options).new_page()
        return Site(page, live_server, page_log, auditor=auditor)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Save a full-page screenshot of the current page (or of another tab, of=...) as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, of: Page | None = None) -> Path:
        path = ARTIFACTS / f"{request.node.name}--{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take
