"""The portfolio zip: texts, evidence, poster, peer feedback received, the facilitator's comments, the public link
and certificates, in folders whose names keep Cyrillic (issue 17, item 10)."""

import datetime as dt
import io
import zipfile

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from forums.models import Feedback
from network.models import Certificate, EventIndexPage, EventPage
from projects import services
from tests.projects.conftest import ready_to_submit


def _zip(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("projects:portfolio"))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _project_page(archive) -> str:
    return archive.read(next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/index.html"))).decode()


def test_portfolio_folders_keep_cyrillic_titles(client, project, teacher):
    services.update_project(project=project, user=teacher, title="Зертхана қорапта")
    names = _zip(client, teacher).namelist()
    assert any(name.startswith(f"{project.pk}-зертхана-қорапта/") for name in names), names


def test_portfolio_holds_peer_feedback_facilitator_comments_link_and_certificates(
    client, project, teacher, teacher2, facilitator, site_pages
):
    Feedback.objects.create(page=project, author=teacher2, works_well="The kit list is clear.")
    services.add_comment(project=project, user=facilitator, body="Add quotes from pupils.")
    ready_to_submit(project, teacher)
    services.submit_project(project=project, user=teacher)
    project.refresh_from_db()
    services.approve_project(project=project, user=facilitator, comment="Well done.")
    locale = Locale.objects.get(language_code="en")
    index = site_pages["en"].add_child(instance=EventIndexPage(title="Events", slug="events", locale=locale))
    start = timezone.now() - dt.timedelta(days=3)
    event = index.add_child(
        instance=EventPage(
            title="Spring meeting",
            slug="spring",
            locale=locale,
            start=start,
            end=start + dt.timedelta(hours=5),
            time_zone="Asia/Almaty",
            town="Shelek",
            cpd_hours=5,
        )
    )
    Certificate.objects.create(event=EventPage.objects.get(pk=event.pk), holder=teacher, kind="participation", hours=5)

    archive = _zip(client, teacher)
    html = _project_page(archive)
    assert "The kit list is clear." in html and str(teacher2) in html
    assert "Add quotes from pupils." in html and "Well done." in html
    project.refresh_from_db()
    assert f"{settings.ORTAQ_PUBLIC_URL}{project.case_study.url}" in html
    index_html = archive.read("index.html").decode()
    assert "Spring meeting" in index_html and "/certificates/" in index_html
