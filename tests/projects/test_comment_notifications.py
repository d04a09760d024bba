"""Twenty comments are one waiting notification for each reader, not twenty."""

from network.models import Notification


def test_project_comments_collapse_into_one_waiting_notification(project, teacher, facilitator):
    from projects import services as project_services

    for number in range(20):
        project_services.add_comment(project=project, user=teacher, body=f"Comment {number}")
    assert Notification.objects.filter(recipient=facilitator, kind="project.comment").count() == 1
