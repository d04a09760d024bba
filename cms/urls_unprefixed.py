"""Unprefixed public-site URLs: the sitemap and the service worker (feeds join here)."""

from django.urls import path

from cms import views

urlpatterns: list = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sw.js", views.service_worker, name="service_worker"),
]
