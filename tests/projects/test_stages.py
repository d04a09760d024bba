"""Stages guide the teacher: each page its own prompt and what is missing, a one-click move on, "Next step"
always forward; "Submit for review" always findable, disabled with the reason (issue 17, items 3 and 7)."""

import re

from django.urls import reverse

from projects import services
from projects.models import STAGE_PROMPTS, Stage
from tests.projects.conftest import ready_to_submit


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_each_stage_page_shows_its_own_prompt(client, project, teacher):
    client.force_login(teacher)
    html = _text(client.get(reverse("projects:plan", args=[project.pk])))
    assert str(STAGE_PROMPTS[Stage.PLAN]) in html
    assert str(STAGE_PROMPTS[Stage.CONCERN]) not in html


def test_stage_page_lists_what_is_still_missing(client, project, teacher):
    client.force_login(teacher)
    html = _text(client.get(reverse("projects:plan", args=[project.pk])))
    assert 'class="missing"' in html and "What I will try" in html


def test_saving_a_complete_stage_offers_the_move_and_one_click_performs_it(client, project, teacher):
    client.force_login(teacher)
    project.stage = Stage.PLAN
    project.save()
    response = client.post(
        reverse("projects:plan", args=[project.pk]),
        {"plan_what": "Boxes", "plan_with_whom": "The head", "plan_when": "May"},
        follow=True,
    )
    html = _text(response)
    assert 'name="stage" value="consultation"' in html  # the offer: one button
    moved = client.post(reverse("projects:stage", args=[project.pk]), {"stage": "consultation", "then": "section"})
    project.refresh_from_db()
    assert project.stage == Stage.CONSULTATION
    assert moved["Location"] == reverse("projects:consultations", args=[project.pk])


def test_next_step_always_goes_forward(client, project, teacher):
    client.force_login(teacher)
    services.update_project(project=project, user=teacher, plan_what="Boxes", plan_when="May")
    html = _text(client.get(reverse("projects:detail", args=[project.pk])))
    # concern is complete: the next step moves on to the plan, never back to the concern page
    assert 'name="stage" value="plan"' in html
    assert f'href="{reverse("projects:edit", args=[project.pk])}" class="button next-step"' not in html


def test_submit_is_shown_disabled_with_the_reason_when_consent_is_missing(client, project, teacher):
    client.force_login(teacher)
    services.update_writeup(
        project=project, user=teacher, writeup="Text", consent_pupils=True, consent_publish=False, hide_school=False
    )
    html = _text(client.get(reverse("projects:detail", args=[project.pk])))
    button = re.search(r'<button[^>]*class="submit-review"[^>]*>', html)
    assert button and "disabled" in button.group(0)
    assert "Tick consent to publish" in html


def test_submit_form_button_says_submit_for_review(client, project, teacher):
    client.force_login(teacher)
    ready_to_submit(project, teacher)
    html = _text(client.get(reverse("projects:submit", args=[project.pk])))
    assert "<button>Submit for review</button>" in html
    detail = _text(client.get(reverse("projects:detail", args=[project.pk])))
    assert f'href="{reverse("projects:submit", args=[project.pk])}"' in detail
