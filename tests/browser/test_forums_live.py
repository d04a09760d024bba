"""Two real Chromium sessions on one thread: live posts, catching up after going offline, and no-JS posting."""

import pytest

from forums import services
from tests.factories import PASSWORD
from tests.forums.factories import BoardFactory

pytestmark = pytest.mark.browser


def sign_in(browser, base_url, user, **options):
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 800}, **options)
    tab = context.new_page()
    tab.goto("/accounts/login/?next=/en/forums/")
    tab.locator("input[name=login]").fill(user.email)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("main button[type=submit]").click()
    tab.wait_for_load_state()
    assert tab.locator(".who").inner_text() == user.display_name
    return context, tab


@pytest.fixture
def live_thread(teacher):
    board = BoardFactory(slug="unstable-internet", title="Unstable internet")
    return services.create_thread(board=board, author=teacher, title="Lessons when the connection drops", body="Ideas?")


def open_thread(tab, thread):
    tab.goto(f"/en/forums/t/{thread.pk}/")
    tab.wait_for_function("() => document.querySelector('#posts').dataset.ws")


def test_a_reply_appears_for_the_other_reader_without_reload(browser, live_server_url, live_thread, teacher, teacher2):
    ctx_a, reader = sign_in(browser, live_server_url, teacher)
    ctx_b, writer = sign_in(browser, live_server_url, teacher2)
    open_thread(reader, live_thread)
    open_thread(writer, live_thread)
    reader.wait_for_timeout(300)  # let both sockets open
    writer.locator("#id_body").fill("We download videos at school in the evening")
    writer.locator("#reply-form button").click()
    reader.locator(".post", has_text="We download videos at school").wait_for(timeout=5000)
    writer.locator(".post", has_text="We download videos at school").wait_for(timeout=5000)
    assert writer.locator("#id_body").input_value() == ""  # the live send cleared the box
    assert writer.url.endswith(f"/t/{live_thread.pk}/")  # no page load happened
    ctx_a.close()
    ctx_b.close()


def test_a_reader_who_went_offline_catches_up_when_back(browser, live_server_url, live_thread, teacher, teacher2):
    ctx_a, reader = sign_in(browser, live_server_url, teacher)
    ctx_b, writer = sign_in(browser, live_server_url, teacher2)
    open_thread(reader, live_thread)
    open_thread(writer, live_thread)
    reader.wait_for_timeout(300)
    ctx_a.set_offline(True)
    reader.locator("#live-status").wait_for(state="visible", timeout=5000)
    writer.locator("#id_body").fill("Posted while you were in the valley")
    writer.locator("#reply-form button").click()
    writer.locator(".post", has_text="Posted while you were in the valley").wait_for(timeout=5000)
    reader.wait_for_timeout(500)
    assert reader.locator(".post", has_text="in the valley").count() == 0
    ctx_a.set_offline(False)
    reader.locator(".post", has_text="Posted while you were in the valley").wait_for(timeout=10000)
    assert reader.locator(".post", has_text="in the valley").count() == 1
    ctx_a.close()
    ctx_b.close()


def test_a_reply_typed_offline_is_sent_once_when_back(browser, live_server_url, live_thread, teacher2):
    from forums.models import Post

    ctx, writer = sign_in(browser, live_server_url, teacher2)
    open_thread(writer, live_thread)
    writer.wait_for_timeout(300)
    ctx.set_offline(True)
    writer.locator("#id_body").fill("Typed on the bus")
    writer.locator("#reply-form button").click()
    status = writer.locator("#live-status")
    status.wait_for(state="visible", timeout=5000)
    assert "Offline" in status.inner_text()
    ctx.set_offline(False)
    writer.locator(".post", has_text="Typed on the bus").wait_for(timeout=10000)
    writer.wait_for_timeout(500)
    assert Post.objects.filter(body="Typed on the bus").count() == 1


def test_without_javascript_a_reply_is_a_plain_form_post(browser, live_server_url, live_thread, teacher2):
    ctx, tab = sign_in(browser, live_server_url, teacher2, java_script_enabled=False)
    tab.goto(f"/en/forums/t/{live_thread.pk}/")
    tab.locator("#id_body").fill("No JavaScript on this old phone")
    tab.locator("#reply-form button").click()
    tab.wait_for_load_state()
    assert "#post-" in tab.url
    assert tab.locator(".post", has_text="No JavaScript on this old phone").count() == 1
    ctx.close()
