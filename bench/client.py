"""HTTP for the benchmark: a cookie-keeping session, sign-in with CSRF, and the measuring loop."""

from __future__ import annotations

import http.client
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from common import DEMO_PASSWORD, HOST, REQUEST_TIMEOUT

# --- HTTP ----------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float
    set_cookies: list[str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def statements(self) -> int | None:
        value = self.headers.get("x-sql-statements")
        return int(value) if value and value.isdigit() else None


class Session:
    """A signed-in browser: its cookies, updated from every response."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def header(self) -> str:
        with self.lock:
            return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def update(self, set_cookies: list[str]) -> None:
        with self.lock:
            for cookie in set_cookies:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                expired = "max-age=0" in cookie.lower() or "expires=thu, 01 jan 1970" in cookie.lower()
                if expired or not value:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value


def fetch(
    port: int,
    method: str,
    path: str,
    session: Session | None = None,
    form: list[tuple[str, str]] | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> Reply:
    """One request on a fresh connection (gunicorn's sync workers close after each response)."""
    headers = {"Host": f"{HOST}:{port}", "Connection": "close", "User-Agent": "crm-bench"}
    body = None
    if session is not None and session.cookies:
        headers["Cookie"] = session.header()
    if form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        reply = Reply(
            status=response.status,
            headers={key.lower(): value for key, value in response.getheaders()},
            body=data,
            elapsed_ms=elapsed,
            set_cookies=response.msg.get_all("Set-Cookie") or [],
        )
    finally:
        connection.close()
    if session is not None and reply.set_cookies:
        session.update(reply.set_cookies)
    return reply


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if not found:
        raise RuntimeError("No csrf_token field in the form")
    return found.group(1)


def sign_in(port: int, email: str) -> Session:
    """POST /login with the CSRF token from the form, as a browser would."""
    session = Session(email.split("@")[0])
    form_page = fetch(port, "GET", "/login", session)
    token = csrf_token(form_page.text)
    reply = fetch(
        port,
        "POST",
        "/login",
        session,
        form=[("csrf_token", token), ("email", email), ("password", DEMO_PASSWORD)],
    )
    location = reply.headers.get("location", "")
    if reply.status not in (302, 303) or "/login" in location:
        raise RuntimeError(f"Sign-in as {email} failed: HTTP {reply.status} {location}")
    check = fetch(port, "GET", "/", session)
    if check.status != 200:
        raise RuntimeError(f"Signed in as {email} but / answered {check.status}")
    return session


# --- Measuring -----------------------------------------------------------------------------------


@dataclass
class Sample:
    """One measurement: a fixed number of requests at a fixed concurrency."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    statements: list[int] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    stopped_early: bool = False
    cpu_ms: float | None = None  # server-side CPU per request

    @property
    def p50(self) -> float | None:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p95(self) -> float | None:
        return percentile(self.latencies_ms, 0.95)

    @property
    def rps(self) -> float | None:
        return len(self.latencies_ms) / self.seconds if self.seconds and self.latencies_ms else None

    def summary(self) -> dict[str, Any]:
        return {
            "requests": len(self.latencies_ms),
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "rps": self.rps,
            "cpu_ms": self.cpu_ms,
            "statements_min": min(self.statements) if self.statements else None,
            "statements_max": max(self.statements) if self.statements else None,
            "statuses": self.statuses,
            "errors": self.errors[:5],
            "stopped_early": self.stopped_early,
        }


WARMUP_SECONDS = 5.0


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(
    port: int,
    method: str,
    path: str | Callable[[int], str],
    *,
    session: Session | None,
    requests: int,
    concurrency: int,
    max_seconds: float,
    form: Callable[[int], list[tuple[str, str]]] | None = None,
    expect: tuple[int, ...] = (200,),
    cpu_seconds: Callable[[], dict[int, float]] | None = None,
) -> Sample:
    """Warm up, then send `requests` requests from `concurrency` threads; stop early past max_seconds.

    cpu_seconds, when given, reads the CPU time the server side's processes have used so far, by
    process id (its workers, and the database's backends on PostgreSQL): the difference over the
    measured requests is less disturbed by other work on the machine than wall-clock latency is. When
    the processes changed meanwhile (a worker died and was replaced), there is no CPU figure."""
    sample = Sample()
    counter = iter(range(10**9))
    lock = threading.Lock()
    statuses: Counter[str] = Counter()

    def run(total: int, record: bool, deadline: float) -> None:
        def worker() -> None:
            while True:
                with lock:
                    number = next(counter)
                if number >= total or time.perf_counter() > deadline:
                    if number < total:
                        sample.stopped_early = True
                    return
                target = path(number) if callable(path) else path
                try:
                    reply = fetch(port, method, target, session, form(number) if form else None)
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        statuses["error"] += 1
                        sample.errors.append(f"{type(error).__name__}: {error}")
                    continue
                if not record:
                    continue
                with lock:
                    statuses[str(reply.status)] += 1
                    if reply.status in expect:
                        sample.latencies_ms.append(reply.elapsed_ms)
                        if reply.statements is not None:
                            sample.statements.append(reply.statements)
                    elif len(sample.errors) < 20:
                        sample.errors.append(f"HTTP {reply.status} for {method} {target}")

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    warmup = min(requests, max(2 * concurrency, 10))
    run(warmup, record=False, deadline=time.perf_counter() + min(max_seconds, WARMUP_SECONDS))
    counter = iter(range(10**9))
    sample.stopped_early = False
    cpu_before = cpu_seconds() if cpu_seconds else None
    started = time.perf_counter()
    run(requests, record=True, deadline=started + max_seconds)
    sample.seconds = time.perf_counter() - started
    if cpu_seconds is not None and cpu_before is not None and sample.latencies_ms:
        cpu_after = cpu_seconds()
        if cpu_after.keys() == cpu_before.keys():
            used = sum(cpu_after.values()) - sum(cpu_before.values())
            sample.cpu_ms = used * 1000 / len(sample.latencies_ms)
    sample.statuses = dict(statuses)
    return sample
