"""URL map: unprefixed operational and account URLs, then language-prefixed pages (CONTRACT.md)."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Django's default address after sign-in; the profile page is network:profile (/<lang>/my/profile/).
    path("accounts/profile/", RedirectView.as_view(pattern_name="network:profile"), name="account_profile"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("network.urls_unprefixed")),
    path("", include("projects.urls_unprefixed")),
    path("", include("forums.urls_unprefixed")),
    path("", include("cms.urls_unprefixed")),
]

urlpatterns += i18n_patterns(
    path("", include("network.urls")),
    path("", include("projects.urls")),
    path("forums/", include("forums.urls")),
    path("", include("cms.urls")),
    # Wagtail's page tree last: it answers every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.ORTAQ_SERVE_MEDIA:
    # Uploads on local disk are served by the app itself, with DEBUG off too (`make serve`); behind a proxy
    # that serves MEDIA_ROOT, or with object storage, ORTAQ_SERVE_MEDIA is off (README "Serving").
    from django.urls import re_path

    from config.media import media

    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns = [
        # Private project files live outside MEDIA_ROOT (projects.storage); config.media refuses any path that
        # normalises into a private folder anyway.
        re_path(rf"^{media_prefix}(?P<path>.*)$", media),
        *urlpatterns,
    ]
