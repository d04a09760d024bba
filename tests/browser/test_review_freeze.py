"""A real Chromium (issue 17 item 4): the teacher removes a pupil's name while the facilitator is reading her
submission; the facilitator's "approve" of the old text publishes nothing, she reads the new text, and only that
goes public."""

import pytest

from projects import selectors, services
from projects.models import CaseStudyPage
from tests.browser.test_project_cycle import _sign_in, _site

pytestmark = pytest.mark.browser
PUPIL = "Aruzhan Serikova"


def test_a_name_removed_during_review_never_goes_public(browser, live_server_url, page, teacher, facilitator, group):
    _site()
    project = services.create_project(
        user=teacher, title="Boxes for science", subject="science", language="en", group=group
    )
    services.update_writeup(
        project=project,
        user=teacher,
        writeup=f"{PUPIL} built a laboratory from boxes.",
        consent_pupils=True,
        consent_publish=True,
        hide_school=False,
    )
    services.submit_project(project=selectors.get_project(pk=project.pk), user=teacher)

    reviewer = browser.new_context(base_url=live_server_url, viewport={"width": 360, "height": 800}).new_page()
    _sign_in(reviewer, facilitator.email)
    reviewer.goto(f"/en/my/projects/{project.pk}/review/")
    assert PUPIL in reviewer.locator("main article").inner_text()

    # Meanwhile the teacher takes the name out and saves.
    _sign_in(page, teacher.email)
    page.goto(f"/en/my/projects/{project.pk}/write-up/")
    page.fill("#id_writeup", "A pupil built a laboratory from boxes.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    # The facilitator approves what she read: refused, she is shown the new version.
    reviewer.check("input[name=decision][value=approve]")
    reviewer.get_by_role("button", name="Send").click()
    reviewer.wait_for_load_state()
    assert "changed" in reviewer.locator(".messages").inner_text()
    assert not CaseStudyPage.objects.get(pk=selectors.get_project(pk=project.pk).case_study_id).live
    article = reviewer.locator("main article").inner_text()
    assert PUPIL not in article and "A pupil built a laboratory from boxes." in article
    reviewer.check("input[name=decision][value=approve]")
    reviewer.get_by_role("button", name="Send").click()
    assert "Published" in reviewer.locator(".messages").inner_text()

    reader = browser.new_context(base_url=live_server_url).new_page()
    reader.goto(CaseStudyPage.objects.get(pk=selectors.get_project(pk=project.pk).case_study_id).url)
    text = reader.locator("main").inner_text()
    assert "A pupil built a laboratory from boxes." in text and PUPIL not in text
