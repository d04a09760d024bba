"""Operational endpoints: /healthz and /robots.txt."""

import asyncio
import uuid

from asgiref.sync import async_to_sync
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import channel_layers
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

try:  # Redis errors only exist when redis-py is installed (it is, via channels-redis)
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _check_cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 5)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except (RedisError, OSError):
        return False


async def _round_trip(layer) -> bool:
    channel = await layer.new_channel("healthz.")
    receiver = asyncio.ensure_future(layer.receive(channel))
    try:
        for _attempt in range(6):  # pub/sub drops a message published before SUBSCRIBE took effect: send again
            await layer.send(channel, {"type": "healthz.ping"})
            done, _pending = await asyncio.wait({receiver}, timeout=0.5)
            if done:
                return receiver.result().get("type") == "healthz.ping"
        return False
    finally:
        receiver.cancel()


def _check_channel_layer() -> bool:
    # A layer instance of its own: the process-wide one is busy receiving for this worker's WebSocket consumers
    # in the server's event loop, and a round trip through it from this request's loop timed out, so every
    # worker holding a WebSocket answered 503 (bench/ and tests/test_serve.py found it).
    if DEFAULT_CHANNEL_LAYER not in channel_layers.configs:
        return False
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)

    async def bounded():
        try:
            return await asyncio.wait_for(_round_trip(layer), timeout=3)
        finally:
            # channels-redis: do not leave this instance's connections open
            if hasattr(layer, "close_pools"):
                await layer.close_pools()
            elif type(layer).__name__ == "RedisPubSubChannelLayer":
                await layer.flush()

    try:
        return async_to_sync(bounded)()
    except (TimeoutError, RedisError, OSError):
        return False


@never_cache
@require_GET
def healthz(request):
    """JSON of each dependency; 200 when all answer, 503 otherwise (CONTRACT.md)."""
    checks = {"database": _check_database(), "cache": _check_cache(), "channel_layer": _check_channel_layer()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /ws/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
