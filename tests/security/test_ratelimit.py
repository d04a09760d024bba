"""Abuse limits: network.ratelimit, and the WebSocket limits every JsonStreamConsumer inherits."""

import threading

import pytest
from django.core.cache import cache, caches
from django.utils import translation

from network import ratelimit
from network.protocol import CLOSE_RATE_LIMITED
from network.streams import JsonStreamConsumer
from tests.conftest import connect_ws

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def test_limit_allows_exactly_limit_attempts_per_window():
    results = [ratelimit.hit("feedback:7", limit=3, period=60) for _attempt in range(5)]
    assert results == [True, True, True, False, False]


def test_a_new_window_starts_when_the_period_has_passed(ratelimit_clock):
    assert [ratelimit.hit("feedback:8", limit=1, period=60) for _attempt in range(2)] == [True, False]
    ratelimit_clock["now"] += 60
    assert ratelimit.hit("feedback:8", limit=1, period=60)


def test_limits_are_counted_per_key():
    for _attempt in range(3):
        ratelimit.hit("post:1", limit=3, period=60)
    assert not ratelimit.hit("post:1", limit=3, period=60)
    assert ratelimit.hit("post:2", limit=3, period=60)


def test_reset_lifts_a_limit():
    for _attempt in range(4):
        ratelimit.hit("upload:1", limit=3, period=60)
    ratelimit.reset("upload:1", period=60)
    assert ratelimit.hit("upload:1", limit=3, period=60)


def test_concurrent_attempts_never_exceed_the_limit():
    allowed, start = [], threading.Barrier(20)

    def attempt():
        start.wait()
        allowed.append(ratelimit.hit("post:burst", limit=7, period=60))

    threads = [threading.Thread(target=attempt) for _thread in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 7


def test_redis_concurrent_attempts_never_exceed_the_limit(require_redis):
    """Across processes the counter lives in Redis: INCR is atomic there."""
    assert "Redis" in type(caches["default"]).__name__
    test_concurrent_attempts_never_exceed_the_limit()


def test_members_are_not_locked_out_when_the_cache_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    assert all(ratelimit.hit("post:offline", limit=1, period=60) for _attempt in range(3))


@pytest.mark.django_db(transaction=True)
async def test_a_flood_of_messages_gets_a_translated_rate_limited_error(teacher, monkeypatch):
    monkeypatch.setattr(JsonStreamConsumer, "message_rate", (3, 60))
    ws = await connect_ws(teacher, "/ws/notifications/")
    await ws.receive_json_from()
    for _ping in range(3):
        await ws.send_json_to({"type": "ping"})
        assert await ws.receive_json_from() == {"type": "pong"}
    await ws.send_json_to({"type": "ping"})
    error = await ws.receive_json_from()
    assert (error["type"], error["code"]) == ("error", "rate_limited")
    with translation.override("kk"):
        assert error["message"] == translation.gettext("You are sending messages too fast. Please wait a moment.")
    assert error["message"] != "You are sending messages too fast. Please wait a moment."  # Kazakh by default
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_too_many_connections_from_one_member_are_refused(teacher, teacher2, monkeypatch):
    monkeypatch.setattr(JsonStreamConsumer, "connect_rate", (2, 60))
    sockets = [await connect_ws(teacher, "/ws/notifications/") for _tab in range(2)]
    refused = await connect_ws(teacher, "/ws/notifications/", expect_accept=False)
    assert refused.close_code == CLOSE_RATE_LIMITED
    other = await connect_ws(teacher2, "/ws/notifications/")  # another member is not affected
    for ws in [*sockets, other]:
        await ws.disconnect()
