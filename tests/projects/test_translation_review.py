"""Translations of a case study (issue 17 item 6, issue 16's "translations go live with any content and no
review"): the form starts from the source text, a translation is public only once the group's facilitator has
approved it, and a published translation can be corrected (the correction is reviewed too)."""

import re

from django.test import Client
from django.urls import reverse

from network.models import Notification
from projects import selectors, services
from projects.models import CaseStudyPage
from tests.projects.conftest import ready_to_submit

SPAM = '<a href="https://spam.example/">cheap pills</a>'


def _published(project, teacher, facilitator) -> CaseStudyPage:
    ready_to_submit(project, teacher)
    services.submit_project(project=selectors.get_project(pk=project.pk), user=teacher)
    return services.approve_project(project=selectors.get_project(pk=project.pk), user=facilitator)


def _translate(client, page, body, title="Лаборатория в коробке"):
    return client.post(
        reverse("projects:translate", args=[page.pk]),
        {"language": "ru", "title": title, "summary": "Кратко", "body": body},
    )


def _ru(page):
    return page.get_translations().filter(locale__language_code="ru").specific().first()


def _approve_on_the_review_page(client, translated):
    url = reverse("projects:translation_review", args=[translated.pk])
    revision = re.search(r'name="revision" value="(\d+)"', client.get(url).content.decode()).group(1)
    return client.post(url, {"decision": "approve", "comment": "", "revision": revision})


def test_the_translation_form_starts_from_the_source_text(client, project, teacher, facilitator):
    page = _published(project, teacher, facilitator)
    client.force_login(teacher)
    html = client.get(reverse("projects:translate", args=[page.pk])).content.decode()
    textarea = html.split('name="body"', 1)[1].split("</textarea>", 1)[0]
    assert "Pupils now do experiments every week." in textarea
    assert 'value="A laboratory in a box"' in html


def test_a_translation_is_public_only_after_the_facilitator_approves_it(client, project, teacher, facilitator):
    page = _published(project, teacher, facilitator)
    client.force_login(teacher)
    assert _translate(client, page, f"Ученики ставят опыты. {SPAM}").status_code == 302
    translated = _ru(page)
    assert translated is not None and not translated.live
    anonymous = Client()
    assert 'hreflang="ru"' not in anonymous.get(page.url).content.decode()
    told = Notification.objects.get(recipient=facilitator, kind="project.submitted", url__contains="case-studies")
    assert told.url.endswith(reverse("projects:translation_review", args=[translated.pk]).split("/", 2)[2])
    client.force_login(facilitator)
    review = client.get(reverse("projects:translation_review", args=[translated.pk])).content.decode()
    assert "Ученики ставят опыты." in review and "spam.example" in review  # she sees what would be published
    _approve_on_the_review_page(client, translated)
    translated = CaseStudyPage.objects.get(pk=translated.pk)
    assert translated.live
    assert "Ученики ставят опыты." in anonymous.get(translated.url).content.decode()
    assert 'hreflang="ru"' in anonymous.get(page.url).content.decode()
    assert Notification.objects.filter(recipient=teacher, kind="project.approved").count() == 2


def test_a_published_translation_is_corrected_through_review(client, project, teacher, facilitator):
    page = _published(project, teacher, facilitator)
    client.force_login(teacher)
    _translate(client, page, "Первая версия.")
    client.force_login(facilitator)
    _approve_on_the_review_page(client, _ru(page))
    client.force_login(teacher)
    form = client.get(reverse("projects:translate", args=[page.pk]) + "?language=ru").content.decode()
    assert "Первая версия." in form.split('name="body"', 1)[1].split("</textarea>", 1)[0]  # starts from itself
    _translate(client, page, "Исправленная версия.")
    translated = CaseStudyPage.objects.get(pk=_ru(page).pk)
    public = Client().get(translated.url).content.decode()
    assert "Первая версия." in public and "Исправленная версия." not in public  # live until approved
    client.force_login(facilitator)
    _approve_on_the_review_page(client, translated)
    public = Client().get(CaseStudyPage.objects.get(pk=translated.pk).url).content.decode()
    assert "Исправленная версия." in public and "Первая версия." not in public


def test_another_groups_facilitator_cannot_review_a_translation(
    client, project, teacher, facilitator, other_facilitator
):
    page = _published(project, teacher, facilitator)
    client.force_login(teacher)
    _translate(client, page, "Ученики ставят опыты.")
    client.force_login(other_facilitator)
    assert client.get(reverse("projects:translation_review", args=[_ru(page).pk])).status_code == 403
    assert selectors.list_translation_review_queue(user=other_facilitator) == []
    assert selectors.list_translation_review_queue(user=facilitator) == [_ru(page)]
