"""Twenty comments are one waiting notification for each reader, not twenty; a flood of them is refused."""

from django.urls import reverse

from network.models import Notification
from projects.models import ConsultationRequest


def test_project_comments_collapse_into_one_waiting_notification(project, teacher, facilitator, ratelimit_clock):
    from projects import services as project_services

    for number in range(20):
        ratelimit_clock["now"] += 20  # three a minute: under the limit
        project_services.add_comment(project=project, user=teacher, body=f"Comment {number}")
    assert Notification.objects.filter(recipient=facilitator, kind="project.comment").count() == 1
    assert Notification.objects.filter(recipient=teacher, kind="project.comment").count() == 0


def test_a_flood_of_comments_is_refused_and_the_text_kept(client, project, teacher, teacher2, settings):
    settings.PROJECTS_COMMENTS_PER_MINUTE = 3
    client.force_login(teacher2)
    url = reverse("projects:comment", args=[project.pk])
    for number in range(3):
        assert client.post(url, {"body": f"Comment {number}"}).status_code == 302
    response = client.post(url, {"body": "One too many, kept"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a minute" in html and "One too many, kept" in html
    assert project.comments.count() == 3


def test_a_flood_of_questions_to_colleagues_is_refused(client, project, teacher, teacher2, settings):
    settings.PROJECTS_QUESTIONS_PER_MINUTE = 2
    client.force_login(teacher)
    url = reverse("projects:consultation_request", args=[project.pk])
    for _number in range(2):
        assert client.post(url, {"colleagues": [teacher2.pk], "question": "Jars?"}).status_code == 302
    response = client.post(url, {"colleagues": [teacher2.pk], "question": "Seeds, kept?"})
    assert response.status_code == 429 and "Seeds, kept?" in response.content.decode()
    assert ConsultationRequest.objects.count() == 2
    assert teacher2.notifications.filter(kind="project.consultation").count() == 2
