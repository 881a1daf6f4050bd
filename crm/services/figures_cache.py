"""A small, short-lived cache for expensive figures (the reports), honest about its age.

Figures are stored as JSON text with the time they were computed, so a page can say "Figures as
of 09:42". Keys are built by the caller from everything the figures depend on: the report, its
parameters and the reader's access scope (crm.services.reports.cached). Two readers who may see
different records never share an entry.

Where: Redis when REDIS_URL is set (shared by every worker); otherwise a small store in this
process (each worker keeps its own; fine for one worker and for development). How long:
CRM_FIGURES_CACHE_SECONDS (0 turns the cache off; off by default in testing, so tests see the
data they just wrote). A Redis that cannot be reached is not an error: the figures are computed.
JSON, never pickle: a shared store must not be able to run code in the app.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, Protocol, TypeVar

from flask import Flask, current_app

from crm.services.bounded import BoundedEntries
from crm.timezones import to_london

T = TypeVar("T")
DEFAULT_SECONDS = 300
# Bumped when the shape of a cached value changes, so a new release never reads an old entry.
KEY_VERSION = "1"
KEY_PREFIX = "crm:figures:"
MEMORY_ENTRIES = 256
# Decoded figures kept per process (see decoded_for): the entries decoded most recently.
DECODED_ENTRIES = 32
REDIS_TIMEOUT_SECONDS = 0.5
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cached(Generic[T]):
    """Figures and when they were computed (UTC). fresh: computed for this request."""

    value: T
    computed_at: datetime
    fresh: bool


class Store(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, text: str, seconds: int) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryStore:
    """Entries in this process, each with an expiry; the oldest go first past MEMORY_ENTRIES."""

    def __init__(self, max_entries: int = MEMORY_ENTRIES) -> None:
        self._entries: BoundedEntries[tuple[float, str]] = BoundedEntries(max_entries)

    def get(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, text = entry
        if expires_at <= time.monotonic():
            self._entries.pop(key)
            return None
        return text

    def set(self, key: str, text: str, seconds: int) -> None:
        self._entries.put(key, (time.monotonic() + seconds, text))

    def delete(self, key: str) -> None:
        self._entries.pop(key)

    def clear(self) -> None:
        self._entries.clear()


class RedisStore:
    """Entries in Redis with a TTL, shared by every worker. Failures are logged and ignored."""

    def __init__(self, url: str) -> None:
        import redis  # only needed when REDIS_URL is set

        self._client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )

    def get(self, key: str) -> str | None:
        try:
            value: Any = self._client.get(key)
        except Exception:  # any Redis failure: compute the figures instead
            log.warning("figures cache: Redis read failed", exc_info=True)
            return None
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def set(self, key: str, text: str, seconds: int) -> None:
        try:
            self._client.set(key, text.encode("utf-8"), ex=seconds)
        except Exception:
            log.warning("figures cache: Redis write failed", exc_info=True)

    def delete(self, key: str) -> None:
        try:
            self._client.delete(key)
        except Exception:
            log.warning("figures cache: Redis delete failed", exc_info=True)


def store_for(app: Flask) -> Store:
    """The app's store: made on first use, then kept in app.extensions."""
    store: Store | None = app.extensions.get("figures_cache")
    if store is None:
        url = app.config.get("REDIS_URL") or ""
        store = RedisStore(url) if url else MemoryStore()
        app.extensions["figures_cache"] = store
    return store


def decoded_for(app: Flask) -> BoundedEntries[tuple[str, Cached[Any]]]:
    """(entry text, figures decoded from it) by key, in this process: a stored entry is read on every
    view (another worker may have refreshed it), but decoding it again is wasted work while its text
    is unchanged (the quiet-relationships figures list thousands of organisations: about 10 ms a view
    to decode at medium size). Decoded figures are shared by the views that read them, so callers
    must not change them."""
    decoded: BoundedEntries[tuple[str, Cached[Any]]] | None = app.extensions.get("figures_cache_decoded")
    if decoded is None:
        decoded = app.extensions["figures_cache_decoded"] = BoundedEntries(DECODED_ENTRIES)
    return decoded


def lifetime_seconds(app: Flask) -> int:
    """How long figures are kept (CRM_FIGURES_CACHE_SECONDS; 0: not cached)."""
    configured = app.config.get("CRM_FIGURES_CACHE_SECONDS")
    if configured is None:
        configured = 0 if app.testing else DEFAULT_SECONDS
    return max(0, int(configured))


def cache_key(parts: Sequence[str]) -> str:
    """A fixed-length key for the parts (the first names the figures, for anyone reading Redis)."""
    digest = hashlib.sha256(json.dumps([KEY_VERSION, *parts]).encode("utf-8")).hexdigest()
    return f"{KEY_PREFIX}{parts[0]}:{digest}"


def cached(
    parts: Sequence[str],
    compute: Callable[[], T],
    *,
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    refresh: bool = False,
) -> Cached[T]:
    """The figures stored under parts if they are still current, else compute() stored afresh.

    refresh: compute afresh even if stored ("Refresh figures"). encode/decode turn the figures into
    JSON-ready values and back; a stored entry that cannot be decoded is computed again.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    seconds = lifetime_seconds(app)
    if seconds == 0:
        return Cached(value=compute(), computed_at=datetime.now(UTC), fresh=True)
    store, key = store_for(app), cache_key(parts)
    decoded = decoded_for(app)
    if not refresh and (text := store.get(key)) is not None:
        remembered = decoded.get(key)
        if remembered is not None and remembered[0] == text:
            return remembered[1]
        try:
            entry = json.loads(text)
            stored = Cached(
                value=decode(entry["value"]),
                computed_at=datetime.fromisoformat(entry["computed_at"]),
                fresh=False,
            )
        except (ValueError, KeyError, TypeError, IndexError):
            log.warning("figures cache: unreadable entry %s, computing again", key)
        else:
            decoded.put(key, (text, stored))
            return stored
    computed_at = datetime.now(UTC)
    value = compute()
    entry_text = json.dumps(
        {"computed_at": computed_at.isoformat(), "value": encode(value)}, separators=(",", ":")
    )
    store.set(key, entry_text, seconds)
    return Cached(value=value, computed_at=computed_at, fresh=True)


def as_of_text(computed_at: datetime, today: date) -> str:
    """When figures were computed, for the page: "09:42" in London time, with the date when not today."""
    local = to_london(computed_at)
    return f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M} on {local.day} {local:%B %Y}"


def kept_for_text(seconds: int) -> str:
    """How long figures are kept, in words ("" when they are not kept)."""
    if seconds <= 0:
        return ""
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
