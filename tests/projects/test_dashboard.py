"""My projects, the facilitator's group view, portfolio export, creating a project from the front end."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.uploads import clean_image
from projects import services
from projects.models import ProjectPage
from tests.projects.conftest import image_bytes


def test_dashboard_shows_stage_progress_and_what_to_do_next(client, project, teacher):
    client.force_login(teacher)
    html = client.get(reverse("projects:dashboard")).content.decode()
    assert "A laboratory in a box" in html
    assert html.count('<li class="done"') == 1  # concern is the first of eight stages
    assert "What to do next" in html and reverse("projects:edit", args=[project.pk]) in html


def test_co_leader_sees_the_project_on_their_dashboard(client, project, co_leader):
    client.force_login(co_leader)
    assert "A laboratory in a box" in client.get(reverse("projects:dashboard")).content.decode()


def test_dashboard_queries_do_not_grow_with_projects(
    client, site_pages, teacher, group, themes, django_assert_max_num_queries
):
    def make(n):
        services.create_project(
            user=teacher,
            title=f"Project {n}",
            subject="science",
            language="kk",
            group=group,
            themes=list(themes.values()),
        )

    make(0)
    client.force_login(teacher)
    client.get(reverse("projects:dashboard"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("projects:dashboard"))
    baseline = len(one)  # read now: the query log is a bounded deque
    for n in range(1, 30):
        make(n)
    with django_assert_max_num_queries(baseline) as many:
        html = client.get(reverse("projects:dashboard")).content.decode()
    many_count = len(many)
    assert html.count('class="card project"') == 30
    print(f"dashboard queries: 1 project={baseline}, 30 projects={many_count}")


def test_teacher_creates_a_project_through_the_form(client, site_pages, teacher, group, themes):
    client.force_login(teacher)
    response = client.post(
        reverse("projects:create"),
        {
            "title": "Оқу бұрышы",
            "subject": "kazakh",
            "language": "kk",
            "group": group.pk,
            "themes": [themes["reading"].pk],
            "values": "Кітап",
            "concern": "Балалар аз оқиды",
        },
    )
    project = ProjectPage.objects.get(title="Оқу бұрышы")
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert project.lead == teacher and project.group == group and not project.live
    assert list(project.themes.all()) == [themes["reading"]]


def test_stage_moves_forward_and_shows_in_the_progress_bar(client, project, teacher):
    client.force_login(teacher)
    client.post(reverse("projects:stage", args=[project.pk]), {"stage": "action"})
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert html.count('<li class="done"') == 4


def test_journal_and_consultation_appear_on_the_project(client, project, teacher):
    client.force_login(teacher)
    client.post(
        reverse("projects:journal", args=[project.pk]), {"date": "2026-02-03", "text": "First experiment with vinegar"}
    )
    client.post(
        reverse("projects:consultations", args=[project.pk]),
        {"role": "head", "who": "Head teacher", "said": "Use the old storeroom", "date": "2026-01-20"},
    )
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "First experiment with vinegar" in html and "Use the old storeroom" in html


def test_facilitator_sees_every_members_project_and_idle_ones(client, project, facilitator, teacher2, site_pages):
    ProjectPage.objects.filter(pk=project.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=45))
    services.create_project(user=teacher2, title="Fresh project", subject="english", language="en", group=project.group)
    client.force_login(facilitator)
    html = client.get(reverse("projects:group_projects", args=[project.group.slug])).content.decode()
    assert "A laboratory in a box" in html and "Fresh project" in html
    assert html.count("idle for over 30 days") == 1


def test_other_facilitator_cannot_see_the_group_view(client, project, other_facilitator):
    client.force_login(other_facilitator)
    assert client.get(reverse("projects:group_projects", args=[project.group.slug])).status_code == 403


def test_portfolio_zip_holds_readable_pages_and_media(client, project, teacher):
    upload = clean_image(SimpleUploadedFile("class.jpg", image_bytes()), stem="evidence")
    services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils at work", consent=True, upload=upload
    )
    client.force_login(teacher)
    response = client.get(reverse("projects:portfolio"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "index.html" in names
    page = next(n for n in names if n.endswith("/index.html"))
    html = archive.read(page).decode()
    assert "A laboratory in a box" in html and "Pupils at work" in html
    assert any(n.endswith(".jpg") for n in names)
