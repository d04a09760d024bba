"""A small fixed-window rate limit, counted in the configured cache (Redis in production).

Use it at the edges (views, consumers) for anything a member can repeat: posting, feedback, uploads,
WebSocket connections and messages. Keys name the action and who does it, e.g.
``hit(f"forums.post:{user.pk}", limit=10, period=60)``; ASCII only, short.

allauth limits sign-in, sign-up and password reset itself (settings.ACCOUNT_RATE_LIMITS).
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy

try:  # redis-py is installed with channels-redis; a Redis outage must not stop members working
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError

PREFIX = "ratelimit"


class TooFast(Exception):
    """A member repeated something that notifies others too often; views answer 429 and keep what was typed."""

    message = gettext_lazy("You are sending very fast. Please wait a minute and try again; your text is kept.")


def now() -> float:
    """The clock the windows are counted by (tests pin it: a window rolling over mid-test must not flake)."""
    return time.time()


def _key(key: str, period: int) -> str:
    window = int(now() // period)
    return f"{PREFIX}:{key}:{period}:{window}"


def hit(key: str, limit: int, period: int) -> bool:
    """Count one attempt at `key`; True while at most `limit` attempts fell in the current `period`-second window.

    Atomic across processes with a shared cache: `cache.add` creates the counter once per window,
    `cache.incr` is atomic in Redis and in the local-memory cache. Fails open (True) when the cache
    is unreachable: availability matters more to a teacher on a bad connection than a perfect limit.
    """
    if limit <= 0:
        return False
    name = _key(key, period)
    try:
        if cache.add(name, 1, timeout=period + 1):
            return True
        try:
            count = cache.incr(name)
        except ValueError:  # the window expired between add and incr: start a new one
            cache.add(name, 1, timeout=period + 1)
            return True
    except (RedisError, OSError):
        return True
    return count <= limit


async def ahit(key: str, limit: int, period: int) -> bool:
    """`hit` for async code (consumers): the cache call runs in a worker thread."""
    from asgiref.sync import sync_to_async

    return await sync_to_async(hit, thread_sensitive=False)(key, limit, period)


def exceeded(key: str, limit: int, period: int) -> bool:
    """True if `key` already used up `limit` attempts in the current window (counts nothing)."""
    return (cache.get(_key(key, period)) or 0) >= limit


def reset(key: str, period: int) -> None:
    """Forget the current window of `key` (tests, or an admin lifting a limit)."""
    cache.delete(_key(key, period))
