"""The benchmark database: prepared once per size, reused while unchanged, cleaned after each run."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchdb import Database
from common import (
    BIN,
    DEMO_PASSWORD,
    FINGERPRINT_PATHS,
    FIVE_ASKS_KEY,
    LEAD_EMAIL,
    OFFICER_EMAIL,
    PG_ADMIN,
    PG_DATABASE,
    PG_URL,
    ROOT,
    TMP,
    say,
)
from servers import process_cpu_seconds

# --- Preparing the database ----------------------------------------------------------------------


def fingerprint() -> str:
    digest = hashlib.sha256()
    for relative in FINGERPRINT_PATHS:
        target = ROOT / relative
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def app_env(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CRM_", "FLASK_"))}
    env.update(
        {
            "CRM_ENV": "development",
            "DATABASE_URL": database_url,
            "CRM_INSTANCE_PATH": str(TMP / "instance"),
            "CRM_DEMO_PASSWORD": DEMO_PASSWORD,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def run_flask(args: list[str], env: dict[str, str], log: Path, timeout: float) -> str:
    command = [str(BIN / "flask"), "--app", "wsgi", *args]
    say(f"  $ flask {' '.join(args)}")
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    with log.open("a") as handle:
        handle.write(f"$ {shlex.join(command)}\n{output}\n")
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({result.returncode}):\n{output[-3000:]}")
    say(f"    done in {time.monotonic() - started:.0f}s")
    return output


def load_data(url: str, size: str, log: Path) -> None:
    env = app_env(url)
    timeout = 3600 if size == "large" else 900
    run_flask(["db", "upgrade"], env, log, timeout)
    output = run_flask(["demo", "load", "--size", size], env, log, timeout)
    for line in output.splitlines():
        if "already loaded" in line or (" in " in line and line.strip()[:1].isdigit()):
            say(f"    {line.strip()}")


def loaded_size(database: Database) -> str | None:
    try:
        if not database.scalar("SELECT value FROM settings WHERE key = 'internal.demo-data-loaded'"):
            return None
        return database.scalar("SELECT value FROM settings WHERE key = 'internal.demo-data-size'") or "small"
    except Exception:
        return None


@contextlib.contextmanager
def sqlite_database(size: str, log: Path, analyze: bool = False) -> Iterator[str]:
    """A SQLite file per size under bench/results/tmp, kept and reused while its stamp matches.

    Measured as the product leaves it: `flask demo load` (like migration 0003) runs ANALYZE, so the
    file has planner statistics. analyze=True runs ANALYZE again here first (a reused file whose
    statistics an experiment removed)."""
    path = TMP / f"crm-{size}.sqlite3"
    stamp_path = TMP / f"crm-{size}.stamp"
    url = f"sqlite:///{path}"
    stamp = f"{size} {fingerprint()}"
    reuse = path.exists() and stamp_path.exists() and stamp_path.read_text().strip() == stamp
    if reuse:
        say(f"  Reusing {path.relative_to(ROOT)} (size {size}, same migrations and generator)")
    else:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), stamp_path):
            leftover.unlink(missing_ok=True)
    load_data(url, size, log)
    database = Database(url)
    try:
        if loaded_size(database) != size:
            raise RuntimeError(f"{path} does not hold the {size} data set after loading")
        if analyze:
            say("  ANALYZE (planner statistics: --sqlite-analyze)")
            database.execute("ANALYZE")
    finally:
        database.close()
    stamp_path.write_text(stamp + "\n")
    yield url


@contextlib.contextmanager
def postgresql_database(size: str, log: Path, keep: bool) -> Iterator[str]:
    """crm_bench, created afresh (or reused with --keep-database when its stamp matches), dropped after."""
    admin = Database(PG_ADMIN)
    stamp = f"crm-bench {size} {fingerprint()}"
    existing = admin.scalar(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :name",
        name=PG_DATABASE,
    )
    if keep and existing == stamp:
        say(f"  Reusing PostgreSQL database {PG_DATABASE} (size {size}, same migrations and generator)")
    else:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    try:
        load_data(PG_URL, size, log)
        database = Database(PG_URL)
        try:
            if loaded_size(database) != size:
                raise RuntimeError(f"{PG_DATABASE} does not hold the {size} data set after loading")
            if existing != stamp or not keep:
                # Autovacuum would analyse the freshly loaded tables within a minute or so, in the
                # middle of the measurements; do it now so every run sees settled statistics.
                say("  VACUUM ANALYZE (what autovacuum would do after the bulk load)")
                database.execute("VACUUM ANALYZE")
        finally:
            database.close()
        admin.execute(f"COMMENT ON DATABASE {PG_DATABASE} IS '{stamp}'")
        yield PG_URL
    finally:
        if not keep:
            say(f"  Dropping PostgreSQL database {PG_DATABASE}")
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.close()


@dataclass
class Context:
    """Who signs in and which records the key requests point at."""

    officer_id: int
    officer_team: int | None
    officer_name: str
    lead_id: int
    lead_team: int | None
    busiest_org: int
    busiest_org_engagements: int
    second_org: int
    five_asks: int | None
    counts: dict[str, int]


def discover_context(url: str) -> Context:
    database = Database(url)
    try:
        officer = database.one("SELECT id, team_id, name FROM users WHERE email = :e", e=OFFICER_EMAIL)
        lead = database.one("SELECT id, team_id FROM users WHERE email = :e", e=LEAD_EMAIL)
        if officer is None or lead is None:
            raise RuntimeError("The demo officer and lead are missing from the benchmark database")
        busiest = database.rows(
            "SELECT organisation_id, count(*) FROM engagement_organisations GROUP BY organisation_id"
            " ORDER BY count(*) DESC, organisation_id LIMIT 2"
        )
        counts = {
            table: int(database.scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 (fixed names)
            for table in ("organisations", "people", "engagements", "actions")
        }
        return Context(
            officer_id=officer[0],
            officer_team=officer[1],
            officer_name=officer[2],
            lead_id=lead[0],
            lead_team=lead[1],
            busiest_org=busiest[0][0],
            busiest_org_engagements=int(busiest[0][1]),
            second_org=busiest[1][0],
            five_asks=database.scalar("SELECT id FROM frameworks WHERE key = :k", k=FIVE_ASKS_KEY),
            counts=counts,
        )
    finally:
        database.close()


def delete_bench_rows(url: str) -> int:
    """Remove what the log-a-contact measurements created, so every repeat starts from the same data.

    Audit events of the product's POSTs stay (the audit trail is append-only by design)."""
    database = Database(url)
    try:
        bench = (
            "SELECT id FROM engagements"
            " WHERE title LIKE 'Bench contact %' OR title LIKE 'Bench floor contact %'"
        )
        ids = [row[0] for row in database.rows(bench)]
        if not ids:
            return 0
        database.begin()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            database.execute("DELETE FROM actions WHERE engagement_id IN :ids", ids=chunk)
            for table in (
                "engagement_organisations",
                "engagement_people",
                "engagement_officers",
                "engagement_asks",
            ):
                database.execute(f"DELETE FROM {table} WHERE engagement_id IN :ids", ids=chunk)  # noqa: S608
            database.execute("DELETE FROM engagements WHERE id IN :ids", ids=chunk)
        database.commit()
        return len(ids)
    except Exception as error:
        with contextlib.suppress(Exception):
            database.rollback()
        say(f"  WARNING: could not delete the benchmark's own contacts: {error}")
        return 0
    finally:
        database.close()


def backend_cpu_reader(database: str) -> Callable[[], dict[int, float]]:
    """On PostgreSQL, the CPU seconds used so far by the server processes serving crm_bench (the
    query work SQLite does inside the app's own workers); 0 on SQLite."""
    if database != "postgresql":
        return lambda: {}
    admin = Database(PG_ADMIN)

    def read() -> dict[int, float]:
        pids = admin.rows("SELECT pid FROM pg_stat_activity WHERE datname = :name", name=PG_DATABASE)
        return {int(row[0]): process_cpu_seconds(int(row[0])) for row in pids}

    return read
