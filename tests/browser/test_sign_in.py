"""A real Chromium signs in through the real form."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_teacher_signs_in_through_the_form_and_sees_their_name(page):
    UserFactory(email="teacher@example.org", display_name="Aigerim Bekova")
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill("teacher@example.org") if page.get_by_label("E-mail").count() else None
    page.locator("input[name=login]").fill("teacher@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".who").inner_text() == "Aigerim Bekova"
