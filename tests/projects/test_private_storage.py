"""Private project files live outside the public media root; /media/ never serves them, however the path is spelled."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from projects import services
from projects.storage import private_storage
from tests.projects.conftest import image_bytes

TRAVERSALS = [
    "/media/private/{name}",
    "/media//private/{name}",
    "/media///private/{name}",
    "/media/./private/{name}",
    "/media/x/../private/{name}",
    "/media/x/./../private/{name}",
    "/media/%2e/private/{name}",
    "/media/x/%2e%2e/private/{name}",
    "/media/%2fprivate/{name}",
    "/media/x%2f..%2fprivate/{name}",
    "/media/private%2f{name}",
]


@pytest.fixture
def legacy_file(settings):
    """A file where older versions kept private files: MEDIA_ROOT/private/…"""
    name = "projects/0123abcd/evidence.jpg"
    path = Path(settings.MEDIA_ROOT) / "private" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(image_bytes())
    yield name
    path.unlink(missing_ok=True)


@pytest.mark.parametrize("pattern", TRAVERSALS)
def test_media_refuses_every_spelling_of_a_private_path(client, db, legacy_file, pattern):
    response = client.get(pattern.format(name=legacy_file))
    assert response.status_code == 404


def test_media_still_serves_public_uploads(client, db, settings):
    path = Path(settings.MEDIA_ROOT) / "forums" / "public.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("hello")
    assert client.get("/media/forums/public.txt").status_code == 200
    assert client.get("/media/x/../forums/public.txt").status_code == 200


def test_new_private_files_are_outside_media_and_only_reach_their_readers(client, project, teacher, settings):
    from network.uploads import clean_image

    upload = clean_image(SimpleUploadedFile("pupils.jpg", image_bytes()), stem="evidence")
    evidence = services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils", consent=True, upload=upload
    )
    assert not (Path(settings.MEDIA_ROOT) / "private" / evidence.file.name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / evidence.file.name).exists()
    assert client.get(f"/media/private/{evidence.file.name}").status_code == 404
    assert client.get(f"/media/../{Path(settings.PRIVATE_MEDIA_ROOT).name}/{evidence.file.name}").status_code == 404
    client.force_login(teacher)
    response = client.get(reverse("projects:file_item", args=[project.pk, "evidence", evidence.pk]))
    assert response.status_code == 200


def test_moving_old_private_files_is_safe_to_run_twice(db, legacy_file, settings, capsys):
    call_command("move_private_files")
    assert "1 moved" in capsys.readouterr().out
    assert not (Path(settings.MEDIA_ROOT) / "private").exists()
    assert private_storage().open(legacy_file).read() == image_bytes()
    call_command("move_private_files")
    assert "0 moved" in capsys.readouterr().out
    assert private_storage().exists(legacy_file)
    private_storage().delete(legacy_file)
