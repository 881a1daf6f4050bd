"""The figures cache's stores and its get-or-compute, without a database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from crm.services import figures_cache
from crm.services.figures_cache import MemoryStore, RedisStore, cache_key, cached, lifetime_seconds

# Tests that need Redis use a database of their own (see README, "Tests").
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def test_a_memory_entry_expires(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(figures_cache.time, "monotonic", lambda: now[0])
    store = MemoryStore()
    store.set("k", "v", 300)
    assert store.get("k") == "v"
    now[0] += 299
    assert store.get("k") == "v"
    now[0] += 2
    assert store.get("k") is None


def test_the_memory_store_keeps_a_bounded_number_of_entries():
    store = MemoryStore(max_entries=2)
    for key in ("a", "b", "c"):
        store.set(key, key, 60)
    assert [store.get(key) for key in ("a", "b", "c")] == [None, "b", "c"]


def test_keys_differ_by_every_part_and_name_the_figures():
    assert cache_key(["report", "all", "2025"]) != cache_key(["report", "official", "2025"])
    assert cache_key(["report", "all", "2025"]) == cache_key(["report", "all", "2025"])
    assert cache_key(["report", "all"]).startswith("crm:figures:report:")


@pytest.fixture
def small_app() -> Iterator[Flask]:
    """A bare app with the cache on and a memory store (the name leaves conftest's app alone)."""
    app = Flask(__name__)
    app.config["CRM_FIGURES_CACHE_SECONDS"] = 60
    app.extensions["figures_cache"] = MemoryStore()
    with app.app_context():
        yield app


def _counted(calls: list[int]):
    def compute() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    return compute


def test_figures_are_computed_once_then_read_with_their_time(small_app):
    calls: list[int] = []
    first = cached(["r"], _counted(calls), encode=dict, decode=dict)
    second = cached(["r"], _counted(calls), encode=dict, decode=dict)
    assert (first.value, first.fresh) == ({"n": 1}, True)
    assert (second.value, second.fresh) == ({"n": 1}, False)
    assert second.computed_at == first.computed_at
    assert first.computed_at.tzinfo is not None and first.computed_at <= datetime.now(UTC)
    refreshed = cached(["r"], _counted(calls), encode=dict, decode=dict, refresh=True)
    assert (refreshed.value, refreshed.fresh) == ({"n": 2}, True)


def test_an_unreadable_entry_is_computed_again(small_app):
    small_app.extensions["figures_cache"].set(cache_key(["r"]), "not json", 60)
    calls: list[int] = []
    assert cached(["r"], _counted(calls), encode=dict, decode=dict).value == {"n": 1}


def _counting_decoder(decodes: list[int]):
    def decode(value: dict[str, int]) -> dict[str, int]:
        decodes.append(1)
        return dict(value)

    return decode


def test_an_unchanged_entry_is_decoded_once_per_process(small_app):
    calls: list[int] = []
    decodes: list[int] = []
    cached(["r"], _counted(calls), encode=dict, decode=_counting_decoder(decodes))
    views = [cached(["r"], _counted(calls), encode=dict, decode=_counting_decoder(decodes)) for _ in range(3)]
    assert [view.value for view in views] == [{"n": 1}] * 3
    assert all(not view.fresh for view in views)
    assert (len(calls), len(decodes)) == (1, 1)


def test_an_entry_another_worker_refreshed_is_decoded_again(small_app):
    calls: list[int] = []
    decodes: list[int] = []
    cached(["r"], _counted(calls), encode=dict, decode=_counting_decoder(decodes))
    assert cached(["r"], _counted(calls), encode=dict, decode=_counting_decoder(decodes)).value == {"n": 1}
    # Another process stores newer figures under the same key (as a shared Redis would show them).
    newer = '{"computed_at":"2026-01-02T03:04:05+00:00","value":{"n":7}}'
    small_app.extensions["figures_cache"].set(cache_key(["r"]), newer, 60)
    read = cached(["r"], _counted(calls), encode=dict, decode=_counting_decoder(decodes))
    assert read.value == {"n": 7}
    assert read.computed_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert (len(calls), len(decodes)) == (1, 2)


def test_decoded_entries_are_bounded_and_reused_only_for_the_same_text(small_app):
    figures = figures_cache.Cached(value=1, computed_at=datetime.now(UTC), fresh=False)
    decoded = figures_cache.BoundedEntries[tuple[str, figures_cache.Cached[int]]](max_entries=2)
    for key in ("a", "b", "c"):
        decoded.put(key, (key, figures))
    assert [decoded.get(key) for key in ("a", "b", "c")] == [None, ("b", figures), ("c", figures)]
    # cached() reuses decoded figures only when the stored text is the one they came from.
    small_app.extensions["figures_cache_decoded"] = decoded
    key = cache_key(["r"])
    decoded.put(key, ('{"computed_at":"2026-01-02T03:04:05+00:00","value":{"n":7}}', figures))
    small_app.extensions["figures_cache"].set(
        key, '{"computed_at":"2026-01-02T03:04:05+00:00","value":{"n":8}}', 60
    )
    assert cached(["r"], _counted([]), encode=dict, decode=dict).value == {"n": 8}


def test_lifetime_zero_turns_the_cache_off(small_app):
    small_app.config["CRM_FIGURES_CACHE_SECONDS"] = 0
    calls: list[int] = []
    for _ in range(2):
        assert cached(["r"], _counted(calls), encode=dict, decode=dict).fresh
    assert len(calls) == 2


def test_the_lifetime_defaults_to_five_minutes_and_to_off_in_testing():
    app = Flask(__name__)
    assert lifetime_seconds(app) == 300
    app.testing = True
    assert lifetime_seconds(app) == 0


def test_redis_is_used_when_configured_and_shared_between_stores():
    try:
        import redis

        client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5)
        client.ping()
    except Exception:
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}")
    app = Flask(__name__)
    app.config.update(REDIS_URL=TEST_REDIS_URL, CRM_FIGURES_CACHE_SECONDS=60)
    store = figures_cache.store_for(app)
    assert isinstance(store, RedisStore)
    key = cache_key(["unit-test", datetime.now(UTC).isoformat()])
    try:
        store.set(key, "figures", 60)
        assert RedisStore(TEST_REDIS_URL).get(key) == "figures"  # another worker's store
        assert 0 < int(client.ttl(key)) <= 60
    finally:
        client.delete(key)


def test_an_unreachable_redis_means_computing_not_failing():
    app = Flask(__name__)
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0", CRM_FIGURES_CACHE_SECONDS=60)
    with app.app_context():
        calls: list[int] = []
        assert cached(["r"], _counted(calls), encode=dict, decode=dict).value == {"n": 1}
        assert cached(["r"], _counted(calls), encode=dict, decode=dict).value == {"n": 2}
