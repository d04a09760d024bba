"""What every page's header and footer need, with at most one query."""

from django.utils.functional import SimpleLazyObject

from network import selectors


def site_chrome(request):
    user = getattr(request, "user", None)
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.count_unread_notifications(user=user) if user is not None else 0
        ),
    }
