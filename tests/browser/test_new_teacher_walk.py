"""A new teacher without a group walks the cycle in Kazakh at 360 px, with and without JavaScript (issue 17):
every page fits the screen, each stage page guides her forward, Submit is findable, the profile switches language."""

import os

import pytest

from tests.browser.test_project_cycle import _sign_in, _site
from tests.factories import FacilitatorFactory, TeacherGroupFactory, UserFactory

pytestmark = pytest.mark.browser
SHOTS = "/tmp/teacher" if os.path.isdir("/tmp/teacher") else ""


def _fits(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/walk-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: {width} px wide at a 360 px screen"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_new_teacher_walks_the_cycle_in_kazakh_at_360_px(browser, live_server_url, javascript):
    _site()
    teacher = UserFactory(display_name="Жаңа Мұғалім", preferred_language="kk")
    TeacherGroupFactory(region=teacher.school.region, facilitator=FacilitatorFactory(), name="Абай мұғалімдері")
    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 360, "height": 800}, java_script_enabled=javascript, locale="kk"
    )
    page = context.new_page()
    suffix = "js" if javascript else "nojs"
    _sign_in(page, teacher.email)
    page.goto("/kk/my/projects/")
    assert "Абай мұғалімдері" in page.locator("#join-a-group").inner_text()
    _fits(page, f"dashboard-{suffix}")
    page.locator("#join-a-group button").first.click()
    page.wait_for_load_state()

    page.goto("/kk/my/projects/new/")
    page.fill("#id_title", "Зертхана қорапта")
    page.fill("#id_concern", "Мектебімізде зертхана жоқ.")
    page.locator("main form.stack button").last.click()
    page.wait_for_load_state()
    _fits(page, f"detail-{suffix}")
    assert page.locator("button.submit-review[disabled]").count() == 1  # always shown, with the reason
    page.locator("form.advance button").click()  # concern complete: one click on to the plan
    page.wait_for_load_state()
    assert page.url.endswith("/plan/")
    _fits(page, f"plan-{suffix}")
    assert "Бұл кезеңге әлі жетіспейді" in page.locator("main").inner_text()

    page.goto("/kk/my/profile/")
    _fits(page, f"profile-{suffix}")
    page.select_option("#id_preferred_language", "ru")
    page.locator("main form.stack button").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/ru/my/profile/")
    context.close()


def test_facilitator_dashboard_fits_360_px_and_nudges_in_one_click(
    browser, live_server_url, page, teacher, facilitator
):
    import datetime as dt

    from django.utils import timezone

    from projects import services
    from projects.models import ProjectPage

    _site()
    project = services.create_project(user=teacher, title="Ұзақ тоқтаған жоба", subject="science", language="kk")
    ProjectPage.objects.filter(pk=project.pk).update(
        group=facilitator.facilitated_groups.first(), last_activity_at=timezone.now() - dt.timedelta(days=40)
    )
    _sign_in(page, facilitator.email)
    page.goto("/kk/my/facilitator/")
    _fits(page, "facilitator-dashboard")
    page.locator(".card.idle form button").click()
    page.wait_for_load_state()
    assert teacher.notifications.filter(kind="project.nudge").exists()
