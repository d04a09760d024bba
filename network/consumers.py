"""WebSocket consumers of the network: a member's own notification stream (docs/websocket-protocol.md)."""

from channels.db import database_sync_to_async

from network import protocol, realtime, selectors
from network.models import Notification
from network.streams import JsonStreamConsumer


@database_sync_to_async
def _notification_payload(*, user, notification_id: int) -> dict | None:
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        return None
    return {
        "type": protocol.NOTIFICATION_CREATED,
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
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.group = realtime.user_group(self.user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": protocol.HELLO, "unread": await _unread(self.user)})

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_created(self, event):
        payload = await _notification_payload(user=self.user, notification_id=event["notification_id"])
        if payload:
            await self.send_json(payload)
