"""Anonymous public pages: browser/proxy cacheable, and rendered once per cache generation on the server."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from cms import selectors, services

PRIVATE_PREFIXES = ("/admin/", "/accounts/", "/documents/", "/i18n/", "/ws/")
PRIVATE_SEGMENTS = ("/my/",)


def _is_public_path(path: str) -> bool:
    if path.startswith(PRIVATE_PREFIXES) or any(s in path for s in PRIVATE_SEGMENTS):
        return False
    codes = [code for code, _ in settings.LANGUAGES]
    return any(path.startswith(f"/{code}/") for code in codes)


def _is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    # A pending flash message is meant for one reader only.
    return "messages" not in request.COOKIES and _is_public_path(request.path)


def _used_forms_or_messages(request) -> bool:
    """A CSRF token was rendered (a POST form) or messages were shown/queued: the page is personal."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and (storage.used or getattr(storage, "_queued_messages", None)))


def _cache_key(request) -> str | None:
    """Where the page's HTML is cached for this request (None: this request is never served from the cache)."""
    if not getattr(settings, "ORTAQ_PAGE_CACHE_SECONDS", 0) or request.GET:
        return None
    low = "low" if selectors.is_low_data(request) else "full"
    return f"cms:page:{services.page_cache_version()}:{request.get_host()}:{request.path}:{low}"


def _cached_response(key: str):
    cached = cache.get(key)
    if cached is None:
        return None
    content, content_type, language = cached
    response = HttpResponse(content, content_type=content_type)
    response["Content-Language"] = language
    response["X-Ortaq-Cache"] = "hit"
    return _public(response)


def _public(response):
    patch_cache_control(response, public=True, max_age=getattr(settings, "ORTAQ_PAGE_MAX_AGE", 60))
    patch_vary_headers(response, ("Cookie", "Accept-Language", "Save-Data"))
    return response


class AnonymousPageCacheHitMiddleware:
    """The fast path, before sessions, auth and the rest of the middleware: a request without a session or
    messages cookie is anonymous, so a cached public page is answered from the cache at once (one cache read).
    Misses, and everyone with a session, go on to `AnonymousPageCacheMiddleware`, which also fills the cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and self.session_cookie not in request.COOKIES
            and "messages" not in request.COOKIES
            and _is_public_path(request.path)
            and (key := _cache_key(request)) is not None
            and (response := _cached_response(key)) is not None
        ):
            return response
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware.

    Anonymous GETs of language-prefixed public pages get `Cache-Control: public, max-age=ORTAQ_PAGE_MAX_AGE`;
    their HTML is also kept in the cache for ORTAQ_PAGE_CACHE_SECONDS under a generation key that
    `cms.services.clear_page_cache` bumps on publish/unpublish. Never for signed-in readers, forms or messages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read(request):
            response = self.get_response(request)
            patch_vary_headers(response, ("Cookie",))
            return response
        key = _cache_key(request)
        if key is not None and (cached := _cached_response(key)) is not None:
            return cached
        response = self.get_response(request)
        if response.status_code != 200 or response.get("Cache-Control") or response.cookies or response.streaming:
            return response
        if not response.get("Content-Type", "").startswith("text/html") or _used_forms_or_messages(request):
            return response
        if key is not None:
            cache.set(
                key,
                (response.content, response["Content-Type"], response.get("Content-Language", "")),
                settings.ORTAQ_PAGE_CACHE_SECONDS,
            )
        return _public(response)
