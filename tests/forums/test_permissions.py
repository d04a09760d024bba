"""Who may read and post where: the board permission matrix, over real HTTP requests."""

import pytest
from django.urls import reverse

from forums import selectors, services
from forums.models import Post
from tests.factories import UserFactory

PEOPLE = ["anonymous", "member", "other_group_teacher", "group_facilitator", "other_facilitator", "admin"]
# person: (reads public, posts public, reads private, posts private)
EXPECTED = {
    "anonymous": (True, False, False, False),
    "member": (True, True, True, True),
    "other_group_teacher": (True, True, False, False),
    "group_facilitator": (True, True, True, True),
    "other_facilitator": (True, True, False, False),
    "admin": (True, True, True, True),
}


@pytest.fixture
def person(request, teacher, other_group_teacher, facilitator, other_facilitator, admin_user):
    return {
        "anonymous": None,
        "member": teacher,
        "other_group_teacher": other_group_teacher,
        "group_facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "admin": admin_user,
    }[request.param]


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
@pytest.mark.parametrize("where", ["public", "private"])
def test_board_permission_matrix(client, person, where, thread, group_thread, request):
    name = request.node.callspec.params["person"]
    reads_public, posts_public, reads_private, posts_private = EXPECTED[name]
    may_read, may_post = (reads_public, posts_public) if where == "public" else (reads_private, posts_private)
    target = thread if where == "public" else group_thread
    if person is not None:
        client.force_login(person)

    board_page = client.get(target.board.get_absolute_url())
    thread_page = client.get(target.get_absolute_url())
    assert (board_page.status_code, thread_page.status_code) == ((200, 200) if may_read else (404, 404))
    if may_read:
        assert "How?" in thread_page.content.decode() or "Just us." in thread_page.content.decode()
        assert ('id="reply-form"' in thread_page.content.decode()) == may_post

    before = Post.objects.filter(thread=target).count()
    response = client.post(reverse("forums:post_create", args=[target.pk]), {"body": f"Reply from {name}"})
    after = Post.objects.filter(thread=target).count()
    assert after == before + (1 if may_post else 0)
    if person is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not may_post:
        assert response.status_code in (403, 404)


def test_board_list_shows_private_boards_only_to_their_group(client, board, group_board, outsider, teacher):
    assert "Our group" not in client.get(reverse("forums:board_list")).content.decode()
    client.force_login(outsider)
    assert "Our group" not in client.get(reverse("forums:board_list")).content.decode()
    client.force_login(teacher)
    html = client.get(reverse("forums:board_list")).content.decode()
    assert "Our group" in html and "Multigrade classes" in html


def test_members_cannot_post_in_a_locked_thread_but_its_moderator_can(client, group_thread, teacher2, facilitator):
    from forums import services

    services.set_thread_locked(thread=group_thread, by=facilitator, locked=True)
    client.force_login(teacher2)
    assert client.post(reverse("forums:post_create", args=[group_thread.pk]), {"body": "late"}).status_code == 403
    client.force_login(facilitator)
    client.post(reverse("forums:post_create", args=[group_thread.pk]), {"body": "moderator note"})
    assert Post.objects.filter(thread=group_thread, body="moderator note").exists()


def test_a_new_teacher_group_finds_its_private_board(client, group, teacher):
    client.force_login(teacher)
    html = client.get(reverse("forums:board_list")).content.decode()
    assert group.name in html and "Private board of your teacher group" in html


def test_an_event_board_is_public_and_members_post_there(client, teacher):
    from wagtail.models import Page

    from forums import services
    from tests.forums.factories import BoardFactory

    event = Page.get_first_root_node().add_child(instance=Page(title="Autumn network event", slug="autumn-event"))
    board = BoardFactory(slug="autumn-event", title="Autumn event", kind="event", event_page=event)
    thread = services.create_thread(board=board, author=teacher, title="Poster walk questions", body="Ask here")
    assert "Ask here" in client.get(thread.get_absolute_url()).content.decode()
    assert "Network event board" in client.get(reverse("forums:board_list")).content.decode()


def test_admins_manage_boards_in_the_wagtail_admin(client, admin_user, board):
    client.force_login(admin_user)
    response = client.get("/admin/snippets/forums/board/")
    assert response.status_code == 200 and "Multigrade classes" in response.content.decode()


def test_a_member_sees_no_action_on_a_hidden_post_that_they_may_not_do(client, thread, teacher, admin_user):
    """A hidden post offers a non-moderator no Helpful, Report or Quote: each would answer 403 (issue 12 item 1)."""
    reader = UserFactory(display_name="Aigerim Reader")
    post = services.create_post(thread=thread, author=teacher, body="A reply the moderator hides")
    services.set_post_hidden(post=post, by=admin_user, hidden=True)
    post.refresh_from_db()
    assert not selectors.can_mark_helpful(user=reader, post=post)

    client.force_login(reader)
    page = client.get(thread.get_absolute_url()).content.decode()
    item = page.split(f'id="post-{post.pk}"', 1)[1].split("</li>", 1)[0]
    assert "This post was hidden by a moderator." in item
    assert reverse("forums:post_helpful", args=[post.pk]) not in item
    assert reverse("forums:post_flag", args=[post.pk]) not in item
    assert f"quote={post.pk}" not in item
    assert client.post(reverse("forums:post_helpful", args=[post.pk])).status_code == 403
