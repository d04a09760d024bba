"""What every page's header and footer need, with at most one query."""

from django.utils.functional import SimpleLazyObject

from network import protocol, selectors


def site_chrome(request):
    user = getattr(request, "user", None)
    return {
        "notifications_ws_path": protocol.NOTIFICATIONS_PATH,  # the header's live badge (static/js/notifications.js)
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.count_unread_notifications(user=user) if user is not None else 0
        ),
    }
