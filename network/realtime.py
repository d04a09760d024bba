"""The only place that names the network's channel-layer groups and message types."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

NOTIFICATION_CREATED = "notification.created"  # -> NotificationConsumer.notification_created


def user_group(user_id: int) -> str:
    """Per-user stream; ASCII letters, digits, - _ . only, under 100 characters."""
    return f"network.user.{user_id}"


def announce_notification(notification) -> None:
    """Tell the recipient's open tabs, after commit; a Redis hiccup must not undo the saved notification."""
    group = user_group(notification.recipient_id)
    message = {"type": NOTIFICATION_CREATED, "notification_id": notification.pk}

    def send():
        async_to_sync(get_channel_layer().group_send)(group, message)

    transaction.on_commit(send, robust=True)
