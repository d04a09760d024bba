"""Submission, the facilitator's front-end review, and the public case study that approval creates."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from network.models import Notification
from network.uploads import clean_image_or_pdf
from projects import selectors, services
from projects.models import CaseStudyPage, Stage
from tests.projects.conftest import image_bytes, ready_to_submit


def _submitted(project, teacher):
    ready_to_submit(project, teacher)
    services.submit_project(project=project, user=teacher)
    return selectors.get_project(pk=project.pk)


def test_every_save_is_a_wagtail_revision_by_the_teacher(client, project, teacher):
    before = Revision.page_revisions.filter(object_id=str(project.pk)).count()
    client.force_login(teacher)
    client.post(
        reverse("projects:plan", args=[project.pk]),
        {"plan_what": "Boxes", "plan_with_whom": "Head", "plan_when": "May"},
    )
    revisions = Revision.page_revisions.filter(object_id=str(project.pk)).order_by("-pk")
    assert revisions.count() == before + 1
    assert revisions[0].user == teacher and revisions[0].content["plan_what"] == "Boxes"


def test_submitting_enters_the_facilitator_review_workflow(client, project, teacher, facilitator):
    client.force_login(teacher)
    ready_to_submit(project, teacher)
    response = client.post(
        reverse("projects:submit", args=[project.pk]), {"consent_pupils": "on", "consent_publish": "on"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    state = WorkflowState.objects.get(object_id=str(project.case_study_id))
    assert state.workflow.name == "Facilitator review" and state.status == "in_progress"
    assert not project.case_study.live
    assert Notification.objects.filter(recipient=facilitator, kind="project.submitted").exists()
    assert "waiting for the facilitator" in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_facilitator_approves_and_anyone_reads_the_case_study(client, project, teacher, facilitator, themes):
    services.set_poster_upload(
        project=project,
        user=teacher,
        upload=clean_image_or_pdf(SimpleUploadedFile("p.png", image_bytes("PNG", (300, 420)))),
    )
    project = _submitted(project, teacher)
    client.force_login(facilitator)
    response = client.post(reverse("projects:review", args=[project.pk]), {"decision": "approve", "comment": "Bravo"})
    assert response.status_code == 302
    project.refresh_from_db()
    page = CaseStudyPage.objects.get(pk=project.case_study_id)
    assert page.live and project.stage == Stage.PUBLISHED
    assert page.url == f"/en/case-studies/{page.slug}/"
    assert Notification.objects.filter(recipient=teacher, kind="project.approved").exists()
    client.logout()
    html = client.get(page.url).content.decode()
    assert "A laboratory in a box" in html and themes["practical-work"].name in html  # the policy theme list names it
    assert "Pupils now do experiments every week." in html
    assert 'id="feedback"' in html and "<svg" in html  # QR code inline
    assert "<picture>" in html and 'type="image/avif"' in html and 'loading="lazy"' in html
    assert 'property="og:title"' in html


def test_facilitator_requests_changes_and_the_teacher_sees_the_comments(client, project, teacher, facilitator):
    project = _submitted(project, teacher)
    client.force_login(facilitator)
    client.post(
        reverse("projects:review", args=[project.pk]), {"decision": "changes", "comment": "Add pupil quotes, please."}
    )
    state = WorkflowState.objects.get(object_id=str(project.case_study_id))
    assert state.status == "needs_changes"
    assert Notification.objects.filter(recipient=teacher, kind="project.changes_requested").exists()
    client.force_login(teacher)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Add pupil quotes, please." in html and "asked for changes" in html
    # Resubmitting resumes the same workflow.
    services.submit_project(project=selectors.get_project(pk=project.pk), user=teacher)
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_request_changes_without_a_comment_keeps_the_form(client, project, teacher, facilitator):
    project = _submitted(project, teacher)
    client.force_login(facilitator)
    response = client.post(reverse("projects:review", args=[project.pk]), {"decision": "changes", "comment": ""})
    assert response.status_code == 200 and "Please say what should change." in response.content.decode()
    assert selectors.is_in_review(project=project)


def test_hidden_school_shows_only_the_region(project, teacher, facilitator):
    services.update_writeup(
        project=project, user=teacher, writeup="Text", consent_pupils=True, consent_publish=True, hide_school=True
    )
    services.submit_project(project=project, user=teacher)
    page = services.approve_project(project=selectors.get_project(pk=project.pk), user=facilitator)
    assert page.school_label.startswith("a rural school in")
    assert teacher.school.name not in page.school_label


def test_write_up_is_sanitised(project, teacher):
    services.update_writeup(
        project=project,
        user=teacher,
        writeup='<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:x">l</a>',
        consent_pupils=False,
        consent_publish=False,
        hide_school=False,
    )
    assert "script" not in project.writeup and "onclick" not in project.writeup and "javascript" not in project.writeup


def test_rejected_project_form_keeps_what_was_typed(client, project, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("projects:create"),
        {"title": "", "subject": "science", "language": "kk", "concern": "Мектепте зертхана жоқ"},
    )
    assert response.status_code == 200 and "Мектепте зертхана жоқ" in response.content.decode()


def test_teacher_and_facilitator_exchange_comments_review_comments_stay_private(
    client, project, teacher, facilitator, teacher2
):
    client.force_login(facilitator)
    client.post(reverse("projects:comment", args=[project.pk]), {"body": "How did pupils react?"})
    assert Notification.objects.filter(recipient=teacher, kind="project.comment").exists()
    services.add_comment(project=project, user=facilitator, body="Remove the pupil's surname.", is_review=True)
    client.force_login(teacher2)  # a group colleague reads and joins the discussion (issue 17), not the review
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "How did pupils react?" in html and "surname" not in html
    client.force_login(teacher)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "How did pupils react?" in html and "surname" in html


def test_only_consented_evidence_is_published_with_its_photo(client, project, teacher, facilitator):
    from network.uploads import clean_image

    photo = clean_image(SimpleUploadedFile("class.jpg", image_bytes()), stem="evidence")
    services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils with magnets", consent=True, upload=photo
    )
    services.add_evidence(
        project=project, user=teacher, kind="quote", description="Named pupil says hi", consent=False, upload=None
    )
    project = _submitted(project, teacher)
    page = services.approve_project(project=project, user=facilitator)
    html = client.get(page.url).content.decode()
    assert "Pupils with magnets" in html and "Named pupil says hi" not in html
    evidence_html = html.split('class="evidence card"')[1]
    assert "<picture>" in evidence_html.split("</figure>")[0]


def test_translation_form_adds_a_language_and_the_page_lists_it_once_reviewed(client, project, teacher, facilitator):
    page = services.approve_project(project=_submitted(project, teacher), user=facilitator)
    client.force_login(teacher)
    response = client.post(
        reverse("projects:translate", args=[page.pk]),
        {"language": "ru", "title": "Лаборатория в коробке", "summary": "Кратко", "body": "Ученики ставят опыты."},
    )
    assert response.status_code == 302
    translated = page.get_translations().get(locale__language_code="ru").specific
    services.approve_case_study(page=translated, user=facilitator)  # tests/projects/test_translation_review.py
    html = client.get(page.url).content.decode()
    assert 'hreflang="ru"' in html and "Русский" in html
    translated.refresh_from_db()
    assert "Ученики ставят опыты." in client.get(translated.url).content.decode()


def test_poster_panels_hook_renders_inside_the_feedback_section(client, project, teacher):
    from django.utils.html import format_html
    from wagtail import hooks

    def panel(request, page):
        return format_html("<p>Feedback for {}</p>", page.title)

    with hooks.register_temporarily("ortaq_poster_panels", panel):
        client.force_login(teacher)
        html = client.get(reverse("projects:poster", args=[project.pk])).content.decode()
    # Other apps' panels (the forums' feedback panel) are sections too: find the feedback section's own end.
    rest = html.split('<section id="feedback" class="poster-panels">', 1)[1]
    depth, end = 1, 0
    for tag in re.finditer(r"<(/?)section\b", rest):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = tag.start()
            break
    assert "<p>Feedback for A laboratory in a box</p>" in rest[:end]


def test_template_poster_prints_on_a3(client, project, teacher):
    client.force_login(teacher)
    client.post(
        reverse("projects:poster", args=[project.pk]),
        {
            "kind": "template",
            "poster_concern": "No lab",
            "poster_did": "Boxes",
            "poster_changed": "Curiosity",
            "poster_evidence": "",
            "poster_next": "",
        },
    )
    html = client.get(reverse("projects:poster_print", args=[project.pk])).content.decode()
    assert "No lab" in html and "Curiosity" in html and "<svg" in html
    css = open("projects/static/projects/css/projects.css").read()
    assert "size:A3" in css


def test_wagtail_admin_sends_project_edits_to_the_front_end(client, project, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{project.pk}/edit/")
    assert response.status_code == 302 and response["Location"].endswith(f"/my/projects/{project.pk}/")
