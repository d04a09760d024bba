"""A Redis cache that degrades to "nothing cached" when Redis is unreachable, instead of failing every page.

Wagtail looks up site root paths in the cache on every page, allauth counts rate limits there and sessions
write through it, so a plain RedisCache turns a Redis outage into a site-wide 500. With this backend a read
is a miss, a write is skipped, and after a failure Redis is left alone for `RETRY_AFTER` seconds, so an
outage costs one connection attempt per worker per interval, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("ortaq.cache")

RETRY_AFTER = 2.0  # seconds without trying Redis after a failure


class ResilientRedisCache(RedisCache):
    """Django's RedisCache; on RedisError: reads miss, writes are dropped, `add` succeeds, `incr` finds no key."""

    _down_until = 0.0

    def _guard(self, method: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("cache unavailable (%s); serving without it for %ss", error, RETRY_AFTER)
            return fallback()

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", lambda: False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", lambda: None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # As if the key were new: locks are "acquired" and rate limits (allauth's, network.ratelimit) fail open,
        # so members can still sign in and post while Redis is away.
        return self._guard("add", lambda: True, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._guard("incr", missing, key, delta, version)

    def clear(self):
        return self._guard("clear", lambda: False)
