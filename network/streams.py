"""The plumbing every live stream shares: `JsonStreamConsumer`, the base of every consumer, and
`broadcast_on_commit`, the one way to tell a stream's readers (docs/websocket-protocol.md)."""

import asyncio
import json
import logging
import random
import uuid

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from network import protocol, ratelimit
from network.clientip import scope_client_ip

logger = logging.getLogger(__name__)


def broadcast_on_commit(group: str, message: dict) -> None:
    """Send `message` to `group` after the transaction commits; robust: a Redis hiccup never undoes the write.

    At-most-once (a full or restarted channel layer drops it): readers catch up by `resume` from their last seq.
    """
    broadcast_each_on_commit([(group, message)])


def broadcast_each_on_commit(sends: list[tuple[str, dict]]) -> None:
    """`broadcast_on_commit` for many groups at once (a reply 150 followers hear of): one hop into the event loop
    after commit instead of one per group."""
    if not sends:
        return

    async def send_all():
        layer = get_channel_layer()
        for group, message in sends:
            await layer.group_send(group, message)

    # A plain function, not the AsyncToSync wrapper: Django logs a robust hook's failure by its __qualname__, which
    # the wrapper lacks (a push to a Redis that is down then raised AttributeError into the saving request).
    transaction.on_commit(lambda: async_to_sync(send_all)(), robust=True)


class JsonStreamConsumer(AsyncJsonWebsocketConsumer):
    """JSON text frames in both directions (docs/websocket-protocol.md): bad frames get an `error` frame, never a crash.

    Subclasses implement `handle(content)` for their own message types; `ping` is answered here.
    Abuse limits (network.ratelimit): `connect_rate` connections per member (per address when anonymous)
    and `message_rate` frames per connection, each as (limit, period in seconds).
    """

    max_frame_bytes = protocol.MAX_FRAME_BYTES
    stream_group: str | None = None  # the channel-layer group a subclass joined; kept joined by `resync`

    @property
    def connect_rate(self) -> tuple[int, int]:
        """Every page load opens a socket; a fast reader or a few tabs stay far below this."""
        return (settings.ORTAQ_WS_CONNECTS_PER_MINUTE, 60)

    @property
    def message_rate(self) -> tuple[int, int]:
        """Resume, ping and typing a reply stay far below this."""
        return (settings.ORTAQ_WS_MESSAGES_PER_10S, 10)

    async def websocket_connect(self, message):
        user = self.scope.get("user")
        if user is not None and user.is_authenticated:
            who = f"user:{user.pk}"
        else:
            who = f"ip:{scope_client_ip(self.scope) or 'unknown'}"
        if not await ratelimit.ahit(f"ws.connect:{who}", *self.connect_rate):
            await self.refuse(protocol.CLOSE_RATE_LIMITED)
            return
        self.connection_id = uuid.uuid4().hex  # per connection, for the message limit
        await super().websocket_connect(message)

    async def refuse(self, code: int) -> None:
        """Accept, then close with `code` (CONTRACT.md): a browser reads a close code only after the handshake; a
        handshake refused with HTTP 403 looks like a network failure, and clients retry it forever."""
        await self.accept()
        await self.close(code=code)

    def start_resync(self) -> None:
        """Every ORTAQ_WS_RESYNC_SECONDS (with jitter): join `stream_group` again and call `resync()`.

        A channel layer forgets group membership when Redis restarts (or drops a message under load): the socket
        stays open but hears nothing. Re-joining is one cheap ZADD; `resync()` lets a stream with a seq replay
        what this socket has not been sent. Call after `accept()`.
        """
        interval = settings.ORTAQ_WS_RESYNC_SECONDS
        if interval > 0:
            self._resync_task = asyncio.create_task(self._resync_loop(interval))

    async def _resync_loop(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))  # noqa: S311 (spread the load, not security)
            try:
                if self.stream_group:
                    await self.channel_layer.group_add(self.stream_group, self.channel_name)
                await self.resync()
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis still down, a database hiccup: try again next round
                logger.warning("resync of %s failed", self.stream_group, exc_info=True)

    async def resync(self) -> None:
        """Send what this socket missed; streams with a seq override it."""

    async def websocket_disconnect(self, message):
        task = getattr(self, "_resync_task", None)
        if task is not None:
            task.cancel()
        await super().websocket_disconnect(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if not await ratelimit.ahit(f"ws.message:{self.connection_id}", *self.message_rate):
            return await self.send_error("rate_limited", _("You are sending messages too fast. Please wait a moment."))
        if text_data is None:
            return await self.send_error("bad_frame", _("Only JSON text frames are accepted."))
        if len(text_data.encode("utf-8", "surrogatepass")) > self.max_frame_bytes:
            return await self.send_error("too_large", _("That message is too large."))
        try:
            content = json.loads(text_data)
            # A lone surrogate (raw, or escaped as \ud800) is valid JSON but no text: the database and the page
            # could not store or show it.
            json.dumps(content, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return await self.send_error("bad_encoding", _("That message is not valid text (UTF-8)."))
        except ValueError:
            return await self.send_error("bad_json", _("That message is not valid JSON."))
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            return await self.send_error("bad_request", _('Every message needs a "type".'))
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if content["type"] == protocol.PING:
            return await self.send_json({"type": protocol.PONG})
        await self.handle(content)

    async def handle(self, content: dict) -> None:
        await self.send_error("unknown_type", _("Unknown message type."))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": protocol.ERROR, "code": code, "message": str(message)})
