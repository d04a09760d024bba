"""A colleague scans the QR code of a teacher's poster from the screen at 360 px and gives feedback (issue 17)."""

import io

import pytest
import zxingcpp
from PIL import Image

from projects import services
from tests.browser.test_project_cycle import _sign_in, _site

pytestmark = pytest.mark.browser


def _decode_qr_on_screen(page) -> str:
    """Screenshot the viewport with the QR scrolled into view, as the colleague's camera sees it; decode it."""
    box = page.locator(".qr svg")
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    viewport = page.viewport_size
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= viewport["width"], "QR cut off at the sides"
    assert bounds["width"] >= 120, "QR too small to scan"
    shot = Image.open(io.BytesIO(page.screenshot()))
    shot.save("/tmp/teacher/qr-screen.png") if __import__("os").path.isdir("/tmp/teacher") else None
    codes = [code for code in zxingcpp.read_barcodes(shot) if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert codes, "no QR code could be read from the screen"
    return codes[0].text


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_colleague_scans_the_poster_qr_and_gives_feedback(
    browser, live_server_url, page, teacher, teacher2, group, javascript, settings
):
    _site()
    project = services.create_project(
        user=teacher, title="Зертхана қорапта", subject="science", language="kk", group=group, concern="Зертхана жоқ."
    )
    services.set_poster_template(
        project=project, user=teacher, poster_concern="Зертхана жоқ.", poster_did="Қораптан зертхана жасадық."
    )
    _sign_in(page, teacher.email)
    page.goto(f"/kk/my/projects/{project.pk}/poster/")
    url = _decode_qr_on_screen(page)
    # The code carries the one public address (ORTAQ_PUBLIC_URL, network.links), which the server was started with.
    assert url == f"{settings.ORTAQ_PUBLIC_URL}/p/{project.pk}"
    assert page.locator(".qr-link").inner_text() == url.split("://", 1)[1]
    url = live_server_url + url.removeprefix(settings.ORTAQ_PUBLIC_URL)  # this test's server stands in for it

    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 360, "height": 800}, java_script_enabled=javascript, locale="kk"
    )
    colleague = context.new_page()
    _sign_in(colleague, teacher2.email)
    colleague.goto(url)
    assert colleague.url.endswith(f"/kk/forums/feedback/{project.pk}/")
    colleague.fill("#id_works_well", "Қорап-зертхана керемет.")
    colleague.locator("form.feedback-form button").click()
    colleague.wait_for_load_state()
    assert "Қорап-зертхана керемет." in colleague.locator("main").inner_text()
    context.close()
