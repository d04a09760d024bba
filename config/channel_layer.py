"""The Redis channel layer, made to outlive a Redis restart without closing every open socket."""

import asyncio
import logging

from channels_redis.core import RedisChannelLayer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

MAX_WAIT = 2.0  # seconds between tries while Redis is away


class ResilientRedisChannelLayer(RedisChannelLayer):
    """channels-redis's layer, except that a consumer waiting for messages waits out a Redis outage.

    Stock `receive` raises the connection error into the consumer, which closes its WebSocket (1011): every
    reader in the country reconnects at once. Here it tries again with backoff. Redis forgets group memberships
    when it restarts; open streams re-join and replay what they missed from the database by themselves
    (`network.streams.JsonStreamConsumer.start_resync`).
    """

    async def receive(self, channel):
        wait = 0.1
        while True:
            try:
                return await super().receive(channel)
            except (RedisError, OSError) as error:
                logger.warning("channel layer unavailable (%s); listening again in %.1fs", error, wait)
                await asyncio.sleep(wait)
                wait = min(MAX_WAIT, wait * 2)
