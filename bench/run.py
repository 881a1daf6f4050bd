"""Benchmark the key pages of the Partnership CRM against hand-written floors (issue 9).

    .venv/bin/python bench/run.py --database both --size medium

For each database: prepare it (flask db upgrade + flask demo load --size ...; a prepared SQLite file
is kept and reused while the migrations and the generator are unchanged), serve the product and the
floor app (bench/floor_app.py) under gunicorn on 127.0.0.1, sign in, and measure every key request:
p50/p95 latency and requests per second over a fixed number of requests at a fixed concurrency, SQL
statements per request (the product's X-SQL-Statements header), and peak memory per worker (VmHWM).
Raw results go to bench/results/*.json; the tables go to bench/RESULTS.md (see that file).
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import redis
from client import Session, fetch, measure, sign_in
from common import (
    BENCH,
    BENCH_REDIS_URL,
    BIN,
    KEY_REQUESTS,
    LEAD_EMAIL,
    MAX_FLOOR_RATIO,
    MAX_STATEMENTS,
    OFFICER_EMAIL,
    RESULTS_DIR,
    RESULTS_MD,
    ROOT,
    TMP,
    KeyRequest,
    london_today,
    say,
)
from contact_form import ADD_ACTION_BUTTON, ContactForm, fill_contact_form, form_errors, read_form
from prepare import (
    Context,
    app_env,
    backend_cpu_reader,
    delete_bench_rows,
    discover_context,
    postgresql_database,
    sqlite_database,
)
from report import command_line, fmt, machine, markdown_table, result_key, update_results_md
from servers import Server, log_problems, start_server, stop_server

# --- One database, one size ----------------------------------------------------------------------


@dataclass
class Row:
    """The results of one key request across the repeats."""

    request: KeyRequest
    path: str
    floor_path: str | None
    status: str = "measured"  # measured | not built yet | not measured | error
    note: str = ""
    product: list[dict[str, Any]] = field(default_factory=list)
    floor: list[dict[str, Any]] = field(default_factory=list)


def plan_requests(
    product: Server, sessions: dict[str, Session], context: Context, only: set[str]
) -> list[Row]:
    """Probe each key request once: 404 means the page is not built yet."""
    rows: list[Row] = []
    for request in KEY_REQUESTS:
        if (
            only
            and request.name not in only
            and not (request.name == "reports" and any(o.startswith("report") for o in only))
        ):
            continue
        path = request.path.format(busiest=context.busiest_org)
        floor_path = request.floor.format(busiest=context.busiest_org) if request.floor else None
        session = sessions[request.who]
        if request.name == "reports":
            reports = plan_reports(product, sessions)
            if only and "reports" not in only:
                reports = [row for row in reports if row.request.name in only]
            rows.extend(reports)
            continue
        if request.kind == "post":
            rows.append(Row(request, path, floor_path))
            continue
        reply = fetch(product.port, "GET", path, session)
        if reply.status == 404 and request.name == "organisation-busiest":
            alternative = path + "/"
            if fetch(product.port, "GET", alternative, session).status == 200:
                path, reply = alternative, fetch(product.port, "GET", alternative, session)
        row = Row(request, path, floor_path)
        if reply.status in request.expect:
            pass
        elif reply.status == 404:
            row.status, row.note = "not built yet", f"GET {path} answered 404"
        else:
            location = reply.headers.get("location", "")
            row.status, row.note = "error", f"GET {path} answered {reply.status} {location}".strip()
        rows.append(row)
    return rows


def plan_reports(product: Server, sessions: dict[str, Session]) -> list[Row]:
    """One row per report linked from /reports/ (HTML pages only, not downloads)."""
    from bs4 import BeautifulSoup

    base = next(r for r in KEY_REQUESTS if r.name == "reports")
    index = fetch(product.port, "GET", "/reports/", sessions["officer"])
    who = "officer"
    if index.status == 403:
        index, who = fetch(product.port, "GET", "/reports/", sessions["lead"]), "lead"
    if index.status == 404:
        return [Row(base, "/reports/", None, "not built yet", "GET /reports/ answered 404")]
    if index.status != 200:
        return [Row(base, "/reports/", None, "error", f"GET /reports/ answered {index.status}")]
    links: list[str] = []
    for anchor in BeautifulSoup(index.text, "html.parser").find_all("a", href=True):
        href = anchor["href"]
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/reports/") or parts.path == "/reports/":
            continue
        if (
            re.search(r"\.(csv|xlsx|ics|json|ods)$", parts.path)
            or "format=" in parts.query
            or "download" in href
        ):
            continue
        if href not in links:
            links.append(href)
    if not links:
        return [Row(base, "/reports/", None, "not measured", "/reports/ links to no report page")]
    rows = []
    for href in links[:15]:
        slug = urlsplit(href).path.removeprefix("/reports/").strip("/").replace("/", "-") or "index"
        request = KeyRequest(f"report-{slug}", f"Report: {slug}", href, REPORT_FLOORS.get(slug), who=who)
        reply = fetch(product.port, "GET", href, sessions[who])
        row = Row(request, href, request.floor)
        if reply.status != 200:
            row.status, row.note = "error", f"GET {href} answered {reply.status}"
        elif request.floor is None:
            row.note = "no floor written for this report yet"
        rows.append(row)
    return rows


# Floors for the reports known when the floor app was written (see floor_app.py), by slug.
REPORT_FLOORS = {
    slug: f"/report-{slug}"
    for slug in (
        "engagements-by-sector",
        "actions-opened-closed",
        "overdue-actions",
        "quiet-relationships",
        "scorecard-movement",
    )
}


def prepare_contact_post(product: Server, session: Session, context: Context, row: Row) -> ContactForm | None:
    """Learn the form (pre-filled with the busiest organisation), add a second action row, post once."""
    path = f"/engagements/new?organisation={context.busiest_org}"
    page = fetch(product.port, "GET", path, session)
    if page.status == 404:
        row.status, row.note = "not built yet", "GET /engagements/new answered 404"
        return None
    if page.status != 200:
        row.status, row.note = "error", f"GET /engagements/new answered {page.status}"
        return None
    state = read_form(page.text, path)
    for _ in range(3):  # "add another action" posts the form back, as a browser without JavaScript does
        add = state.button(ADD_ACTION_BUTTON) if state else None
        if state is None or len(state.action_slots) >= 2 or add is None:
            break
        again = fetch(product.port, "POST", state.action, session, form=state.pairs(add))
        if again.status != 200:
            break
        state = read_form(again.text, state.action)
    if state is None:
        row.status, row.note = "not measured", "no POST form on /engagements/new"
        return None
    form, problem = fill_contact_form(
        state, organisation_ids=[context.busiest_org, context.second_org], today=london_today()
    )
    if form is None:
        row.status, row.note = "not measured", f"form fields not discoverable: {problem}"
        return None
    probe = fetch(product.port, "POST", form.action, session, form=form.body("probe"))
    if probe.status not in (302, 303):
        errors = form_errors(probe.text) if probe.status == 200 else []
        row.status = "not measured"
        row.note = f"the filled-in form was rejected (HTTP {probe.status}): " + (
            "; ".join(errors[:4]) or "no error summary"
        )
        return None
    row.path = form.action
    row.note = "; ".join(form.notes)
    return form


def run_database(args: argparse.Namespace, database: str) -> dict[str, Any]:
    TMP.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    variant = "-".join(
        filter(
            None,
            [
                "analyzed" if database == "sqlite" and args.sqlite_analyze else "",
                "partial" if args.only else "",
            ],
        )
    )
    log = RESULTS_DIR / f"{database}-{args.size}-{stamp}.log"
    say(f"\n== {database}, size {args.size} ==")
    started = time.monotonic()
    load_before = load_average()
    prepare = (
        sqlite_database(args.size, log, analyze=args.sqlite_analyze)
        if database == "sqlite"
        else postgresql_database(args.size, log, keep=args.keep_database)
    )
    with prepare as url:
        prepared_in = time.monotonic() - started
        context = discover_context(url)
        say(
            f"  {context.counts}; busiest organisation {context.busiest_org} "
            f"({context.busiest_org_engagements} engagements)"
        )
        env = app_env(url) | {"CRM_SQL_COUNT_HEADER": "1", "SECRET_KEY": secrets.token_hex(32)}
        if database == "postgresql":
            # Production runs PostgreSQL with Redis for what the workers share (the figures cache),
            # so that is what is measured; emptied first, so no figures carry over from a run before.
            redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
            env["REDIS_URL"] = BENCH_REDIS_URL
        floor_env = env | {
            "BENCH_OFFICER_ID": str(context.officer_id),
            "BENCH_OFFICER_TEAM": str(context.officer_team or ""),
            "BENCH_LEAD_ID": str(context.lead_id),
            "BENCH_LEAD_TEAM": str(context.lead_team or ""),
            "BENCH_BUSIEST_ORG": str(context.busiest_org),
            "BENCH_FIVE_ASKS": str(context.five_asks or ""),
        }
        servers: list[Server] = []
        database_cpu = backend_cpu_reader(database)
        try:
            product = start_server(
                "product", "wsgi:app", ROOT, env, args.workers, log.with_suffix(".product.log")
            )
            servers.append(product)
            floor = start_server(
                "floor", "floor_app:app", BENCH, floor_env, args.workers, log.with_suffix(".floor.log")
            )
            servers.append(floor)
            sessions = {
                "officer": sign_in(product.port, OFFICER_EMAIL),
                "lead": sign_in(product.port, LEAD_EMAIL),
            }
            only = set(filter(None, (args.only or "").split(",")))
            rows = plan_requests(product, sessions, context, only)
            for row in rows:
                if row.status != "measured":
                    say(f"  {row.request.label}: {row.status} ({row.note})")
            contact_form = None
            for row in rows:
                if row.request.kind == "post":
                    contact_form = prepare_contact_post(product, sessions["officer"], context, row)
                    if contact_form is None:
                        say(f"  {row.request.label}: {row.status} ({row.note})")
            delete_bench_rows(url)
            for repeat in range(args.repeat):
                say(f"  -- repeat {repeat + 1} of {args.repeat}")
                for row in rows:
                    if repeat and too_slow_to_repeat(row):
                        continue
                    measure_row(
                        args, row, product, floor, sessions, context, contact_form, repeat, database_cpu
                    )
                removed = delete_bench_rows(url)
                if removed:
                    say(f"     (removed {removed} benchmark contacts)")
            memory = {"product": product.peak_memory_mb(), "floor": floor.peak_memory_mb()}
            problems = {"product": log_problems(product.log), "floor": log_problems(floor.log)}
        finally:
            for server in reversed(servers):
                stop_server(server)
            delete_bench_rows(url)
    result = {
        "database": database,
        "size": args.size,
        "variant": variant,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command_line(args, database),
        "machine": machine(),
        "settings": {
            "requests": args.requests,
            "concurrency": args.concurrency,
            "workers": args.workers,
            "repeat": args.repeat,
            "max_seconds": args.max_seconds,
        },
        "data": context.counts | {"busiest_organisation_engagements": context.busiest_org_engagements},
        "prepare_seconds": round(prepared_in, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "peak_memory_mb": memory,
        "server_problems": problems,
        "load_average": {"before": load_before, "after": load_average()},
        "rows": [row_result(row) for row in rows],
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    key = result_key(result)
    for name in (f"{key}-{stamp}.json", f"{key}-latest.json"):
        (RESULTS_DIR / name).write_text(json.dumps(result, indent=2, default=str) + "\n")
    return result


def measure_row(
    args: argparse.Namespace,
    row: Row,
    product: Server,
    floor: Server,
    sessions: dict[str, Session],
    context: Context,
    contact_form: ContactForm | None,
    repeat: int,
    database_cpu: Callable[[], dict[int, float]],
) -> None:
    request = row.request
    common = {"requests": args.requests, "concurrency": args.concurrency, "max_seconds": args.max_seconds}

    def cpu(server: Server) -> Callable[[], dict[int, float]]:
        return lambda: server.cpu_seconds() | database_cpu()

    if request.kind == "post":
        floor_form: Callable[[int], list[tuple[str, str]]] = lambda n: [  # noqa: E731
            ("title", f"Bench floor contact r{repeat}-{n}"),
            ("organisation", str(context.busiest_org)),
        ]
        if row.status == "measured" and contact_form is not None:
            sample = measure(
                product.port,
                "POST",
                row.path,
                session=sessions["officer"],
                form=lambda n: contact_form.body(f"r{repeat}-{n}"),
                expect=(302, 303),
                cpu_seconds=cpu(product),
                **common,
            )
            row.product.append(sample.summary())
        if row.floor_path:
            sample = measure(
                floor.port,
                "POST",
                row.floor_path,
                session=None,
                form=floor_form,
                expect=(303,),
                cpu_seconds=cpu(floor),
                **common,
            )
            row.floor.append(sample.summary())
    else:
        if row.status == "measured":
            sample = measure(
                product.port,
                "GET",
                row.path,
                session=sessions[request.who],
                expect=request.expect,
                cpu_seconds=cpu(product),
                **common,
            )
            row.product.append(sample.summary())
        if row.floor_path:
            sample = measure(
                floor.port,
                "GET",
                row.floor_path,
                session=None,
                expect=request.expect,
                cpu_seconds=cpu(floor),
                **common,
            )
            row.floor.append(sample.summary())
    product_p50 = row.product[-1]["p50_ms"] if row.product else None
    floor_p50 = row.floor[-1]["p50_ms"] if row.floor else None
    say(f"     {request.label:<44} product p50 {fmt(product_p50):>7} ms   floor p50 {fmt(floor_p50):>7} ms")


def too_slow_to_repeat(row: Row) -> bool:
    """A measurement that hit the time limit once is not repeated: more runs would not change its verdict
    and would make the whole run take far longer."""
    stopped = [sample for sample in [*row.product, *row.floor] if sample["stopped_early"]]
    if stopped and not row.note.startswith("measured once"):
        row.note = ("measured once: hit the time limit; " + row.note).strip("; ")
    return bool(stopped)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine shows up here."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def median_of(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [sample[key] for sample in samples if sample.get(key) is not None]
    return statistics.median(values) if values else None


def failures(failed: Counter[str], answered: int) -> str:
    if not failed:
        return "errors during the run"
    detail = ", ".join(
        f"{count} x HTTP {status}" if status.isdigit() else f"{count} x {status}"
        for status, count in failed.most_common()
    )
    return f"{sum(failed.values())} of {answered} requests failed ({detail})"


def row_result(row: Row) -> dict[str, Any]:
    request = row.request
    ok_statuses = {"302", "303"} if request.kind == "post" else {str(code) for code in request.expect}
    p50 = median_of(row.product, "p50_ms")
    p95 = median_of(row.product, "p95_ms")
    floor_p50 = median_of(row.floor, "p50_ms")
    mins = [s["statements_min"] for s in row.product if s["statements_min"] is not None]
    maxes = [s["statements_max"] for s in row.product if s["statements_max"] is not None]
    floor_statements = [s["statements_max"] for s in row.floor if s["statements_max"] is not None]
    statements = (min(mins), max(maxes)) if mins else None
    ratio = p50 / floor_p50 if p50 and floor_p50 else None
    misses: list[str] = []
    judged = row.status == "measured" and p95 is not None and request.p95_target is not None
    if judged and request.p95_target is not None and p95 is not None:
        if p95 >= request.p95_target:
            misses.append(f"p95 ≥ {request.p95_target:.0f} ms")
        if request.kind != "post" and statements and statements[1] > MAX_STATEMENTS:
            misses.append(f"> {MAX_STATEMENTS} SQL")
        if ratio is not None and ratio > MAX_FLOOR_RATIO:
            misses.append(f"> {MAX_FLOOR_RATIO:.0f}x floor")
        if any(s["stopped_early"] for s in row.product):
            misses.append("stopped at the time limit")
    incomplete = [s for s in row.product if s["requests"] == 0 or s["errors"]]
    failed = Counter()
    for sample in row.product:
        failed.update(
            {status: count for status, count in sample["statuses"].items() if status not in ok_statuses}
        )
    answered = sum(sum(sample["statuses"].values()) for sample in row.product)
    return {
        "name": request.name,
        "label": request.label,
        "path": row.path,
        "floor_path": row.floor_path,
        "kind": request.kind,
        "who": request.who,
        "status": row.status,
        "note": row.note,
        "p50_ms": p50,
        "p95_ms": p95,
        "rps": median_of(row.product, "rps"),
        "statements": list(statements) if statements else None,
        "floor_p50_ms": floor_p50,
        "floor_p95_ms": median_of(row.floor, "p95_ms"),
        "floor_rps": median_of(row.floor, "rps"),
        "cpu_ms": median_of(row.product, "cpu_ms"),
        "floor_cpu_ms": median_of(row.floor, "cpu_ms"),
        "floor_statements": max(floor_statements) if floor_statements else None,
        "ratio": ratio,
        "p95_target_ms": request.p95_target,
        "target_met": (not misses and not incomplete) if judged else None,
        "misses": misses + ([failures(failed, answered)] if incomplete else []),
        "samples": {"product": row.product, "floor": row.floor},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    parser.add_argument(
        "--requests", type=int, default=200, help="measured requests per key request (default 200)"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers, product and floor (default 2)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the whole set; medians are reported (default 3)"
    )
    parser.add_argument("--only", help="comma-separated key request names (e.g. dashboard,actions-mine)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=20.0,
        help="time limit for one measurement of one request (default 20 s; warm-up gets at most 5 s more)",
    )
    parser.add_argument("--keep-database", action="store_true", help="keep crm_bench for the next run")
    parser.add_argument(
        "--sqlite-analyze",
        action="store_true",
        help="ANALYZE the SQLite file again first (flask demo load already does; for a file whose"
        " statistics an experiment removed)",
    )
    parser.add_argument("--no-results-md", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    for name in ("requests", "concurrency", "workers", "repeat"):
        if not 1 <= getattr(args, name) <= 10_000:
            parser.error(f"--{name} must be between 1 and 10000")
    known = {r.name for r in KEY_REQUESTS}
    for name in filter(None, (args.only or "").split(",")):
        if name not in known and not name.startswith("report"):
            parser.error(f"--only: unknown request {name!r} (known: {', '.join(sorted(known))})")
    if not (BIN / "gunicorn").exists():
        parser.error("No .venv/bin/gunicorn: run `make setup` first")
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    started = time.monotonic()
    results = []
    for database in databases:
        result = run_database(args, database)
        results.append(result)
        say("")
        say(markdown_table(result))
    if args.only:
        say("\n(--only: a partial run, so bench/RESULTS.md is left as it is.)")
    elif not args.no_results_md:
        update_results_md(results)
        say(f"\nUpdated {RESULTS_MD.relative_to(ROOT)}; raw results in {RESULTS_DIR.relative_to(ROOT)}/")
    shutil.rmtree(TMP / "instance", ignore_errors=True)
    say(f"Finished in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
