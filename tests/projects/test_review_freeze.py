"""Reviewed = published (issue 17 item 4): the facilitator approves exactly the revision she read, whether on the
site's review page or in the Wagtail admin, and the project ends up in the same state either way."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from network import services as network_services
from network.models import Notification
from network.uploads import clean_image, clean_image_or_pdf
from projects import selectors, services
from projects.models import CaseStudyPage, Stage
from tests.projects.conftest import image_bytes

PUPIL = "Aruzhan Serikova"


def _write(project, teacher, text):
    return services.update_writeup(
        project=project, user=teacher, writeup=text, consent_pupils=True, consent_publish=True, hide_school=False
    )


def _submit(project, teacher, text=f"{PUPIL} built a laboratory from boxes."):
    _write(project, teacher, text)
    services.submit_project(project=selectors.get_project(pk=project.pk), user=teacher)
    return selectors.get_project(pk=project.pk)


def _revision_on_review_page(client, project) -> str:
    html = client.get(reverse("projects:review", args=[project.pk])).content.decode()
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


@pytest.fixture
def reviewer(facilitator):
    """The group's facilitator with Wagtail admin access, as set_facilitator and seed_demo give it."""
    facilitator.groups.add(network_services.facilitators_group())
    return facilitator


def _public_html(project) -> str:
    page = CaseStudyPage.objects.get(pk=selectors.get_project(pk=project.pk).case_study_id)
    assert page.live
    return Client().get(page.url).content.decode()


def test_a_pupils_name_removed_after_submitting_never_goes_public(client, project, teacher, facilitator):
    project = _submit(project, teacher)
    client.force_login(facilitator)
    read = _revision_on_review_page(client, project)
    _write(selectors.get_project(pk=project.pk), teacher, "A pupil built a laboratory from boxes.")
    # The facilitator approves the page she read: the text changed meanwhile, so nothing is published yet.
    response = client.post(
        reverse("projects:review", args=[project.pk]), {"decision": "approve", "comment": "", "revision": read}
    )
    assert not CaseStudyPage.objects.get(pk=project.case_study_id).live
    assert "changed" in client.get(response["Location"]).content.decode()
    html = client.get(reverse("projects:review", args=[project.pk])).content.decode()
    assert PUPIL not in html and "A pupil built a laboratory from boxes." in html
    client.post(
        reverse("projects:review", args=[project.pk]),
        {"decision": "approve", "comment": "", "revision": _revision_on_review_page(client, project)},
    )
    public = _public_html(project)
    assert "A pupil built a laboratory from boxes." in public and PUPIL not in public


def test_the_review_page_shows_the_submitted_text_not_the_live_project(client, project, teacher, facilitator):
    project = _submit(project, teacher, "Submitted text.")
    project.writeup = "<p>Typed after submitting, never saved.</p>"  # what a form shows is not under review
    client.force_login(facilitator)
    html = client.get(reverse("projects:review", args=[project.pk])).content.decode()
    assert "Submitted text." in html


def test_an_edit_during_review_needs_review_again(client, project, teacher, facilitator):
    project = _submit(project, teacher, "First version.")
    first = selectors.review_state(project=project).current_task_state
    _write(selectors.get_project(pk=project.pk), teacher, "Second version.")
    state = selectors.review_state(project=project)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    current = state.current_task_state
    assert current.pk != first.pk and current.status == TaskState.STATUS_IN_PROGRESS
    assert "Second version." in current.revision.as_object().body
    first.refresh_from_db()
    assert first.status == TaskState.STATUS_CANCELLED
    # The old revision can no longer be approved, not even through the service.
    with pytest.raises(services.ReviewChanged):
        services.approve_project(
            project=selectors.get_project(pk=project.pk), user=facilitator, revision_id=first.revision_id
        )


def _with_poster_and_photo(project, teacher):
    services.set_poster_upload(
        project=project,
        user=teacher,
        upload=clean_image_or_pdf(SimpleUploadedFile("p.png", image_bytes("PNG", (300, 420)))),
    )
    photo = clean_image(SimpleUploadedFile("class.jpg", image_bytes()), stem="evidence")
    services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils with magnets", consent=True, upload=photo
    )
    services.add_evidence(
        project=project, user=teacher, kind="quote", description="Named pupil says hi", consent=False, upload=None
    )


def _outcome(project) -> dict:
    project = selectors.get_project(pk=project.pk)
    page = CaseStudyPage.objects.get(pk=project.case_study_id)
    return {
        "live": page.live,
        "stage": project.stage,
        "poster": page.poster_image_id is not None,
        "evidence": [(block.value["observation"], block.value["photo"] is not None) for block in page.evidence],
        "in_review": selectors.is_in_review(project=project),
        "body": page.body,
    }


@pytest.mark.parametrize("where", ["site", "admin"])
def test_admin_approval_leaves_the_project_as_site_approval_does(where, project, teacher, reviewer, admin_user):
    teacher.preferred_language = "kk"
    teacher.save(update_fields=["preferred_language"])
    _with_poster_and_photo(project, teacher)
    project = _submit(project, teacher, "We built a laboratory.")
    mail.outbox.clear()
    client = Client()
    client.force_login(reviewer)
    if where == "site":
        client.post(
            reverse("projects:review", args=[project.pk]),
            {"decision": "approve", "comment": "Керемет жұмыс", "revision": _revision_on_review_page(client, project)},
        )
    else:
        state = selectors.review_state(project=project).current_task_state
        response = client.post(
            f"/admin/pages/workflow/action/{project.case_study_id}/approve/{state.pk}/", {"comment": "Керемет жұмыс"}
        )
        assert response.status_code == 302
    assert _outcome(project) == {
        "live": True,
        "stage": Stage.PUBLISHED,
        "poster": True,
        "evidence": [("Pupils with magnets", True)],
        "in_review": False,
        "body": "<p>We built a laboratory.</p>",
    }
    told = Notification.objects.get(recipient=teacher, kind="project.approved")
    assert "Керемет жұмыс" in told.text and "кейс" in told.text.lower()  # in Kazakh, with the comment
    assert mail.outbox == []  # no English Wagtail e-mail to the teacher (or anyone)


def test_admin_request_changes_runs_the_sites_service(project, teacher, reviewer):
    project = _submit(project, teacher)
    client = Client()
    client.force_login(reviewer)
    state = selectors.review_state(project=project).current_task_state
    client.post(
        f"/admin/pages/workflow/action/{project.case_study_id}/reject/{state.pk}/", {"comment": "Дәлел қосыңыз"}
    )
    assert selectors.review_state(project=project).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert Notification.objects.filter(recipient=teacher, kind="project.changes_requested").exists()
    assert selectors.list_comments(project=project).filter(body="Дәлел қосыңыз", is_review=True).exists()
    assert mail.outbox == []


def test_submitting_sends_wagtail_no_email(project, teacher, facilitator, admin_user):
    _submit(project, teacher)
    assert mail.outbox == []  # the group's facilitator is told by the project's own notification
    assert Notification.objects.filter(recipient=facilitator, kind="project.submitted").exists()


def test_the_admin_editor_of_a_case_study_in_review_opens_the_sites_review_page(project, teacher, reviewer):
    project = _submit(project, teacher)
    client = Client()
    client.force_login(reviewer)
    response = client.get(f"/admin/pages/{project.case_study_id}/edit/")
    assert response.status_code == 302 and response["Location"].endswith(f"/my/projects/{project.pk}/review/")
