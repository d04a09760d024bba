"""Poster QR codes: an SVG that scales with its box, a short link printed under it, and a feedback page that the
people who may see the poster can open and use (issue 17, item 1)."""

import re

import pytest
from django.urls import reverse

from forums.models import Feedback
from projects import services
from tests.factories import UserFactory
from tests.projects.conftest import ready_to_submit

FEEDBACK = {"works_well": "The box laboratory is clever.", "what_next": "Share the kit list."}


def _qr(html: str) -> str:
    match = re.search(r'<div class="qr">(.*?)</div>', html, re.S)
    assert match, "no QR block on the page"
    return match.group(1)


def test_poster_qr_is_an_svg_that_scales_with_its_box(client, project, teacher):
    client.force_login(teacher)
    qr = _qr(client.get(reverse("projects:poster", args=[project.pk])).content.decode())
    svg = re.search(r"<svg[^>]*>", qr).group(0)
    assert "viewBox=" in svg
    assert "width=" not in svg and "height=" not in svg  # a fixed size would crop it in a narrow box


def test_short_link_is_printed_under_the_qr(client, project, teacher, settings):
    settings.ORTAQ_PUBLIC_URL = "https://ortaq.example.kz"  # the one public address (network.links), not the Host
    client.force_login(teacher)
    qr = _qr(client.get(reverse("projects:poster", args=[project.pk])).content.decode())
    assert f"ortaq.example.kz/p/{project.pk}" in qr


def test_short_link_opens_the_poster_feedback_page_in_the_visitors_language(client, project, teacher2):
    client.force_login(teacher2)
    response = client.get(f"/p/{project.pk}", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == f"/ru/forums/feedback/{project.pk}/"


def test_group_colleague_gives_feedback_on_a_poster_before_publication(client, project, teacher, teacher2):
    client.force_login(teacher2)
    url = reverse("forums:feedback", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="works_well"' in page.content
    client.post(url, FEEDBACK)
    assert Feedback.objects.filter(page=project, author=teacher2).exists()
    assert teacher.notifications.filter(kind="forum.feedback").exists()


def test_co_leader_and_facilitator_give_feedback_before_publication(client, project, co_leader, facilitator):
    for user in (co_leader, facilitator):
        client.force_login(user)
        page = client.get(reverse("forums:feedback", args=[project.pk]))
        assert b'name="works_well"' in page.content, user


def test_lead_reads_feedback_on_her_own_poster_but_gives_none(client, project, teacher):
    client.force_login(teacher)
    page = client.get(reverse("forums:feedback", args=[project.pk]))
    assert page.status_code == 200 and b'name="works_well"' not in page.content


def test_anonymous_visitor_is_asked_to_sign_in_before_publication(client, project):
    response = client.get(f"/p/{project.pk}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_teacher_of_another_group_cannot_open_feedback_before_publication(client, project, outsider):
    client.force_login(outsider)
    assert client.get(reverse("forums:feedback", args=[project.pk])).status_code == 404


@pytest.fixture
def published(project, teacher, facilitator):
    ready_to_submit(project, teacher)
    services.submit_project(project=project, user=teacher)
    project.refresh_from_db()
    services.approve_project(project=project, user=facilitator)
    project.refresh_from_db()
    return project


def test_after_publication_anyone_reads_and_any_member_gives_feedback(client, published):
    url = reverse("forums:feedback", args=[published.pk])
    assert client.get(url).status_code == 200
    assert client.get(f"/p/{published.pk}")["Location"] == f"/kk/forums/feedback/{published.pk}/"
    stranger = UserFactory()
    client.force_login(stranger)
    client.post(url, FEEDBACK)
    assert Feedback.objects.filter(page=published, author=stranger).exists()


def test_case_study_qr_carries_the_posters_short_link(client, published):
    case_study = published.case_study
    qr = _qr(client.get(case_study.url).content.decode())
    assert "viewBox=" in qr and f"/p/{published.pk}" in qr
