"""Public-site fixtures: the demo home pages and standard pages in kk, ru and en."""

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Locale, Page

import network.demo
from cms import demo as cms_demo
from cms.models import HomePage, StandardPage


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker):
    """cms.demo seeded once per test module inside an outer transaction, rolled back after the module.

    Each test's own transaction (the `db` fixture) nests inside as a savepoint, so tests stay isolated
    and only pay for the seed once.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seeded = cms_demo.seed()
            ids = {
                "homes": {code: home.pk for code, home in seeded["homes"].items()},
                "pages": {code: {slug: p.pk for slug, p in pages.items()} for code, pages in seeded["pages"].items()},
            }
            yield ids
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def site(seeded_site, db):
    """`{"homes": {code: HomePage}, "pages": {code: {slug: StandardPage}}}` as cms.demo seeds them, fresh per test."""
    cache.clear()
    return {
        "homes": {code: HomePage.objects.get(pk=pk) for code, pk in seeded_site["homes"].items()},
        "pages": {
            code: {slug: StandardPage.objects.get(pk=pk) for slug, pk in pages.items()}
            for code, pages in seeded_site["pages"].items()
        },
    }


@pytest.fixture
def page_cache(settings):
    """Server-side caching of anonymous pages switched on (tests run with it off), starting empty."""
    settings.ORTAQ_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def add_page(parent, *, title: str, body: str = "", slug: str | None = None, live: bool = True) -> StandardPage:
    page = parent.add_child(
        instance=StandardPage(title=title, slug=slug or None, body=body, locale=parent.locale, live=live)
    )
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def demo_site(live_server_url):
    # Live-server tests flush the database between tests, taking Wagtail's root page (made by a migration) too.
    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    network.demo.seed()
    return cms_demo.seed()
