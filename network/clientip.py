"""The client's address, as the configured proxies saw it: one helper for every per-address limit.

Behind N trusted proxies (settings.ORTAQ_TRUSTED_PROXIES, default 0), each proxy appends the address it received the
request from to X-Forwarded-For. Anything left of that is written by the client and never trusted: the client is the
rightmost entry that no trusted proxy added. With 0 proxies X-Forwarded-For is ignored altogether.

Used by allauth (AccountAdapter.get_client_ip: sign-in lockout, sign-up, reset), the Wagtail sign-in throttle, the
anonymous WebSocket connection limit and every `ratelimit.hit` keyed by address.
"""

from django.conf import settings


def _pick(forwarded_for: str, peer: str) -> str:
    proxies = max(0, int(getattr(settings, "ORTAQ_TRUSTED_PROXIES", 0)))
    if not proxies:
        return peer
    hops = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()] + [peer]
    # hops[-1] is the peer (the last proxy); each trusted proxy vouches for the hop left of it.
    index = len(hops) - 1 - proxies
    return hops[max(index, 0)][:100] or peer


def client_ip(request) -> str:
    """The address of the client of an HTTP request ("" if unknown)."""
    return _pick(request.META.get("HTTP_X_FORWARDED_FOR", ""), request.META.get("REMOTE_ADDR", ""))


def scope_client_ip(scope) -> str:
    """The same for an ASGI scope (WebSocket connections)."""
    peer = (scope.get("client") or [""])[0] or ""
    forwarded = ",".join(
        value.decode("latin-1") for name, value in scope.get("headers", []) if name.lower() == b"x-forwarded-for"
    )
    return _pick(forwarded, peer)
