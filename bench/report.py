"""Writing the results: the Markdown tables in bench/RESULTS.md and the machine description."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
from pathlib import Path
from typing import Any

from benchdb import Database
from common import PG_ADMIN, RESULTS_DIR, RESULTS_MD

# --- Reporting -----------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def megabytes(peaks: dict[str, float]) -> str:
    return ", ".join(f"{value:.0f} MB" for value in peaks.values()) or "-"


def machine() -> dict[str, Any]:
    memory_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "postgresql": postgres_version(),
    }


def postgres_version() -> str:
    with contextlib.suppress(Exception):
        database = Database(PG_ADMIN)
        try:
            return str(database.scalar("SHOW server_version"))
        finally:
            database.close()
    return "unavailable"


def command_line(args: argparse.Namespace, database: str) -> str:
    parts = [".venv/bin/python", "bench/run.py", "--database", database, "--size", args.size]
    parts += ["--requests", str(args.requests), "--concurrency", str(args.concurrency)]
    parts += ["--workers", str(args.workers), "--repeat", str(args.repeat)]
    if args.only:
        parts += ["--only", args.only]
    if args.sqlite_analyze and database == "sqlite":
        parts += ["--sqlite-analyze"]
    return shlex.join(parts)


def result_key(result: dict[str, Any]) -> str:
    """sqlite-medium, postgresql-small, sqlite-medium-analyzed ..."""
    return "-".join(filter(None, (result["database"], result["size"], result.get("variant", ""))))


def markdown_table(result: dict[str, Any]) -> str:
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[result["database"]]
    if "analyzed" in result.get("variant", ""):
        title += " (ANALYZE run again by the benchmark)"
    if "partial" in result.get("variant", ""):
        title += " (partial run)"
    settings = result["settings"]
    memory = result["peak_memory_mb"]
    data = result["data"]
    finished = result["date"].replace("T", " ").replace("+00:00", " UTC")
    lines = [
        f"### {title}, {result['size']} — finished {finished}",
        "",
        f"Command: `{result['command']}`  ",
        f"Machine: {result['machine']['nproc']} CPUs ({result['machine']['cpu']}), "
        f"{result['machine']['memory_gb']} GB; Python {result['machine']['python']}, "
        f"SQLite {result['machine']['sqlite']}, PostgreSQL {result['machine']['postgresql']}.  ",
        f"Data: {data['organisations']:,} organisations, {data['people']:,} people, "
        f"{data['engagements']:,} engagements, {data['actions']:,} actions; the busiest organisation has "
        f"{data['busiest_organisation_engagements']:,} engagements.  ",
        f"Each figure is the median of {settings['repeat']} runs of {settings['requests']} requests at "
        f"concurrency {settings['concurrency']}, gunicorn {settings['workers']} sync workers "
        "(product and floor alike). "
        f"Peak memory per product worker (VmHWM): {megabytes(memory['product'])}; "
        f"floor workers: {megabytes(memory['floor'])}. "
        f"Load average before/after: {result['load_average']['before']} / {result['load_average']['after']}. "
        "CPU ms/req is the server side's CPU time per request (gunicorn workers, plus the PostgreSQL "
        "backends on PostgreSQL): less disturbed than latency by other work on the machine.",
        "",
        "| Request | p50 ms | p95 ms | req/s | SQL statements | Floor p50 ms | Ratio "
        "| CPU ms/req (floor) | Target met? |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result["rows"]:
        label = f"{row['label']} `{row['path']}`"
        floor = fmt(row["floor_p50_ms"])
        if row["status"] != "measured" or row["p50_ms"] is None:
            verdict = f"{row['status']}: {row['note']}" if row["note"] else row["status"]
            lines.append(
                f"| {label} | - | - | - | - | {floor} | - | - ({fmt(row.get('floor_cpu_ms'))}) | {verdict} |"
            )
            continue
        statements = row["statements"]
        sql = (
            "-"
            if not statements
            else (
                str(statements[0]) if statements[0] == statements[1] else f"{statements[0]}-{statements[1]}"
            )
        )
        if row["p95_target_ms"] is None:
            verdict = "no target (diagnostic)"
        elif row["target_met"]:
            verdict = f"yes (p95 < {row['p95_target_ms']:.0f} ms)"
        else:
            verdict = "**no**: " + ", ".join(row["misses"])
        if row["note"] and row["kind"] != "post":
            verdict += f" ({row['note']})"
        lines.append(
            f"| {label} | {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['rps'], 0)} | {sql} "
            f"| {floor} | {ratio(row['ratio'])} | {fmt(row.get('cpu_ms'))} ({fmt(row.get('floor_cpu_ms'))}) "
            f"| {verdict} |"
        )
    lines.append("")
    for server, problems in result.get("server_problems", {}).items():
        if problems:
            found = ", ".join(f"{problem}: {count}" for problem, count in problems.items())
            lines.append(f"The {server} server's log shows problems ({found}); see the .{server}.log file.  ")
    lines.append(
        f"Prepared the database in {result['prepare_seconds']:.0f} s; "
        f"the whole run took {result['total_seconds']:.0f} s."
    )
    return "\n".join(lines)


def statements_by_size() -> str:
    """SQL statements per request for every database and size measured so far (latest runs)."""
    results = {}
    for path in sorted(RESULTS_DIR.glob("*-latest.json")):
        with contextlib.suppress(ValueError, OSError):
            data = json.loads(path.read_text())
            if not data.get("variant"):  # as the product ships only
                results[(data["database"], data["size"])] = data
    if not results:
        return ""
    keys = sorted(
        results,
        key=lambda k: (["sqlite", "postgresql"].index(k[0]), ["small", "medium", "large"].index(k[1])),
    )
    labels: dict[str, str] = {}
    for data in results.values():
        for row in data["rows"]:
            labels.setdefault(row["name"], row["label"])
    header = "| Request | " + " | ".join(f"{db} {size}" for db, size in keys) + " |"
    lines = [header, "| --- |" + " ---: |" * len(keys)]
    for name, label in labels.items():
        cells = []
        for key in keys:
            row = next((r for r in results[key]["rows"] if r["name"] == name), None)
            statements = row and row["statements"]
            cells.append(
                "-"
                if not statements
                else (
                    str(statements[0])
                    if statements[0] == statements[1]
                    else f"{statements[0]}-{statements[1]}"
                )
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_results_md(results: list[dict[str, Any]]) -> None:
    """Replace each database/size block of RESULTS.md (between its markers), or append it."""
    text = RESULTS_MD.read_text() if RESULTS_MD.exists() else "# Benchmark results\n"
    blocks = {result_key(r): markdown_table(r) for r in results}
    blocks["statements-by-size"] = statements_by_size()
    for key, body in blocks.items():
        start, end = f"<!-- results:{key} -->", f"<!-- /results:{key} -->"
        block = f"{start}\n{body}\n{end}"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _match, block=block: block, text)
        else:
            text = text.rstrip("\n") + f"\n\n{block}\n"
    RESULTS_MD.write_text(text)
