"""Absolute links for places without a request (e-mails, digests, calendars, QR codes, certificates).

Every one goes to settings.ORTAQ_PUBLIC_URL, the address members reach the site at, never to the host a request or
a Wagtail Site record happens to name (`http://localhost`, `127.0.0.1:8000` behind a proxy).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """`url` (a path, or a full URL on any host) on the configured public address."""
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{settings.ORTAQ_PUBLIC_URL.rstrip('/')}{path}{query}{fragment}"
