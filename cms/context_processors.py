"""What every page's header and footer need, with at most one query."""

from django.utils.functional import SimpleLazyObject

from cms import services
from network import protocol, selectors


def site_chrome(request):
    user = getattr(request, "user", None)
    return {
        # Part of the cache key of the header menu and the footer (cached per language in base.html): it changes
        # whenever a page is published or unpublished or the footer is edited (cms.services.clear_page_cache).
        "chrome_version": SimpleLazyObject(services.page_cache_version),
        "notifications_ws_path": protocol.NOTIFICATIONS_PATH,  # the header's live badge (static/js/notifications.js)
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.count_unread_notifications(user=user) if user is not None else 0
        ),
    }
