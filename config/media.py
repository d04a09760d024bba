"""/media/ on local disk: public uploads only. A path is normalised first, and anything that lands outside
MEDIA_ROOT or inside the private storage's folder (old versions kept private files in MEDIA_ROOT/private) is a 404,
however it is spelled (`//private/`, `./private/`, `x/../private/`, percent-encoded: Django decodes before us)."""

import posixpath
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def _private_prefixes() -> list[str]:
    """Folders under MEDIA_ROOT that must never be served: `private`, and PRIVATE_MEDIA_ROOT if set inside it."""
    prefixes = ["private"]
    media = Path(settings.MEDIA_ROOT).resolve()
    private = Path(getattr(settings, "PRIVATE_MEDIA_ROOT", media / "private")).resolve()
    if private == media:
        return [""]  # misconfigured: serve nothing rather than private files
    if private.is_relative_to(media):
        prefixes.append(private.relative_to(media).as_posix())
    return prefixes


def is_private_path(path: str) -> bool:
    """True if `path` (already URL-decoded) normalises to a private or out-of-root location."""
    path = path.replace("\\", "/")
    normalised = posixpath.normpath("/" + path).lstrip("/")
    if normalised.startswith("..") or normalised in ("", "."):
        return True
    return any(
        prefix == "" or normalised == prefix or normalised.startswith(prefix + "/") for prefix in _private_prefixes()
    )


def media(request, path):
    """Serve a public upload from MEDIA_ROOT; 404 for every private or escaping path."""
    if is_private_path(path):
        raise Http404
    return serve(
        request, posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/"), document_root=settings.MEDIA_ROOT
    )
