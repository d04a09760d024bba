"""WebSocket edges (CONTRACT.md "WebSocket protocol"): close codes a client can read, resume beyond the stream,
badly encoded frames. Through the real ASGI application."""

import uuid

import pytest
from channels.db import database_sync_to_async

from forums import services
from forums.models import Post
from network.streams import JsonStreamConsumer
from tests.conftest import connect_ws
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

create_post = database_sync_to_async(services.create_post)
announce = database_sync_to_async(services.announce)


@pytest.mark.parametrize(
    "path", ["/ws/threads/abc/", "/ws/threads/-1/", "/ws/threads/99999999999999999999/", "/ws/no-such-stream/", "/ws/"]
)
async def test_a_stream_that_cannot_exist_closes_with_4404_not_a_server_error(teacher, path):
    ws = await connect_ws(teacher, path, expect_accept=False)
    assert ws.close_code == 4404


async def test_a_reader_without_access_is_accepted_then_closed_with_4403(group_thread, outsider):
    ws = await connect_ws(outsider, f"/ws/threads/{group_thread.pk}/", expect_accept=False)
    assert ws.close_code == 4403


async def test_resume_beyond_the_newest_seq_gets_an_error_and_the_socket_stays_live(thread, teacher, teacher2):
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/?lang=en")
    await ws.send_json_to({"type": "resume", "after": 10**9})
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "bad_resume") and error["message"]
    post = await create_post(thread=thread, author=teacher2, body="still heard")
    assert (await ws.receive_json_from(timeout=3))["id"] == post.pk
    await ws.disconnect()


async def test_resume_beyond_the_room_gets_an_error_and_announcements_still_arrive(make_event, facilitator, teacher):  # noqa: F811
    event = await database_sync_to_async(make_event)(organisers=[facilitator], slug="edge-room")
    ws = await connect_ws(teacher, f"/ws/events/{event.slug}/?lang=en")
    await ws.send_json_to({"type": "resume", "after": 10**9})
    assert (await ws.receive_json_from(timeout=3))["code"] == "bad_resume"
    await announce(event=event, author=facilitator, text="Boards 1-5: start now")
    assert (await ws.receive_json_from(timeout=3))["type"] == "announcement"
    await ws.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "post.create", "body": "\\ud800 broken", "client_token": "%s"}',  # escaped lone surrogate
        '{"type": "post.create", "body": "\ud800 broken", "client_token": "%s"}',  # the character itself
        '{"type": "\\udfff", "client_token": "%s"}',
    ],
)
async def test_a_lone_surrogate_gets_an_error_frame_and_the_socket_stays_usable(thread, teacher, frame):
    ws = await connect_ws(teacher, f"/ws/threads/{thread.pk}/?lang=en")
    await ws.send_to(text_data=frame % uuid.uuid4())
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "bad_encoding") and error["message"]
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=3) == {"type": "pong"}
    assert not await database_sync_to_async(Post.objects.filter(body__contains="broken").exists)()
    await ws.disconnect()


async def test_too_many_connections_are_accepted_then_closed_with_4429(thread, teacher, monkeypatch):
    monkeypatch.setattr(JsonStreamConsumer, "connect_rate", (1, 60))
    first = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    refused = await connect_ws(teacher, f"/ws/threads/{thread.pk}/", expect_accept=False)
    assert refused.close_code == 4429
    await first.disconnect()
