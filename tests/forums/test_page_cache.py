"""Moderation takes effect for anonymous readers at once: the page cache forgets a hidden, deleted or edited post."""

import pytest
from django.core.cache import cache

from forums import services


@pytest.fixture
def page_cache(settings):
    settings.ORTAQ_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _read_twice(client, url) -> str:
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("change", ["hide", "delete", "edit"])
def test_an_anonymous_reader_sees_moderation_at_once(
    client, thread, teacher, admin_user, page_cache, django_capture_on_commit_callbacks, change
):
    post = services.create_post(thread=thread, author=teacher, body="Buy cheap essays at spam.example")
    url = thread.get_absolute_url()
    assert "spam.example" in _read_twice(client, url)
    assert client.get(url)["X-Ortaq-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        if change == "hide":
            services.set_post_hidden(post=post, by=admin_user, hidden=True)
        elif change == "delete":
            services.delete_post(post=post, by=teacher)
        else:
            services.edit_post(post=post, editor=teacher, body="Corrected text")
    assert "spam.example" not in client.get(url).content.decode()


def test_a_board_change_reaches_cached_pages(client, thread, page_cache, django_capture_on_commit_callbacks):
    url = thread.board.get_absolute_url()
    assert "Multigrade classes" in _read_twice(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        thread.board.title = "Classes of mixed ages"
        thread.board.save()
    assert "Classes of mixed ages" in client.get(url).content.decode()


def test_anonymous_pages_may_be_kept_at_most_a_minute(client, thread, settings):
    from django.utils.cache import get_max_age

    assert get_max_age(client.get(thread.get_absolute_url())) <= 60
