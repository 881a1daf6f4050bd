"""Loading the fictional demo data, and telling a demo database from one in real use."""

from __future__ import annotations

import enum
from collections.abc import Callable

from sqlalchemy import func, inspect, select, text, update

from crm.demo import DemoSummary, load_demo_data, synthetic
from crm.extensions import db
from crm.models import Organisation, Setting, User
from crm.services.users import hash_password
from crm.timezones import london_today

DEMO_MARKER = "internal.demo-data-loaded"
SIZE_MARKER = "internal.demo-data-size"
DEMO_EMAIL_DOMAIN = "@demo.example.org"


class DemoState(enum.Enum):
    """What demo load finds in the database."""

    NOT_MIGRATED = "not-migrated"
    EMPTY = "empty"
    LOADED = "loaded"
    REAL_DATA = "real-data"


def demo_state() -> DemoState:
    """Whether demo data can be loaded: an empty database yes, one in real use never."""
    if not inspect(db.engine).has_table(Setting.__tablename__):
        return DemoState.NOT_MIGRATED
    if db.session.get(Setting, DEMO_MARKER) is not None:
        return DemoState.LOADED
    has_users = db.session.scalar(select(func.count()).select_from(User)) or 0
    has_organisations = db.session.scalar(select(func.count()).select_from(Organisation)) or 0
    return DemoState.REAL_DATA if has_users or has_organisations else DemoState.EMPTY


def load(*, password: str) -> DemoSummary:
    """Add the demo records and mark the database as a demo one. Flushes; the caller commits."""
    summary = load_demo_data(password_hash=hash_password(password), today=london_today())
    db.session.add(Setting(key=DEMO_MARKER, value="1"))
    db.session.flush()
    return summary


def reset_demo_passwords(password: str) -> None:
    """Give every demo user the given password (so the printed sign-in details always work)."""
    db.session.execute(
        update(User)
        .where(User.email.endswith(DEMO_EMAIL_DOMAIN))
        .values(password_hash=hash_password(password))
    )


def demo_users() -> list[tuple[str, str]]:
    """(email, role) of each demo user, admins first."""
    rows = db.session.execute(
        select(User.email, User.role)
        .where(User.email.endswith(DEMO_EMAIL_DOMAIN))
        .order_by(User.role, User.id)
    )
    return [(email, role.value) for email, role in rows]


def loaded_size() -> str:
    """Which volume the demo database holds: "small" (the demo alone), "medium" or "large"."""
    setting = db.session.get(Setting, SIZE_MARKER)
    return setting.value if setting else "small"


def add_volume(size: str, *, progress: Callable[[str], None]) -> dict[str, int]:
    """Bulk synthetic records for benchmarks, on top of the demo. The caller commits."""
    counts = synthetic.add_volume(size, today=london_today(), progress=progress)
    db.session.add(Setting(key=SIZE_MARKER, value=size))
    db.session.flush()
    return counts


def refresh_planner_statistics() -> None:
    """ANALYZE after a load: without statistics SQLite's planner picks poor indexes for the access
    clause (measured in bench/RESULTS.md: 3 s instead of 50 ms for the organisations list)."""
    db.session.execute(text("ANALYZE"))
    db.session.commit()
