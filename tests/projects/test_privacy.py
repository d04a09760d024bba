"""The school a lead hid stays hidden on all her pages; a draft's title is not readable by guessing its id."""

import pytest
from django.test import Client
from django.urls import reverse

from projects import selectors, services
from projects.models import CaseStudyIndexPage
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db


def test_hiding_the_school_on_a_write_up_hides_it_on_her_other_pages(project, teacher):
    services.update_writeup(
        project=project, user=teacher, writeup="Text", consent_pupils=True, consent_publish=True, hide_school=True
    )
    teacher.refresh_from_db()
    assert teacher.hide_school  # forum posts, certificates and labels ask network.selectors.public_school_label


def test_a_member_who_hides_her_school_is_not_named_on_her_projects_labels(project, teacher):
    teacher.hide_school = True
    teacher.save()
    project = selectors.get_project(pk=project.pk)
    label = selectors.school_label(project=project, language="en")
    assert label.startswith("a rural school in") and teacher.school.name not in label


@pytest.fixture
def draft_case_study(project):
    index = CaseStudyIndexPage.objects.filter(locale__language_code="en").first()
    return make_case_study(index=index, title="Secret draft about jars", live=False, project=project)


def test_a_draft_case_studys_feedback_page_is_a_404_for_outsiders(draft_case_study, outsider, other_facilitator):
    url = reverse("forums:feedback", args=[draft_case_study.pk])
    for member in (outsider, other_facilitator):
        client = Client()
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 404 and "Secret draft" not in response.content.decode()


def test_the_projects_people_still_read_a_drafts_feedback_page(draft_case_study, teacher, facilitator):
    url = reverse("forums:feedback", args=[draft_case_study.pk])
    for member in (teacher, facilitator):
        client = Client()
        client.force_login(member)
        assert client.get(url).status_code == 200


def test_any_other_draft_page_is_a_404_for_members(site_pages, teacher, admin_user):
    draft = site_pages["en"].add_child(instance=type(site_pages["en"])(title="Unannounced page", slug="x", live=False))
    url = reverse("forums:feedback", args=[draft.pk])
    client = Client()
    client.force_login(teacher)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
