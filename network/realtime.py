"""The only place that names the network's channel-layer groups and message types."""

from network.streams import broadcast_each_on_commit

NOTIFICATION_CREATED = "notification.created"  # -> NotificationConsumer.notification_created


def user_group(user_id: int) -> str:
    """Per-user stream; ASCII letters, digits, - _ . only, under 100 characters."""
    return f"network.user.{user_id}"


def announce_notification(notification) -> None:
    """Tell the recipient's open tabs, after commit; a Redis hiccup must not undo the saved notification."""
    announce_notifications([notification])


def announce_notifications(notifications) -> None:
    """`announce_notification` for many recipients, in one hop after commit."""
    broadcast_each_on_commit(
        [(user_group(n.recipient_id), {"type": NOTIFICATION_CREATED, "notification_id": n.pk}) for n in notifications]
    )
