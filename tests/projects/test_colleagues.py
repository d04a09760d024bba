"""Colleagues take part: named consultation requests that are notified, answered in the platform and become
part of the consultation record; co-leaders told when added; group colleagues comment (issue 17, item 2)."""

from django.urls import reverse

from projects import colleagues, services
from projects.models import Consultation, ConsultationRequest
from tests.factories import MembershipFactory, UserFactory


def test_teacher_asks_named_colleagues_and_they_are_notified(client, project, teacher, teacher2):
    client.force_login(teacher)
    page = client.get(reverse("projects:consultations", args=[project.pk])).content.decode()
    assert f'value="{teacher2.pk}"' in page  # a group colleague can be chosen by name
    response = client.post(
        reverse("projects:consultation_request", args=[project.pk]),
        {"colleagues": [teacher2.pk], "question": "Would boxes work in grade 5?"},
    )
    assert response.status_code == 302
    asked = ConsultationRequest.objects.get(project=project, colleague=teacher2)
    notification = teacher2.notifications.get(kind="project.consultation")
    assert notification.url == reverse("projects:consultation_answer", args=[asked.pk])


def test_colleagues_answer_becomes_part_of_the_consultation_record(client, project, teacher, teacher2):
    [asked] = colleagues.request_consultation(
        project=project, user=teacher, colleagues=[teacher2], question="Would boxes work in grade 5?"
    )
    client.force_login(teacher2)
    url = reverse("projects:consultation_answer", args=[asked.pk])
    page = client.get(url).content.decode()
    assert "Would boxes work in grade 5?" in page
    client.post(url, {"answer": "Yes, with small groups."})
    record = Consultation.objects.get(project=project)
    assert record.said == "Yes, with small groups." and record.who == str(teacher2)
    assert teacher.notifications.filter(kind="project.consultation_answered").exists()
    client.force_login(teacher)
    assert "Yes, with small groups." in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_only_the_asked_colleague_answers(client, project, teacher, teacher2, outsider):
    [asked] = colleagues.request_consultation(project=project, user=teacher, colleagues=[teacher2], question="Q?")
    client.force_login(outsider)
    assert client.get(reverse("projects:consultation_answer", args=[asked.pk])).status_code == 404


def test_co_leader_is_notified_when_added(project, teacher, group):
    newcomer = UserFactory(display_name="Dana Newcomer")
    MembershipFactory(group=group, user=newcomer)
    services.update_project(project=project, user=teacher, co_leaders=[*project.co_leaders.all(), newcomer])
    assert newcomer.notifications.filter(kind="project.co_leader").exists()


def test_group_colleague_comments_on_a_project_she_may_view(client, project, teacher, teacher2):
    client.force_login(teacher2)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'action="{reverse("projects:comment", args=[project.pk])}"' in html
    client.post(reverse("projects:comment", args=[project.pk]), {"body": "I tried this too!"})
    assert project.comments.filter(author=teacher2, body="I tried this too!").exists()
    assert teacher.notifications.filter(kind="project.comment").exists()
