"""A gallery-walk burst: 40 members write at the same moment, on the embedded SQLite and on PostgreSQL.

Real threads, real connections, no mocks: every reply and every feedback post is stored, none answers 5xx.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page

from forums import services
from forums.models import Feedback, Post
from tests.factories import UserFactory
from tests.forums.factories import BoardFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 40


def _burst(requests: list) -> list[int]:
    """Send every (client, url, data) at once from its own thread; the status codes, in order."""
    barrier = threading.Barrier(len(requests))
    statuses = [0] * len(requests)

    def send(index, client, url, data):
        barrier.wait()
        try:
            statuses[index] = client.post(url, data).status_code
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _members(n: int) -> list[Client]:
    clients = []
    for user in UserFactory.create_batch(n):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def test_forty_simultaneous_replies_are_all_stored():
    board = BoardFactory(slug="burst", title="Burst")
    author = UserFactory()
    thread = services.create_thread(board=board, author=author, title="Gallery walk", body="Tell us")
    url = reverse("forums:post_create", args=[thread.pk])
    statuses = _burst([(client, url, {"body": f"reply {n}"}) for n, client in enumerate(_members(WRITERS))])
    assert [s for s in statuses if s >= 500] == [] and set(statuses) == {302}
    assert Post.objects.filter(thread=thread, body__startswith="reply ").count() == WRITERS


def test_forty_simultaneous_feedback_posts_are_all_stored():
    presenter = UserFactory()
    Locale.objects.get_or_create(language_code="kk")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    poster = root.add_child(instance=Page(title="Burst poster", slug="burst", owner=presenter))
    url = reverse("forums:feedback", args=[poster.pk])
    statuses = _burst([(client, url, {"works_well": f"idea {n}"}) for n, client in enumerate(_members(WRITERS))])
    assert [s for s in statuses if s >= 500] == [] and set(statuses) == {302}
    assert Feedback.objects.filter(page=poster).count() == WRITERS


def test_the_embedded_database_queues_writers_instead_of_refusing_them():
    """WAL lets readers read while one member writes; IMMEDIATE takes the write lock at BEGIN, so a second writer
    waits (busy timeout) instead of failing at once with "database is locked" when its read turns into a write."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000
    assert connection.transaction_mode == "IMMEDIATE"
