"""A venue Wi-Fi or school proxy that blocks or half-opens WebSockets: a reply still reaches the database over HTTP
(the same client_token, so it is stored once), "Sending…" ends, and a draft survives a reload."""

import time

import pytest

from forums import services
from forums.models import Post
from tests.browser.test_forums_live import open_thread, sign_in
from tests.forums.factories import BoardFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def live_thread(teacher):
    board = BoardFactory(slug="blocked-sockets", title="Blocked sockets")
    return services.create_thread(board=board, author=teacher, title="Replies through a school proxy", body="Ideas?")


def stored(body: str, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = Post.objects.filter(body=body).count()
        if count:
            return count
        time.sleep(0.2)
    return 0


@pytest.mark.parametrize(
    "socket",
    [
        pytest.param(lambda ws: ws.close(), id="blocked"),
        pytest.param(lambda ws: None, id="silent"),  # opens, but nothing reaches the server (a half-open proxy)
    ],
)
def test_a_reply_is_stored_over_http_when_the_socket_does_not_carry_it(
    browser,
    live_server_url,
    live_thread,
    teacher2,
    socket,
):
    context, tab = sign_in(browser, live_server_url, teacher2)
    context.route_web_socket("**/ws/**", socket)
    open_thread(tab, live_thread)
    tab.locator("#id_body").fill("Sent through the school proxy")
    tab.locator("#reply-form button").click()
    assert stored("Sent through the school proxy") == 1
    tab.locator(".post", has_text="Sent through the school proxy").wait_for(timeout=10000)
    tab.wait_for_function(  # "Sending…" ends (a blocked socket may still say it is reconnecting)
        "() => !document.querySelector('#live-status').textContent.includes('Sending')", timeout=10000
    )
    assert tab.locator("#id_body").input_value() == ""
    tab.wait_for_timeout(1500)
    assert Post.objects.filter(body="Sent through the school proxy").count() == 1  # never twice
    context.close()


def test_a_draft_typed_but_not_sent_survives_a_reload_and_navigation(browser, live_server_url, live_thread, teacher2):
    context, tab = sign_in(browser, live_server_url, teacher2)
    context.route_web_socket("**/ws/**", lambda ws: ws.close())
    open_thread(tab, live_thread)
    tab.locator("#id_body").fill("Half a thought about evening downloads")
    tab.reload()
    open_thread(tab, live_thread)
    assert tab.locator("#id_body").input_value() == "Half a thought about evening downloads"
    tab.goto("/en/forums/")
    open_thread(tab, live_thread)
    assert tab.locator("#id_body").input_value() == "Half a thought about evening downloads"
    context.close()
