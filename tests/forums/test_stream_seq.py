"""A thread's seq cache may lag the database, never lead it: a stale cache must not silence a live stream."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache
from django.core.management import call_command

from forums import realtime, selectors, services
from tests.conftest import connect_ws
from tests.factories import UserFactory
from tests.forums.factories import BoardFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _seed(*, posts: int) -> int:
    """A fresh database (every table emptied, ids from 1 again), one public thread with `posts` replies."""
    call_command("flush", interactive=False, verbosity=0)  # the cache is left as it was, like Redis in production
    author = UserFactory(email="author@example.org")
    UserFactory(email="reader@example.org")
    thread = services.create_thread(board=BoardFactory(slug="live"), author=author, title="Live", body="Start")
    for n in range(posts):
        services.create_post(thread=thread, author=author, body=f"old {n}")
    return thread.pk


async def test_a_database_re_created_under_a_live_cache_still_delivers_every_post():
    # The previous database had 20 replies; the cache learned its newest seq and outlives it.
    old_thread = await database_sync_to_async(_seed)(posts=20)
    stale = await database_sync_to_async(selectors.stream_seq)(thread_id=old_thread)
    assert cache.get(realtime.latest_seq_key(old_thread)) == stale > 20

    # Re-created and restored (`make restore`, a fail-over to a lagging replica): same thread id, seqs from 1
    # again. A restore loads rows without announcing them, so Redis still holds the old database's seq.
    thread_id = await database_sync_to_async(_seed)(posts=0)
    assert thread_id == old_thread
    cache.set(realtime.latest_seq_key(thread_id), stale, timeout=None)
    from forums.models import Thread
    from network.models import User

    thread = await Thread.objects.aget(pk=thread_id)
    author = await User.objects.aget(email="author@example.org")
    reader = await User.objects.aget(email="reader@example.org")
    sockets = [await connect_ws(reader, f"/ws/threads/{thread_id}/") for _ in range(3)]
    posts = [
        await database_sync_to_async(services.create_post)(thread=thread, author=author, body=f"new {n}")
        for n in range(5)
    ]
    for socket in sockets:
        received = [(await socket.receive_json_from(timeout=3))["id"] for _ in posts]
        assert received == [post.pk for post in posts]
        await socket.disconnect()


async def test_an_open_socket_resyncing_against_a_cache_ahead_of_the_database_still_gets_the_next_post(settings):
    settings.ORTAQ_WS_RESYNC_SECONDS = 0.05
    thread_id = await database_sync_to_async(_seed)(posts=2)
    from forums.models import Thread
    from network.models import User

    thread = await Thread.objects.aget(pk=thread_id)
    author = await User.objects.aget(email="author@example.org")
    reader = await User.objects.aget(email="reader@example.org")
    newest = await database_sync_to_async(selectors.last_seq)(thread=thread)
    socket = await connect_ws(reader, f"/ws/threads/{thread_id}/")
    cache.set(realtime.latest_seq_key(thread_id), newest + 1000, timeout=None)  # left by another database
    await asyncio.sleep(0.5)  # several resyncs see the stale seq; the stale cache is found out and dropped
    assert cache.get(realtime.latest_seq_key(thread_id)) in (None, newest)

    post = await database_sync_to_async(services.create_post)(thread=thread, author=author, body="after")
    assert (await socket.receive_json_from(timeout=3))["id"] == post.pk
    await socket.disconnect()
