"""The facilitator's dashboard across her groups: members, projects by stage (in review too), idle ones with a
one-click nudge, proposed schools, upcoming events, feedback; filterable (issue 17, item 12)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from forums.models import Feedback
from projects import services
from projects.models import ProjectPage
from tests.factories import MembershipFactory, SchoolFactory, TeacherGroupFactory, UserFactory
from tests.projects.conftest import ready_to_submit


def test_dashboard_shows_every_group_members_projects_in_review_and_idle(
    client, project, teacher, teacher2, facilitator
):
    second = TeacherGroupFactory(facilitator=facilitator, name="Mangystau teachers")
    member = UserFactory(display_name="Bolat Second")
    MembershipFactory(group=second, user=member)
    other = services.create_project(user=member, title="Reading club", subject="kazakh", language="kk", group=second)
    ProjectPage.objects.filter(pk=other.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=45))
    ready_to_submit(project, teacher)
    services.submit_project(project=project, user=teacher)
    Feedback.objects.create(page=project, author=teacher2, works_well="Good")
    SchoolFactory(name="Proposed aul school", is_confirmed=False)
    client.force_login(facilitator)
    html = client.get(reverse("projects:facilitator")).content.decode()
    for text in (
        "Almaty rural teachers",
        "Mangystau teachers",
        "Bolat Second",
        "A laboratory in a box",
        "Reading club",
        "In review",
        "Proposed aul school",
    ):
        assert text in html, text
    assert 'class="card idle"' in html and reverse("projects:nudge", args=[other.pk]) in html


def test_dashboard_filters_by_group_and_stage(client, project, facilitator):
    second = TeacherGroupFactory(facilitator=facilitator, name="Mangystau teachers")
    member = UserFactory()
    MembershipFactory(group=second, user=member)
    services.create_project(user=member, title="Reading club", subject="kazakh", language="kk", group=second)
    client.force_login(facilitator)
    html = client.get(reverse("projects:facilitator"), {"group": second.pk}).content.decode()
    assert "Reading club" in html and "A laboratory in a box" not in html
    html = client.get(reverse("projects:facilitator"), {"stage": "in_review"}).content.decode()
    assert "Reading club" not in html and "A laboratory in a box" not in html


def test_one_click_nudge_notifies_the_lead(client, project, teacher, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("projects:nudge", args=[project.pk]))
    assert response.status_code == 302
    assert teacher.notifications.filter(kind="project.nudge").exists()


def test_teachers_and_other_facilitators_get_no_dashboard_or_nudge(client, project, teacher, other_facilitator):
    client.force_login(teacher)
    assert client.get(reverse("projects:facilitator")).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(reverse("projects:nudge", args=[project.pk])).status_code == 403


def test_dashboard_shows_the_feedback_each_member_gave(client, project, teacher, teacher2, facilitator):
    """Feedback given counts too: a facilitator sees who takes part in colleagues' projects, not only who gets."""
    another = services.create_project(user=teacher, title="Reading corners", subject="kazakh", language="en")
    Feedback.objects.create(page=project, author=teacher2, works_well="Good")
    Feedback.objects.create(page=another, author=teacher2, what_next="Try it with grade 5")  # one per poster
    client.force_login(facilitator)
    html = client.get(reverse("projects:facilitator")).content.decode()
    assert "peer feedback given: 2" in html
    member_line = next(line for line in html.splitlines() if str(teacher2.display_name) in line and "<li>" in line)
    assert "gave 2 peer feedback" in member_line
