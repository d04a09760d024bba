"""A live post is rendered once per broadcast and language, the same for every reader; each page keeps the
controls its viewer may use (data-for), and a hidden post's body is never broadcast."""

import pytest
from channels.db import database_sync_to_async

from forums import services
from tests.conftest import connect_ws

pytestmark = pytest.mark.django_db(transaction=True)

create_post = database_sync_to_async(services.create_post)
set_post_hidden = database_sync_to_async(services.set_post_hidden)


async def test_every_reader_gets_the_same_frame_with_each_control_marked_for_who_may_use_it(thread, teacher, teacher2):
    readers = [await connect_ws(user, f"/ws/threads/{thread.pk}/") for user in (teacher, teacher2)]
    post = await create_post(thread=thread, author=teacher2, body="Jars as beakers")
    frames = [await reader.receive_json_from(timeout=3) for reader in readers]
    assert frames[0] == frames[1]  # the author's page and another reader's page get one and the same frame
    html = frames[0]["html"]
    assert f'data-author="{teacher2.pk}"' in html
    assert 'data-for="other"' in html and 'data-for="replier"' in html and 'data-for="author moderator"' in html
    assert 'data-for="moderator"' in html and post.body in html
    for reader in readers:
        await reader.disconnect()


async def test_a_hidden_posts_body_reaches_the_moderator_live_but_no_other_reader(
    thread, group_board, teacher, teacher2, facilitator
):
    group_thread = await database_sync_to_async(services.create_thread)(
        board=group_board, author=teacher, title="Our lessons", body="Start"
    )
    post = await create_post(thread=group_thread, author=teacher2, body="Something to hide")
    reader = await connect_ws(teacher, f"/ws/threads/{group_thread.pk}/")
    moderator = await connect_ws(facilitator, f"/ws/threads/{group_thread.pk}/")
    await set_post_hidden(post=post, by=facilitator, hidden=True)
    seen = await reader.receive_json_from(timeout=3)
    moderated = await moderator.receive_json_from(timeout=3)
    assert seen["id"] == moderated["id"] == post.pk
    assert "Something to hide" not in seen["html"]
    assert "Something to hide" in moderated["html"] and 'value="restore"' in moderated["html"]
    await reader.disconnect()
    await moderator.disconnect()
