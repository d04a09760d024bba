"""Unprefixed network URLs: public verification of certificates (CONTRACT.md)."""

from django.urls import path

from network.events import views as event_views

app_name = "certificates"
urlpatterns = [
    path("certificates/<str:code>/", event_views.certificate_verify, name="verify"),
    path("certificates/<str:code>/pdf/", event_views.certificate_pdf, name="pdf"),
    path("certificates/<str:code>/revoke/", event_views.certificate_revoke, name="revoke"),
]
