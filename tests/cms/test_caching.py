"""Anonymous public pages are cacheable and served from the server cache until something is published."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend


@pytest.mark.parametrize("path", ["/kk/", "/ru/about/", "/en/search/?q=reading", "/en/offline/"])
def test_anonymous_public_pages_may_be_cached_by_browsers_and_proxies(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_signed_in_readers_never_get_publicly_cacheable_pages(client, site):
    client.force_login(UserFactory())
    response = client.get("/kk/")
    assert "public" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_pages_with_forms_are_not_publicly_cacheable(client, site, path):
    assert "public" not in client.get(path).get("Cache-Control", "")


def test_a_page_showing_a_message_is_not_cached(client, site, page_cache):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    response = HttpResponse()
    storage._store([Message(constants.INFO, "Welcome back")], response)
    client.cookies["messages"] = response.cookies["messages"].value
    first = client.get("/en/")
    assert "Welcome back" in first.content.decode()
    assert "public" not in first.get("Cache-Control", "")
    del client.cookies["messages"]
    assert "Welcome back" not in client.get("/en/").content.decode()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, site, page_cache, django_assert_num_queries
):
    client.get("/en/about/")
    with django_assert_num_queries(0):
        response = client.get("/en/about/")
    assert response["X-Ortaq-Cache"] == "hit"
    assert "About us" in response.content.decode()


def test_publishing_a_page_clears_the_cache(client, site, page_cache):
    assert "About us" in client.get("/en/about/").content.decode()
    page = site["pages"]["en"]["about"]
    page.title = "About the network"
    page.save_revision().publish()
    html = client.get("/en/about/").content.decode()
    assert "About the network" in html
    # The home page lists it too, and was cleared with it.
    assert "About the network" in client.get("/en/").content.decode()


def test_unpublishing_a_page_clears_the_cache(client, site, page_cache):
    assert "Privacy" in client.get("/en/").content.decode()
    site["pages"]["en"]["privacy"].unpublish()
    assert client.get("/en/privacy/").status_code == 404
    assert 'href="/en/privacy/"' not in client.get("/en/").content.decode()


def test_a_cached_anonymous_page_still_carries_the_csp_and_permissions_policy(client, site, page_cache):
    """The security headers sit outside the page cache (helpers' middleware order): a hit is no less protected."""
    client.get("/en/about/")
    hit = client.get("/en/about/")
    assert hit["X-Ortaq-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "ws://testserver" in hit["Content-Security-Policy"]
    assert "camera=()" in hit["Permissions-Policy"]
