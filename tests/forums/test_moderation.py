"""Moderation (issue 13 item 7, issue 16 item 6): the queue lists open flags only; facilitators moderate the boards
of their groups and of the events they organise; flags are one per member per post, collapsed and rate-limited."""

import pytest
from django.urls import reverse

from forums import selectors, services
from forums.models import Flag
from network.models import Notification
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)


def queue(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("forums:moderation"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def event_thread(make_event, facilitator, teacher):  # noqa: F811
    """A thread on the board of an event `facilitator` organises (not a group board of theirs)."""
    event = make_event(organisers=[facilitator], slug="world-teachers-day")
    board = selectors.event_board_for(event=event) or services.ensure_event_board(event=event)
    return services.create_thread(board=board, author=teacher, title="Posters at board 3", body="Rude words here")


def test_the_queue_lists_open_flags_only_newest_first_with_reason_and_reporters(
    client, thread, teacher, teacher2, outsider, admin_user
):
    quiet = services.create_post(thread=thread, author=teacher, body="An unflagged reply about jars")
    older = services.create_post(thread=thread, author=teacher, body="First flagged reply")
    newer = services.create_post(thread=thread, author=teacher, body="Second flagged reply")
    services.flag_post(post=older, reporter=teacher2, reason="Off topic")
    services.flag_post(post=newer, reporter=teacher2, reason="Insulting a colleague")
    services.flag_post(post=newer, reporter=outsider, reason="Rude")
    html = queue(client, admin_user)
    assert quiet.body not in html and "How?" not in html  # unflagged posts are not in the queue
    assert html.index("Second flagged reply") < html.index("First flagged reply")  # newest flag first
    assert "Insulting a colleague" in html and "Rude" in html and "Off topic" in html
    assert "2 reports" in html and "1 report" in html


def test_a_resolved_flag_leaves_the_queue(client, thread, teacher, teacher2, admin_user):
    post = services.create_post(thread=thread, author=teacher, body="Hidden once")
    services.flag_post(post=post, reporter=teacher2, reason="Spam")
    services.set_post_hidden(post=post, by=admin_user, hidden=True)
    assert "Hidden once" not in queue(client, admin_user)
    assert "Nothing to review." in queue(client, admin_user)


def test_a_facilitator_sees_a_flag_on_the_board_of_their_event_and_hides_it(
    client, event_thread, facilitator, teacher2
):
    post = event_thread.posts.get()
    services.flag_post(post=post, reporter=teacher2, reason="Not for the event board")
    assert Notification.objects.filter(recipient=facilitator, kind="forum.flag").count() == 1
    html = queue(client, facilitator)
    assert "Not for the event board" in html and "Rude words here" in html
    thread_page = client.get(event_thread.get_absolute_url()).content.decode()
    assert 'value="hide"' in thread_page and "Lock thread" in thread_page
    response = client.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide", "next": "queue"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and not Flag.objects.filter(post=post, resolved_at__isnull=True).exists()
    lock = client.post(reverse("forums:thread_lock", args=[event_thread.pk]), {"locked": "1"})
    assert lock.status_code == 302
    event_thread.refresh_from_db()
    assert event_thread.is_locked
    assert client.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "restore"}).status_code == 302


def test_a_facilitator_of_another_group_neither_sees_nor_hides_it(client, event_thread, other_facilitator, teacher2):
    post = event_thread.posts.get()
    services.flag_post(post=post, reporter=teacher2, reason="Not for the event board")
    assert "Not for the event board" not in queue(client, other_facilitator)
    response = client.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide"})
    assert response.status_code == 403
    assert client.post(reverse("forums:thread_lock", args=[event_thread.pk]), {"locked": "1"}).status_code == 403
    post.refresh_from_db()
    assert not post.is_hidden
    thread_page = client.get(event_thread.get_absolute_url()).content.decode()
    assert 'value="hide"' not in thread_page


def test_flags_on_two_posts_are_two_notifications(thread, teacher, teacher2, admin_user):
    first = thread.posts.first()
    second = services.create_post(thread=thread, author=teacher, body="Another one")
    for post in (first, second, first, second):
        services.flag_post(post=post, reporter=teacher2, reason="spam")
    assert Notification.objects.filter(recipient=admin_user, kind="forum.flag").count() == 2


def test_flagging_many_posts_fast_is_refused_with_a_clear_message(client, thread, teacher, teacher2, settings):
    settings.FORUMS_FLAGS_PER_HOUR = 3
    posts = [services.create_post(thread=thread, author=teacher, body=f"reply {n}") for n in range(4)]
    client.force_login(teacher2)
    for post in posts[:3]:
        response = client.post(reverse("forums:post_flag", args=[post.pk]), {"reason": "spam"})
        assert response.status_code == 302
    response = client.post(reverse("forums:post_flag", args=[posts[3].pk]), {"reason": "Really rude"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have reported many posts in a short time" in html and "Really rude" in html  # the text is kept
    assert not Flag.objects.filter(post=posts[3]).exists()
