"""Reading offline in a real Chromium: the service worker answers with the offline page when the network is gone."""

import pytest

pytestmark = pytest.mark.browser


def test_reader_without_a_connection_gets_the_offline_page_in_their_language(page, demo_site):
    page.goto("/ru/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto("/ru/privacy/")
    assert page.locator("h1").inner_text() == "Нет подключения"
    page.context.set_offline(False)
