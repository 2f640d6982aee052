"""The cache off the critical path (``core.cache``): Redis down is a miss, rate limits fail
closed, and versioned keys make lost or raced invalidations harmless."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction

from core import cache as core_cache
from core.cache import CacheUnavailable, ResilientRedisCache

from ..conftest import UNREACHABLE_REDIS


@pytest.fixture
def down(redis_down):
    """A resilient backend of its own, pointed at a port nothing listens on."""
    return ResilientRedisCache(UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 1}})


# ---------------------------------------------------------------------------
# The backend when Redis is unreachable
# ---------------------------------------------------------------------------


def test_reads_are_misses_and_writes_are_dropped_when_redis_is_down(down):
    assert down.get("totals") is None
    assert down.get("totals", "fallback") == "fallback"
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("a") is False
    assert down.add("a", 1) is False
    assert down.set("a", 1) is None
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.touch("a") is False
    assert down.delete("a") is False
    assert down.delete_many(["a", "b"]) is None
    assert down.clear() is False
    assert down.get_or_set("a", 5) == 5


def test_a_counter_cannot_be_guessed_so_it_raises(down):
    with pytest.raises(CacheUnavailable):
        down.incr("count")
    with pytest.raises(CacheUnavailable):
        down.decr("count")


@pytest.mark.parametrize(
    "key", ["allauth:rl:allauth.account:login:30/60.0/ip:127.0.0.1", "ratelimit:anything"]
)
def test_rate_limit_keys_fail_closed(down, key):
    for operation in (
        lambda: down.get(key, []),
        lambda: down.add(f"{key}:lock", True),
        lambda: down.set(key, [1.0], 60),
        lambda: down.delete(f"{key}:lock"),
        lambda: down.get_many([key, "other"]),
    ):
        with pytest.raises(CacheUnavailable):
            operation()


def test_after_a_failure_redis_is_left_alone_for_a_moment(down, monkeypatch, caplog):
    calls = []
    original = down._cache.get

    def counting(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(down._cache, "get", counting)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(5):
            assert down.get("totals") is None
    assert len(calls) == 1  # tried once, then paused
    assert len(caplog.records) == 1
    assert "carrying on without it" in caplog.records[0].getMessage()
    # The pause ends: the next call tries Redis again.
    clock = core_cache.time.monotonic() + core_cache.PAUSE_SECONDS + 1
    monkeypatch.setattr(core_cache.time, "monotonic", lambda: clock)
    assert down.get("totals") is None
    assert len(calls) == 2


def test_an_outage_costs_no_more_than_the_connect_timeout(down):
    started = core_cache.time.monotonic()
    for _ in range(50):
        down.get("x")
        down.set("x", 1)
    assert core_cache.time.monotonic() - started < 1.5


# ---------------------------------------------------------------------------
# The backend when Redis is up: Django's own behaviour
# ---------------------------------------------------------------------------


@pytest.fixture
def up(settings):
    """The shared Redis, under a key prefix of this test's own (never cleared: others
    use that database)."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set")
    ResilientRedisCache._paused_until.clear()
    backend = ResilientRedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["a", "n", "ratelimit:r"])


def test_with_redis_up_it_is_djangos_redis_cache(up):
    up.set("a", {"pledges": 3}, 30)
    assert up.get("a") == {"pledges": 3}
    assert up.add("n", 1, 30) is True
    assert up.incr("n") == 2
    assert up.add("ratelimit:r", 0, 30) is True
    assert up.incr("ratelimit:r") == 1
    with pytest.raises(ValueError):
        up.incr("missing")


# ---------------------------------------------------------------------------
# Versioned keys
# ---------------------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"pledges": self.calls}


