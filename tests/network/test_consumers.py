"""/ws/notifications/: the wiring of ASGI, origin check, session auth and the channel layer, end to end."""

import pytest
from channels.db import database_sync_to_async

from network import services
from tests.conftest import connect_ws

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitor_is_refused_with_4403():
    communicator = await connect_ws(None, "/ws/notifications/", expect_accept=False)
    assert communicator.close_code == 4403


@pytest.mark.django_db(transaction=True)
async def test_member_gets_pong_for_ping(teacher):
    ws = await connect_ws(teacher, "/ws/notifications/")
    assert (await ws.receive_json_from())["type"] == "hello"
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_request"),
        ('{"type": "launch"}', "unknown_type"),
        ("x" * 20000, "too_large"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_usable(teacher, frame, code):
    ws = await connect_ws(teacher, "/ws/notifications/")
    await ws.receive_json_from()
    await ws.send_to(text_data=frame)
    error = await ws.receive_json_from()
    assert (error["type"], error["code"]) == ("error", code) and error["message"]
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_binary_frames_get_an_error(teacher):
    ws = await connect_ws(teacher, "/ws/notifications/")
    await ws.receive_json_from()
    await ws.send_to(bytes_data=b"\x00\x01")
    assert (await ws.receive_json_from())["code"] == "bad_frame"
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_new_notification_reaches_the_open_page_with_the_unread_count(teacher, teacher2):
    ws = await connect_ws(teacher, "/ws/notifications/")
    assert (await ws.receive_json_from())["unread"] == 0
    other = await connect_ws(teacher2, "/ws/notifications/")
    await other.receive_json_from()

    notification = await database_sync_to_async(services.notify)(
        recipient=teacher, kind="mention", text="Zhauhar mentioned you", url="/kk/forums/"
    )
    event = await ws.receive_json_from(timeout=3)
    assert (event["type"], event["id"], event["unread"]) == ("notification.created", notification.pk, 1)
    assert await other.receive_nothing(timeout=0.3)  # nobody else's stream hears it
    await ws.disconnect()
    await other.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_websocket_from_a_foreign_origin_is_refused(teacher):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    ws = WebsocketCommunicator(application, "/ws/notifications/", headers=[(b"origin", b"https://evil.example")])
    connected, _code = await ws.connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
async def test_notifications_travel_through_redis_between_processes(require_redis, teacher, settings):
    """With REDIS_URL set the channel layer is channels-redis; the same stream works through it."""
    from channels.layers import get_channel_layer

    assert type(get_channel_layer()).__module__.startswith(("channels_redis.", "config.channel_layer"))
    ws = await connect_ws(teacher, "/ws/notifications/")
    await ws.receive_json_from()
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}
    notification = await database_sync_to_async(services.notify)(recipient=teacher, kind="reply", text="A reply")
    assert (await ws.receive_json_from(timeout=3))["id"] == notification.pk
    await ws.disconnect()
