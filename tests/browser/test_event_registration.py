"""A real Chromium: a teacher signs in and registers for an upcoming network event."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from cms import demo as cms_demo
from network.models import EventIndexPage, EventPage, Registration
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_teacher_registers_for_an_upcoming_event_and_sees_the_confirmation(page, live_server_url):
    teacher = UserFactory(email="teacher@example.org", display_name="Aigerim Bekova", preferred_language="en")
    en = Locale.objects.get_or_create(language_code="en")[0]
    if Page.get_first_root_node() is None:  # an earlier transactional test flushed the tree the migrations made
        Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root"))
    home = cms_demo.seed()["homes"]["en"]
    index = home.add_child(instance=EventIndexPage(title="Network events", slug="events", locale=en))
    start = timezone.now() + dt.timedelta(days=30)
    index.add_child(
        instance=EventPage(
            title="Winter network meeting",
            slug="winter-meeting",
            locale=en,
            start=start,
            end=start + dt.timedelta(hours=5),
            time_zone="Asia/Almaty",
            town="Karaul",
        )
    )

    page.goto("/accounts/login/?next=/en/events/winter-meeting/")
    page.locator("input[name=login]").fill(teacher.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/events/winter-meeting/")
    page.get_by_label("What I will present (optional)").fill("Reading corners in a multigrade class")
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    assert "You are registered." in page.locator(".messages").inner_text()
    assert page.locator(".registration-status").inner_text().startswith("You are registered.")
    assert Registration.objects.get(user=teacher).presentation == "Reading corners in a multigrade class"
