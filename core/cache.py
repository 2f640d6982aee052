"""The cache, kept off the critical path: a request never fails because Redis does.

``ResilientRedisCache`` is Django's Redis backend with its failures absorbed:

- a read that cannot reach Redis is a miss, and a write or delete is logged and dropped;
- after a failure the process leaves Redis alone for ``PAUSE_SECONDS``, so an outage
  costs each request nothing rather than a connection attempt per cache call;
- rate limits fail closed: a key in a rate-limit namespace (allauth's ``allauth:rl:``
  and ours, ``RATE_LIMIT_PREFIX``) raises ``CacheUnavailable`` instead, so the limited
  action (a login, a sign-up, a concern report) is refused with "try again shortly"
  (``core.middleware.CacheUnavailableMiddleware``) while every other page carries on;
- a counter (``incr``/``decr``) that cannot be read raises ``CacheUnavailable``: no
  number is a safe guess, so the caller decides (``bump`` below shrugs it off).

What may be cached is cached through versioned keys, so an invalidation lost in an
outage, or raced by a slow reader, cannot leave stale data behind for long:

- data is grouped in *families* ("pledges", "organisations", ...). A reader builds its
  key from the families' current versions (``versioned_key``/``cached``);
- a writer calls ``bump(family)`` in its transaction: the version moves on once it
  commits, and every entry built on the old one is never read again;
- every entry has a timeout, which bounds how stale anything can be when a bump could
  not reach Redis at all.

Pages cached for anonymous visitors can key on ``versioned_key("page:/", "pledges")``
and be invalidated by the same bumps.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

RATE_LIMIT_PREFIX = "ratelimit:"
# Keys whose loss would switch a protection off: these fail closed.
STRICT_PREFIXES = ("allauth:rl:", RATE_LIMIT_PREFIX)
PAUSE_SECONDS = 5.0
VERSION_PREFIX = "version:"
MAX_KEY_LENGTH = 200  # memcached's limit is 250, with Django's prefix and version
_MISSING = object()
_RAISE = object()  # a fallback that means "raise CacheUnavailable"


class CacheUnavailable(Exception):
    """The cache could not answer, and the caller cannot do without the answer."""


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache`` for which an unreachable Redis is a miss, not an error
    (see the module's docstring). Configure it as Django's own, ``OPTIONS`` included."""

    # Per server list, shared by the process's threads: when Redis is back.
    _paused_until: dict[tuple[str, ...], float] = {}
    _lock = threading.Lock()

    def _call(self, keys: Iterable[str], fallback: Any, method: Callable, *args, **kwargs):
        strict = any(str(key).startswith(STRICT_PREFIXES) for key in keys)
        servers = tuple(self._servers)
        if time.monotonic() < self._paused_until.get(servers, 0.0):
            if strict or fallback is _RAISE:
                raise CacheUnavailable("the cache is paused after a failure")
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            with self._lock:
                self._paused_until[servers] = time.monotonic() + PAUSE_SECONDS
            logger.warning(
                "Cache unreachable (%s: %s); carrying on without it for %ss",
                type(error).__name__,
                error,
                PAUSE_SECONDS,
            )
            if strict or fallback is _RAISE:
                raise CacheUnavailable(str(error)) from error
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call((key,), False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call((key,), default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call((key,), None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call((key,), False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call((key,), False, super().delete, key, version)

    def get_many(self, keys, version=None):
        keys = list(keys)  # read twice: for strict keys, then by Redis
        return self._call(keys, {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call((key,), False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call((key,), _RAISE, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(data, list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call(keys, None, super().delete_many, keys, version)

    def clear(self):
        return self._call((), False, super().clear)


# ---------------------------------------------------------------------------
# Versioned keys: families of cached data, bumped by writers on commit
# ---------------------------------------------------------------------------


def _version_key(family: str) -> str:
    return f"{VERSION_PREFIX}{family}"


def versions(*families: str) -> dict[str, int] | None:
    """The current version of each family, or None when the cache cannot say (then
    cache nothing: compute afresh)."""
    keys = {_version_key(family): family for family in families}
    found = cache.get_many(list(keys))
    result: dict[str, int] = {}
    for key, family in keys.items():
        version = found.get(key)
        if version is None:
            # A first use, or the counter was evicted: start from the clock (in
            # microseconds), so a new counter starts past any number that older entries
            # were stored under (that would take a bump every microsecond).
            start = time.time_ns() // 1_000
            version = start if cache.add(key, start, timeout=None) else cache.get(key)
            if version is None:
                return None
        result[family] = version
    return result


def public_version(family: str) -> int | None:
    """The version of one family (None when the cache is unreachable)."""
    found = versions(family)
    return None if found is None else found[family]


def versioned_key(name: str, *families: str) -> str | None:
    """``name`` qualified by the current versions of the families it is built from, or
    None when the cache is unreachable."""
    found = versions(*families)
    if found is None:
        return None
    key = f"{name}@" + ",".join(f"{family}.{found[family]}" for family in families)
    if len(key) > MAX_KEY_LENGTH:  # many families: a digest of their versions
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        key = f"{name}@{digest}"
    return key


def cached(name: str, compute: Callable[[], T], *, families: tuple[str, ...], timeout: int) -> T:
    """``compute()``, kept for at most ``timeout`` seconds or until one of ``families``
    is bumped; computed afresh, and not kept, when the cache is unreachable."""
    if not timeout or timeout <= 0:
        raise ValueError("A cached value needs a timeout: it bounds staleness after an outage.")
    key = versioned_key(name, *families)
    if key is None:
        return compute()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


def variant(*values) -> str:
    """A short, fixed-length digest of what else a kept part depends on (a page number,
    a search, the query string) and of the active language, for its key."""
    text = "|".join(str(value) for value in (*values, get_language()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cached_part(name: str, compute: Callable[[], T], *, families: tuple[str, ...]) -> T:
    """A part of a signed-in page (a queue's section, a home's lists, the roles behind
    the navigation) kept under ``cached`` for ``settings.PART_CACHE_SECONDS``; with 0
    (the tests' setting, as for the anonymous page cache) it is computed every time."""
    seconds = getattr(settings, "PART_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    return cached(name, compute, families=families, timeout=seconds)


def bump(*families: str) -> None:
    """Invalidate everything cached from ``families`` once the current transaction
    commits (at once outside one). Never raises: a bump Redis misses is covered by the
    entries' timeouts."""
    transaction.on_commit(partial(_bump_now, families), robust=True)


def _bump_now(families: tuple[str, ...]) -> None:
    for family in families:
        try:
            cache.incr(_version_key(family))
        except ValueError:
            pass  # no version yet, so nothing is cached under one
        except CacheUnavailable:
            logger.warning("Could not bump the cache version of %s; entries expire", family)


# ---------------------------------------------------------------------------
# Rate limits that fail closed
# ---------------------------------------------------------------------------


def cache_reachable() -> bool:
    """Whether the cache answers: while it does not, rate-limited actions are refused."""
    try:
        cache.get(f"{RATE_LIMIT_PREFIX}reachable")
    except CacheUnavailable:
        return False
    return True


def limit_exceeded(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt against ``key``: True once there have been more than ``limit``
    in the current ``period`` seconds. Raises ``CacheUnavailable`` when the count cannot
    be kept, so the limited action is refused rather than left unlimited."""
    full = RATE_LIMIT_PREFIX + key
    cache.add(full, 0, timeout=period)
    try:
        return cache.incr(full) > limit
    except ValueError:  # the window ended between add and incr: a new one starts
        cache.add(full, 1, timeout=period)
        return limit < 1
