"""Poster QR codes: an SVG that scales with its box (a viewBox, no fixed size) carrying the poster's short link.

The short link `/p/<project id>` (forums.views.poster_short_link) opens the poster's feedback page in the
visitor's language; it is printed under the code so it can be typed where a camera cannot read it.
"""

import segno
from django.urls import reverse
from django.utils.translation import gettext as _

from network import links


def short_url(project_pk: int) -> str:
    """The poster's short link on the public address (`https://host/p/74`; `links.absolute_url`)."""
    return links.absolute_url(reverse("poster_short_link", args=[project_pk]))


def short_label(url: str) -> str:
    """The link as printed under the code: without the scheme."""
    return url.split("://", 1)[-1]


def qr_svg(url: str) -> str:
    """An inline SVG of `url` that fills the width of its box (CSS sizes it), on white with a quiet zone."""
    return segno.make(url, error="m").svg_inline(omitsize=True, border=4, light="#fff", title=_("QR code"))


def qr_context(project_pk: int) -> dict:
    """What `projects/_qr.html` shows: the code and the printed short link."""
    url = short_url(project_pk)
    return {"qr_svg": qr_svg(url), "qr_url": url, "qr_label": short_label(url)}
