"""The permission matrix, checked through the real views: who sees, edits, submits, approves, opens private files."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects import selectors, services
from tests.projects.conftest import image_bytes, ready_to_submit

ROLES = [
    "anonymous",
    "owner",
    "co_leader",
    "group_teacher",
    "other_teacher",
    "facilitator",
    "other_facilitator",
    "admin",
]


@pytest.fixture
def people(teacher, co_leader, teacher2, outsider, facilitator, other_facilitator, admin_user):
    return {
        "anonymous": None,
        "owner": teacher,
        "co_leader": co_leader,
        "group_teacher": teacher2,
        "other_teacher": outsider,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "admin": admin_user,
    }


def _client(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _expect(row: str) -> list:
    return [pytest.param(role, cell == "Y", id=role) for role, cell in zip(ROLES, row.split(), strict=True)]


@pytest.mark.parametrize(("role", "allowed"), _expect("N Y Y Y N Y N Y"))
def test_who_sees_the_project_page(client, people, project, role, allowed):
    response = _client(client, people, role).get(reverse("projects:detail", args=[project.pk]))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert "A laboratory in a box" in response.content.decode()


@pytest.mark.parametrize(("role", "allowed"), _expect("N Y Y N N N N Y"))
def test_who_edits_the_plan(client, people, project, role, allowed):
    url = reverse("projects:plan", args=[project.pk])
    response = _client(client, people, role).post(url, {"plan_what": "Boxes", "plan_with_whom": "", "plan_when": ""})
    project.refresh_from_db()
    assert (project.plan_what == "Boxes") is allowed
    if allowed:
        assert response.status_code == 302
    elif role != "anonymous":
        assert response.status_code == 403


@pytest.mark.parametrize(("role", "allowed"), _expect("N Y Y N N N N N"))
def test_who_submits_for_review(client, people, project, teacher, role, allowed):
    ready_to_submit(project, teacher)
    url = reverse("projects:submit", args=[project.pk])
    _client(client, people, role).post(url, {"consent_pupils": "on", "consent_publish": "on"})
    project.refresh_from_db()
    assert selectors.is_in_review(project=project) is allowed


@pytest.mark.parametrize(("role", "allowed"), _expect("N N N N N Y N Y"))
def test_who_may_open_the_review_page(client, people, project, teacher, role, allowed):
    services.submit_project(project=ready_to_submit(project, teacher), user=teacher)
    response = _client(client, people, role).get(reverse("projects:review", args=[project.pk]))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)
    assert selectors.can_approve(user=people[role] or _anonymous(), project=project) is allowed


@pytest.mark.parametrize(("role", "allowed"), _expect("N Y Y N N Y N Y"))
def test_who_opens_private_evidence_files(client, people, project, teacher, role, allowed):
    from network.uploads import clean_image

    upload = clean_image(SimpleUploadedFile("pupils.jpg", image_bytes()), stem="evidence")
    evidence = services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils", consent=True, upload=upload
    )
    response = _client(client, people, role).get(
        reverse("projects:file_item", args=[project.pk, "evidence", evidence.pk])
    )
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(("role", "allowed"), _expect("N Y Y Y N Y N Y"))
def test_who_sees_an_unpublished_poster(client, people, project, teacher, role, allowed):
    from network.uploads import clean_image_or_pdf

    services.set_poster_upload(
        project=project, user=teacher, upload=clean_image_or_pdf(SimpleUploadedFile("p.png", image_bytes("PNG")))
    )
    response = _client(client, people, role).get(reverse("projects:file", args=[project.pk, "poster"]))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)


def test_private_files_have_no_public_address(project, teacher, settings):
    from network.uploads import clean_image

    upload = clean_image(SimpleUploadedFile("pupils.jpg", image_bytes()), stem="evidence")
    evidence = services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils", consent=True, upload=upload
    )
    assert evidence.file.path.startswith(str(Path(settings.PRIVATE_MEDIA_ROOT).resolve()) + "/")
    assert not Path(evidence.file.path).is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018


def test_projects_never_appear_in_public_search_or_sitemap(client, project):
    assert not project.live
    assert "A laboratory in a box" not in client.get("/sitemap.xml").content.decode()
    assert "laboratory" not in client.get("/en/search/?q=laboratory").content.decode().split("</form>")[-1]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_teacher_cannot_file_a_project_under_another_group(site_pages, teacher, outsider):
    from django.core.exceptions import PermissionDenied

    foreign_group = outsider.teacher_groups.get()
    with pytest.raises(PermissionDenied):
        services.create_project(user=teacher, title="Sneaky", subject="other", language="kk", group=foreign_group)


def test_project_form_offers_only_own_groups_and_their_members(client, site_pages, teacher, teacher2, outsider):
    client.force_login(teacher)
    html = client.get(reverse("projects:create")).content.decode()
    assert teacher2.display_name in html and outsider.display_name not in html
    assert outsider.teacher_groups.get().name not in html


def test_anonymous_sees_no_private_poster_after_publication_either(client, project, teacher, facilitator):
    from network.uploads import clean_image_or_pdf

    services.set_poster_upload(
        project=project, user=teacher, upload=clean_image_or_pdf(SimpleUploadedFile("p.png", image_bytes("PNG")))
    )
    services.submit_project(project=ready_to_submit(project, teacher), user=teacher)
    page = services.approve_project(project=selectors.get_project(pk=project.pk), user=facilitator)
    assert page.poster_image is not None  # the public copy, for renditions
    response = client.get(reverse("projects:file", args=[project.pk, "poster"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
