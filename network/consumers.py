"""WebSocket consumers of the network: a member's own notification stream (docs/websocket-protocol.md)."""

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import translation

from network import protocol, realtime, selectors
from network.models import Notification
from network.streams import JsonStreamConsumer


@database_sync_to_async
def _notification_payload(*, user, notification_id: int, language: str = "") -> dict | None:
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        return None
    # The language of the page that opened the socket (?lang=), else the member's own.
    with translation.override(language or user.preferred_language or settings.LANGUAGE_CODE):
        text = notification.display_text
    return {
        "type": protocol.NOTIFICATION_CREATED,
        "seq": notification.pk,
        "id": notification.pk,
        "text": text,
        "url": notification.url,
        "unread": selectors.count_unread_notifications(user=user),
    }


@database_sync_to_async
def _unread(user) -> int:
    return selectors.count_unread_notifications(user=user)


def _page_language(scope) -> str:
    """`lang` from the socket's query string when it names one of our languages, else ""."""
    from urllib.parse import parse_qs

    chosen = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else ""


class NotificationConsumer(JsonStreamConsumer):
    """A signed-in member's own stream at /ws/notifications/: new notifications and the unread count."""

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.refuse(protocol.CLOSE_FORBIDDEN)
            return
        self.group = realtime.user_group(self.user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": protocol.HELLO, "unread": await _unread(self.user)})

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_created(self, event):
        payload = await _notification_payload(
            user=self.user, notification_id=event["notification_id"], language=_page_language(self.scope)
        )
        if payload:
            await self.send_json(payload)


class UnknownStreamConsumer(JsonStreamConsumer):
    """Every /ws/ path no stream answers (`/ws/threads/abc/`): accepted, then closed with 4404, never a 500."""

    async def connect(self):
        await self.refuse(protocol.CLOSE_NOT_FOUND)
