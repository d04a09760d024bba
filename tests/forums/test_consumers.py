"""/ws/threads/<id>/: live posts, replay after a gap, once-only sends, refusals, bad frames (real ASGI app)."""

import uuid

import pytest
from channels.db import database_sync_to_async

from forums import services
from forums.models import Post
from tests.conftest import connect_ws

pytestmark = [pytest.mark.backend, pytest.mark.django_db(transaction=True)]

create_post = database_sync_to_async(services.create_post)
edit_post = database_sync_to_async(services.edit_post)
delete_post = database_sync_to_async(services.delete_post)


async def test_two_readers_see_a_new_post_live(thread, teacher, teacher2):
    first = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    second = await connect_ws(teacher2, f"/ws/threads/{thread.pk}/")
    post = await create_post(thread=thread, author=teacher2, body="We used **jars** as beakers")
    for reader in (first, second):
        event = await reader.receive_json_from(timeout=3)
        assert (event["type"], event["id"]) == ("post.created", post.pk)
        assert event["seq"] > 0
        assert "<strong>jars</strong>" in event["html"] and f'id="post-{post.pk}"' in event["html"]
    await first.disconnect()
    await second.disconnect()


async def test_edits_and_deletions_arrive_live_with_growing_seq(thread, teacher, teacher2):
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    post = await create_post(thread=thread, author=teacher2, body="first")
    created = await reader.receive_json_from(timeout=3)
    await edit_post(post=post, editor=teacher2, body="second")
    updated = await reader.receive_json_from(timeout=3)
    await delete_post(post=post, by=teacher2)
    deleted = await reader.receive_json_from(timeout=3)
    assert [e["type"] for e in (created, updated, deleted)] == ["post.created", "post.updated", "post.deleted"]
    assert created["seq"] < updated["seq"] < deleted["seq"]
    assert "second" in updated["html"] and "second" not in deleted["html"]
    await reader.disconnect()


async def test_resume_after_a_gap_replays_exactly_the_missing_events_in_order(thread, teacher, teacher2):
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    seen = await create_post(thread=thread, author=teacher2, body="seen live")
    last_seq = (await reader.receive_json_from(timeout=3))["seq"]
    await reader.disconnect()  # the bus goes into a valley

    missed = [await create_post(thread=thread, author=teacher2, body=f"missed {n}") for n in range(3)]
    await edit_post(post=missed[0], editor=teacher2, body="missed 0, corrected")

    back = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    await back.send_json_to({"type": "resume", "after": last_seq})
    replayed = [await back.receive_json_from(timeout=3) for _ in range(4)]
    assert [(e["type"], e["id"]) for e in replayed] == [
        ("post.created", missed[0].pk),
        ("post.created", missed[1].pk),
        ("post.created", missed[2].pk),
        ("post.updated", missed[0].pk),
    ]
    assert [e["seq"] for e in replayed] == sorted(e["seq"] for e in replayed)
    assert all(e["seq"] > last_seq for e in replayed) and seen.pk not in [e["id"] for e in replayed]
    assert await back.receive_nothing(timeout=0.3)

    live = await create_post(thread=thread, author=teacher2, body="and live again")
    assert (await back.receive_json_from(timeout=3))["id"] == live.pk
    await back.disconnect()


async def test_replayed_and_live_posts_render_the_same(thread, teacher, teacher2):
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    await create_post(thread=thread, author=teacher2, body="same html")
    live = await reader.receive_json_from(timeout=3)
    await reader.send_json_to({"type": "resume", "after": live["seq"] - 1})
    assert await reader.receive_json_from(timeout=3) == live
    await reader.disconnect()


async def test_a_retried_client_token_makes_one_post_and_both_tries_get_post_created(thread, teacher):
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    token = str(uuid.uuid4())
    frame = {"type": "post.create", "body": "Sent from the bus", "client_token": token}
    await ws.send_json_to(frame)
    first = await ws.receive_json_from(timeout=3)
    await ws.send_json_to(frame)  # the answer was lost on the way back: the phone tries again
    second = await ws.receive_json_from(timeout=3)
    assert first["type"] == second["type"] == "post.created"
    assert first["id"] == second["id"] and first["client_token"] == second["client_token"] == token
    assert await database_sync_to_async(Post.objects.filter(body="Sent from the bus").count)() == 1
    await ws.disconnect()


async def test_the_same_client_token_over_http_and_websocket_makes_one_post(thread, teacher):
    token = uuid.uuid4()
    post = await create_post(thread=thread, author=teacher, body="twice?", client_token=token)
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    await ws.send_json_to({"type": "post.create", "body": "twice?", "client_token": str(token)})
    assert (await ws.receive_json_from(timeout=3))["id"] == post.pk
    assert await database_sync_to_async(Post.objects.filter(body="twice?").count)() == 1
    await ws.disconnect()


async def test_reader_without_access_is_refused_with_4403(group_thread, outsider):
    ws = await connect_ws(outsider, f"/ws/threads/{group_thread.pk}/", expect_accept=False)
    assert ws.close_code == 4403
    anonymous = await connect_ws(None, f"/ws/threads/{group_thread.pk}/", expect_accept=False)
    assert anonymous.close_code == 4403