@pytest.mark.django_db
def test_cached_values_last_until_their_family_is_bumped_on_commit(
    django_capture_on_commit_callbacks,
):
    compute = Counter()
    cached = lambda: core_cache.cached(  # noqa: E731
        "home:totals", compute, families=("pledges", "organisations"), timeout=60
    )
    assert cached() == {"pledges": 1}
    assert cached() == {"pledges": 1}

    with django_capture_on_commit_callbacks(execute=True):
        core_cache.bump("toolkit")  # another family: no effect
    assert cached() == {"pledges": 1}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        core_cache.bump("organisations")
        assert cached() == {"pledges": 1}  # not before the commit
    assert len(callbacks) == 1
    assert cached() == {"pledges": 2}


@pytest.mark.django_db(transaction=True)
def test_a_bump_in_a_transaction_that_rolls_back_changes_nothing():
    compute = Counter()
    core_cache.cached("x", compute, families=("pledges",), timeout=60)
    with pytest.raises(RuntimeError), transaction.atomic():
        core_cache.bump("pledges")
        raise RuntimeError
    core_cache.cached("x", compute, families=("pledges",), timeout=60)
    assert compute.calls == 1


def test_a_slow_reader_cannot_store_stale_data_over_a_bump():
    """The race a plain delete loses: a reader computes from the old data, the writer
    commits and invalidates, then the reader stores what it computed."""
    key_before = core_cache.versioned_key("home:totals", "pledges")
    core_cache._bump_now(("pledges",))  # the writer commits
    cache.set(key_before, "stale", 60)  # the slow reader stores its old result
    assert core_cache.cached("home:totals", lambda: "fresh", families=("pledges",), timeout=60) == (
        "fresh"
    )


def test_a_lost_version_starts_again_past_every_earlier_one():
    first = core_cache.public_version("pledges")
    for _ in range(3):
        core_cache._bump_now(("pledges",))
    cache.delete("version:pledges")  # evicted, or Redis restarted empty
    assert core_cache.public_version("pledges") > first + 3


def test_versioned_keys_name_each_family_and_its_version():
    key = core_cache.versioned_key("page:/", "pledges", "organisations")
    pledges, organisations = core_cache.versions("pledges", "organisations").values()
    assert key == f"page:/@pledges.{pledges},organisations.{organisations}"


def test_a_cached_value_needs_a_timeout():
    with pytest.raises(ValueError):
        core_cache.cached("x", dict, families=("pledges",), timeout=None)


def test_with_redis_down_values_are_computed_every_time_and_bumps_do_not_raise(redis_down, caplog):
    compute = Counter()
    assert core_cache.versioned_key("x", "pledges") is None
    for expected in (1, 2):
        assert core_cache.cached("x", compute, families=("pledges",), timeout=60) == {
            "pledges": expected
        }
    core_cache.ResilientRedisCache._paused_until.clear()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        core_cache._bump_now(("pledges",))
    assert "Could not bump the cache version of pledges" in caplog.text


# ---------------------------------------------------------------------------
# Rate limits
# ---------------------------------------------------------------------------


def test_a_limit_counts_attempts_in_its_window():
    results = [core_cache.limit_exceeded("t:1.2.3.4", limit=3, period=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert core_cache.limit_exceeded("t:5.6.7.8", limit=3, period=60) is False
    cache.delete("ratelimit:t:1.2.3.4")  # the window ends
    assert core_cache.limit_exceeded("t:1.2.3.4", limit=3, period=60) is False


def test_a_limit_that_cannot_be_counted_refuses(redis_down):
    with pytest.raises(CacheUnavailable):
        core_cache.limit_exceeded("t:1.2.3.4", limit=3, period=60)


def test_a_part_of_a_signed_in_page_is_kept_only_when_the_setting_allows(settings):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    settings.PART_CACHE_SECONDS = 0
    assert core_cache.cached_part("x", compute, families=("pledges",)) == 1
    assert core_cache.cached_part("x", compute, families=("pledges",)) == 2  # not kept

    settings.PART_CACHE_SECONDS = 60
    assert core_cache.cached_part("y", compute, families=("pledges",)) == 3
    assert core_cache.cached_part("y", compute, families=("pledges",)) == 3  # kept
    core_cache._bump_now(("pledges",))
    assert core_cache.cached_part("y", compute, families=("pledges",)) == 4
