"""Writes for the public site: forgetting cached anonymous pages when what they show changes."""

import time

from django.core.cache import cache
from django.db import transaction

PAGE_CACHE_VERSION_KEY = "cms:page-cache-version"


def page_cache_version() -> str:
    """The current generation of cached anonymous pages; keys of older generations are never read again."""
    version = cache.get(PAGE_CACHE_VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(PAGE_CACHE_VERSION_KEY, version, None)
        version = cache.get(PAGE_CACHE_VERSION_KEY, version)
    return version


def clear_page_cache(**_signal_kwargs) -> None:
    """Start a new generation: every anonymous page is rendered afresh (on publish, unpublish, footer change)."""
    # A new value rather than delete_pattern: works the same on local memory and Redis, across processes.
    cache.set(PAGE_CACHE_VERSION_KEY, str(time.time_ns()), None)


# What anonymous pages show besides Wagtail pages: a change to any of these starts a new page-cache generation.
CONTENT_MODELS = (
    "forums.Post",
    "forums.Thread",
    "forums.Board",
    "network.EventPage",
    "network.Registration",
)


def clear_page_cache_on_commit(**_signal_kwargs) -> None:
    """`clear_page_cache` once the change is committed (a reader in between would cache the old page again)."""
    transaction.on_commit(clear_page_cache, robust=True)