async def test_a_thread_that_does_not_exist_closes_with_4404(teacher):
    ws = await connect_ws(teacher, "/ws/threads/999999/", expect_accept=False)
    assert ws.close_code == 4404


async def test_anonymous_reader_of_a_public_thread_sees_posts_but_cannot_write(thread, teacher):
    ws = await connect_ws(None, f"/ws/threads/{thread.pk}/")
    await ws.send_json_to({"type": "post.create", "body": "hi", "client_token": str(uuid.uuid4())})
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "auth_required") and error["message"]
    post = await create_post(thread=thread, author=teacher, body="for everyone")
    assert (await ws.receive_json_from(timeout=3))["id"] == post.pk
    await ws.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ('{"no": "type"}', "bad_request"),
        ('{"type": "resume"}', "bad_request"),
        ('{"type": "resume", "after": "ten"}', "bad_request"),
        ('{"type": "post.create", "body": 5, "client_token": "x"}', "bad_request"),
        ('{"type": "post.create", "body": "hi", "client_token": "not-a-uuid"}', "bad_request"),
        ('{"type": "post.create", "body": "   ", "client_token": "6f1c7a52-3d0e-4a43-9a43-0a4c1c3c8e01"}', "invalid"),
        ('{"type": "launch"}', "unknown_type"),
        ('{"type": "post.create", "body": "' + "x" * 20000 + '", "client_token": "u"}', "too_large"),
    ],
)
async def test_malformed_or_oversized_frames_get_an_error_and_the_socket_stays_usable(thread, teacher, frame, code):
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    await ws.send_to(text_data=frame)
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", code) and error["message"]
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=3) == {"type": "pong"}
    await ws.disconnect()


async def test_posting_too_fast_over_websocket_gets_a_rate_limited_error(thread, teacher, settings):
    settings.FORUMS_POSTS_PER_MINUTE = 2
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/?lang=en")
    for n in range(2):
        await ws.send_json_to({"type": "post.create", "body": f"quick {n}", "client_token": str(uuid.uuid4())})
        assert (await ws.receive_json_from(timeout=3))["type"] == "post.created"
    await ws.send_json_to({"type": "post.create", "body": "one too many", "client_token": str(uuid.uuid4())})
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "rate_limited") and "minute" in error["message"]
    await ws.disconnect()


async def test_live_delivery_through_redis(require_redis, thread, teacher, teacher2):
    """With REDIS_URL set the channel layer is channels-redis; two readers still see the post live."""
    from channels.layers import get_channel_layer

    assert type(get_channel_layer()).__module__.startswith(("channels_redis.", "config.channel_layer"))
    first = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    second = await connect_ws(teacher2, f"/ws/threads/{thread.pk}/")
    await first.send_json_to({"type": "post.create", "body": "through redis", "client_token": str(uuid.uuid4())})
    a = await first.receive_json_from(timeout=5)
    b = await second.receive_json_from(timeout=5)
    assert a["id"] == b["id"] and a["type"] == b["type"] == "post.created"
    await first.disconnect()
    await second.disconnect()


async def test_an_open_socket_that_lost_its_group_catches_up_without_reconnecting(settings, thread, teacher, teacher2):
    """What a Redis restart does to the channel layer (group membership gone): the reader still gets every post."""
    from channels.layers import get_channel_layer

    settings.ORTAQ_WS_RESYNC_SECONDS = 0.3
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}  # Redis: test_faults
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    get_channel_layer().groups.clear()  # the in-memory layer's group memberships, as a restarted Redis has none
    missed = [await create_post(thread=thread, author=teacher2, body=f"while nobody listened {n}") for n in range(2)]
    events = [await reader.receive_json_from(timeout=3) for _ in range(2)]
    assert [(e["type"], e["id"]) for e in events] == [("post.created", post.pk) for post in missed]

    live = await create_post(thread=thread, author=teacher2, body="heard live again")  # re-joined the group
    assert (await reader.receive_json_from(timeout=3))["id"] == live.pk
    assert await reader.receive_nothing(timeout=0.8), "nothing is sent twice"
    await reader.disconnect()


async def test_a_broadcast_lost_between_two_that_arrived_is_still_delivered(settings, thread, teacher, teacher2):
    """A hole, not just a gap at the end: the socket checks every event since its last check, not only the newest."""
    from channels.layers import get_channel_layer

    settings.ORTAQ_WS_RESYNC_SECONDS = 1.0
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    layer = get_channel_layer()
    memberships = {group: dict(channels) for group, channels in layer.groups.items()}
    layer.groups.clear()
    lost = await create_post(thread=thread, author=teacher2, body="lost on the way")
    layer.groups.update(memberships)
    live = await create_post(thread=thread, author=teacher2, body="arrived")
    assert (await reader.receive_json_from(timeout=3))["id"] == live.pk
    assert (await reader.receive_json_from(timeout=3))["id"] == lost.pk  # at the next resync
    assert await reader.receive_nothing(timeout=1.5), "nothing is sent twice"
    await reader.disconnect()
