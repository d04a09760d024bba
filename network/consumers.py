"""WebSocket consumers of the network. `JsonStreamConsumer` is the base every Ortaq stream extends."""

import asyncio
import json
import logging
import random
import uuid

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext as _

from network import ratelimit, realtime, selectors
from network.clientip import scope_client_ip
from network.models import Notification

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
CLOSE_FORBIDDEN = 4403
CLOSE_RATE_LIMITED = 4429  # too many connections from this member in the window; reconnect later


class JsonStreamConsumer(AsyncJsonWebsocketConsumer):
    """JSON text frames in both directions (CONTRACT.md): bad frames get an `error` frame, never a crash.

    Subclasses implement `handle(content)` for their own message types; `ping` is answered here.
    Abuse limits (network.ratelimit): `connect_rate` connections per member (per address when anonymous)
    and `message_rate` frames per connection, each as (limit, period in seconds).
    """

    max_frame_bytes = MAX_FRAME_BYTES
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
            await self.close(code=CLOSE_RATE_LIMITED)
            return
        self.connection_id = uuid.uuid4().hex  # per connection, for the message limit
        await super().websocket_connect(message)

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
        except ValueError:
            return await self.send_error("bad_json", _("That message is not valid JSON."))
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            return await self.send_error("bad_request", _('Every message needs a "type".'))
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if content["type"] == "ping":
            return await self.send_json({"type": "pong"})
        await self.handle(content)

    async def handle(self, content: dict) -> None:
        await self.send_error("unknown_type", _("Unknown message type."))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": str(message)})


@database_sync_to_async
def _notification_payload(*, user, notification_id: int) -> dict | None:
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        return None
    return {
        "type": "notification.created",
        "seq": notification.pk,
        "id": notification.pk,
        "text": notification.text,
        "url": notification.url,
        "unread": selectors.count_unread_notifications(user=user),
    }


@database_sync_to_async
def _unread(user) -> int:
    return selectors.count_unread_notifications(user=user)


class NotificationConsumer(JsonStreamConsumer):
    """A signed-in member's own stream at /ws/notifications/: new notifications and the unread count."""

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = realtime.user_group(self.user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "unread": await _unread(self.user)})

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_created(self, event):
        payload = await _notification_payload(user=self.user, notification_id=event["notification_id"])
        if payload:
            await self.send_json(payload)
