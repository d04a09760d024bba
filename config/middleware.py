"""Headers every response carries (django-csp and Permissions-Policy); Django's SecurityMiddleware covers the rest."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.utils import translation
from django.views.defaults import bad_request

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with settings.CONTENT_SECURITY_POLICY, plus this host's WebSocket origin in connect-src.

    CSP3 counts ws(s) of the same host as 'self', but older Safari (school iPads) does not, so the origin is named;
    the host is validated against ALLOWED_HOSTS, so safe to echo. Django's technical error pages (DEBUG only) style
    themselves inline: they get 'unsafe-inline' styles (django-csp itself skips DEBUG 404/500 pages).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        try:
            host = request.get_host()
        except DisallowedHost:
            websockets = []
        else:
            websockets = [f"wss://{host}"] if request.is_secure() else [f"ws://{host}", f"wss://{host}"]
        update = {"connect-src": websockets}
        if settings.DEBUG and response.status_code >= 400:
            update["style-src"] = ["'unsafe-inline'"]
        parts.update = {**update, **(parts.update or {})}
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (outermost with the CSP middleware, so page-cache hits carry it too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RejectNullBytesMiddleware:
    """400 for a NUL byte in the path or query string: no real link has one, and PostgreSQL refuses NUL in text,
    so a view passing it to a query would answer 500. (Forms already refuse NUL in submitted fields.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return bad_request(request, SuspiciousOperation("NUL byte in the URL"))
        return self.get_response(request)


class RememberLanguageMiddleware:
    """Unprefixed pages (/accounts/…) speak the language the reader came from.

    The header's sign-in and join links carry `?lang=<code>`; this activates it and keeps it in the language
    cookie, so the form's POST and the pages after it stay in that language. Language-prefixed pages never set
    the cookie: they are publicly cacheable, and the prefix already says the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.GET.get("lang")
        if chosen not in self.codes:
            # Sent to sign in from a language-prefixed page (a "login required" redirect): keep that language.
            chosen = request.GET.get("next", "").split("/", 2)[1:2] or [None]
            chosen = chosen[0]
        if chosen not in self.codes or request.path_info.split("/", 2)[1] in self.codes:
            response = self.get_response(request)
            # A view may choose the language for what follows (sign-in: the member's preferred language).
            chosen = getattr(request, "ortaq_language", None)
            if chosen in self.codes:
                self._remember(response, chosen)
            return response
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        chosen = getattr(request, "ortaq_language", chosen)
        return self._remember(response, chosen if chosen in self.codes else request.LANGUAGE_CODE)

    def _remember(self, response, chosen):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


class ServerTimingMiddleware:
    """`Server-Timing: app;dur=<ms>, db;desc="<n> queries";dur=<ms>` on every response (ORTAQ_SERVER_TIMING=1,
    outermost): what bench/pages.py reads as server time and queries per page. Off by default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from time import perf_counter

        from django.db import connection

        queries = {"count": 0, "seconds": 0.0}

        def count(execute, sql, params, many, context):
            started = perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries["count"] += 1
                queries["seconds"] += perf_counter() - started

        started = perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        total = (perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={total:.1f}, db;desc="{queries["count"]} queries";dur={queries["seconds"] * 1000:.1f}'
        )
        return response
