"""Network-wide request guards."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from network import ratelimit
from network.clientip import client_ip


class WagtailLoginThrottleMiddleware:
    """Wagtail's own password forms (the admin sign-in and the page-privacy fallback `_util/login/`) get the same
    lockout as allauth's sign-in: 5 failed attempts for one name (or 10 from one address) in 5 minutes, then 429.

    A failed attempt is a POST answered by the form again (200); a success redirects.
    """

    LIMITS = (("name", 5), ("ip", 10))
    PERIOD = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def _is_wagtail_login(self, request) -> bool:
        path = request.path_info
        return request.method == "POST" and (path == "/admin/login/" or path.endswith("/_util/login/"))

    def __call__(self, request):
        if not self._is_wagtail_login(request):
            return self.get_response(request)
        keys = {
            "name": f"wagtail-login:name:{request.POST.get('username', '').strip().lower()[:200]}",
            "ip": f"wagtail-login:ip:{client_ip(request)}",
        }
        if any(ratelimit.exceeded(keys[kind], limit, self.PERIOD) for kind, limit in self.LIMITS):
            return HttpResponse(
                _("Too many failed sign-in attempts. Please wait five minutes and try again."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        response = self.get_response(request)
        if response.status_code == 200:
            for kind, limit in self.LIMITS:
                ratelimit.hit(keys[kind], limit, self.PERIOD)
        return response
