"""Where does a page's time go? Time its SQL statements, and profile the rest with pyinstrument if installed.

    .venv/bin/python bench/profile_page.py --size medium /actions/ /scorecard/
    .venv/bin/python bench/profile_page.py --size medium --database postgresql --who lead /actions/?owner=team

Runs the product in-process (Flask test client, CSRF off) against the database bench/run.py prepared
(the SQLite file it keeps, or crm_bench when kept with --keep-database), signed in as the demo officer
or lead. Prints each request's SQL statements with their times, the slowest first, then a pyinstrument
profile of the request (`.venv/bin/pip install pyinstrument` for that part; it is not a requirement).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from common import DEMO_PASSWORD, LEAD_EMAIL, OFFICER_EMAIL, PG_URL, ROOT, TMP


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="product paths, e.g. /actions/")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    parser.add_argument("--who", choices=["officer", "lead"], default="officer")
    parser.add_argument("--repeat", type=int, default=3, help="timed requests per path (default 3)")
    parser.add_argument("--no-profile", action="store_true", help="only the SQL timings")
    parser.add_argument("--url", help="another database to use (e.g. a copy to experiment on)")
    args = parser.parse_args()

    url = args.url or (
        f"sqlite:///{TMP / f'crm-{args.size}.sqlite3'}" if args.database == "sqlite" else PG_URL
    )
    os.environ.update(
        {"CRM_ENV": "development", "DATABASE_URL": url, "CRM_INSTANCE_PATH": str(TMP / "instance")}
    )
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import event

    from crm import create_app
    from crm.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False})
    statements: list[tuple[float, str]] = []

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _stop(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        started = conn.info["started"].pop()
        statements.append(((time.perf_counter() - started) * 1000, " ".join(statement.split())))

    client = app.test_client()
    email = LEAD_EMAIL if args.who == "lead" else OFFICER_EMAIL
    signed_in = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    if signed_in.status_code not in (302, 303):
        print(f"Could not sign in as {email} (HTTP {signed_in.status_code})", file=sys.stderr)
        return 1
    for path in args.paths:
        client.get(path)  # warm caches and compiled queries
        timings = []
        for _ in range(args.repeat):
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        sql_ms = sum(ms for ms, _ in statements)
        best = min(timings)
        print(f"\n== {path}: HTTP {response.status_code}, {len(response.data):,} bytes")
        print(
            f"   best of {args.repeat}: {best:.1f} ms; last request: {len(statements)} statements, ", end=""
        )
        print(f"{sql_ms:.1f} ms in SQL")
        for ms, statement in sorted(statements, reverse=True)[:8]:
            print(f"   {ms:8.1f} ms  {statement[:220]}")
        if not args.no_profile:
            profile(client, path)
    return 0


def profile(client: Any, path: str) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("   (pyinstrument is not installed: .venv/bin/pip install pyinstrument for a profile)")
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    client.get(path)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True))


if __name__ == "__main__":
    sys.exit(main())
