"""A real Chromium: a teacher runs a project to submission, the facilitator approves, an anonymous reader reads it."""

import re

import pytest

from cms import demo as cms_demo
from projects import services
from tests.factories import PASSWORD
from tests.projects.conftest import image_bytes

pytestmark = pytest.mark.browser


def _site():
    """Home pages and the project area; an earlier transactional test may have flushed Wagtail's roots."""
    from wagtail.models import Collection, Locale, Page

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    cms_demo.seed()
    services.ensure_site_structure()


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_teacher_project_becomes_a_public_case_study(browser, live_server_url, page, teacher, facilitator, group):
    _site()

    # The teacher starts a project, adds evidence with a photo, uploads a poster, writes it up and submits.
    _sign_in(page, teacher.email)
    page.goto("/en/my/projects/")
    page.get_by_role("link", name="Start a project").click()
    page.fill("#id_title", "Science without a laboratory")
    page.select_option("#id_subject", "science")
    page.select_option("#id_language", "en")
    page.select_option("#id_group", str(group.pk))
    page.fill("#id_concern", "Our village school has no laboratory.")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Science without a laboratory"

    page.get_by_role("link", name="Add evidence").click()
    page.select_option("#id_kind", "photo")
    page.fill("#id_description", "Pupils test vinegar and soda")
    page.set_input_files("#id_file", files=[{"name": "class.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}])
    page.check("#id_consent")
    methods = []
    page.on("request", lambda request: methods.append(request.method))
    page.get_by_role("button", name="Save").click()
    # With JavaScript the photo goes up in resumable pieces first (chunked.js), then the form is sent.
    page.wait_for_url(re.compile(r".*/my/projects/\d+/$"))
    assert page.locator("#evidence img").count() == 1
    assert "Pupils test vinegar and soda" in page.locator("#evidence").inner_text()
    assert "PATCH" in methods

    page.get_by_role("link", name="Upload or make a poster").click()
    page.set_input_files(
        "#id_poster", files=[{"name": "poster.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (300, 420))}]
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("figure.poster img")  # after the pieces are up and the form is sent
    assert page.locator("figure.poster img").count() == 1
    assert page.locator("#feedback").count() == 1

    page.goto(page.url.replace("/poster/", "/write-up/"))
    page.fill("#id_writeup", "We built a laboratory from boxes.\n\nNow pupils experiment every week.")
    page.check("#id_consent_pupils")
    page.check("#id_consent_publish")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_role("button", name="Submit for review").click()
    assert "waiting for the facilitator" in page.locator("main").inner_text()

    # The facilitator approves from the front end.
    reviewer = browser.new_context(base_url=live_server_url).new_page()
    _sign_in(reviewer, facilitator.email)
    reviewer.goto("/en/my/projects/")
    reviewer.get_by_role("link", name="Science without a laboratory").click()
    reviewer.check("input[name=decision][value=approve]")
    reviewer.fill("#id_comment", "Clear and useful.")
    reviewer.get_by_role("button", name="Send").click()
    assert "Published" in reviewer.locator(".messages").inner_text()

    # Anyone reads the case study.
    reader = browser.new_context(base_url=live_server_url).new_page()
    reader.goto("/en/case-studies/")
    assert "1 case study" in reader.locator(".count").inner_text()
    reader.get_by_role("link", name="Science without a laboratory").click()
    assert reader.locator("h1").inner_text() == "Science without a laboratory"
    assert "Now pupils experiment every week." in reader.locator("main").inner_text()
    assert reader.locator(".poster picture img").count() == 1
