"""Resumable uploads: pieces survive a dropped connection, and the whole file still goes through network.uploads."""

import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from projects.models import ChunkedUpload, Evidence
from tests.projects.conftest import image_bytes


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher)
    return client


def _start(client, project, size):
    return client.post(
        reverse("projects:upload_start", args=[project.pk]), json.dumps({"size": size}), content_type="application/json"
    )


def _patch(client, url, offset, data):
    return client.generic("PATCH", f"{url}?offset={offset}", data, content_type="application/octet-stream")


def test_an_interrupted_upload_resumes_and_becomes_clean_evidence(signed_in, project):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}
    data = image_bytes("JPEG", size=(300, 200), exif=exif)
    started = _start(signed_in, project, len(data)).json()
    first = _patch(signed_in, started["url"], 0, data[:1000]).json()
    assert first["offset"] == 1000
    # The connection dropped; the client sends the same piece again, then asks where to go on.
    assert _patch(signed_in, started["url"], 0, data[:1000]).json()["offset"] == 1000
    assert signed_in.get(started["url"]).json() == {"offset": 1000, "size": len(data)}
    assert _patch(signed_in, started["url"], 1000, data[1000:]).json()["offset"] == len(data)
    response = signed_in.post(
        reverse("projects:evidence", args=[project.pk]),
        {"kind": "photo", "description": "Uploaded in pieces", "consent": "on", "upload_id": started["id"]},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        assert not Image.open(io.BytesIO(handle.read())).getexif().get_ifd(0x8825)
    assert not ChunkedUpload.objects.exists()


def test_a_fake_image_sent_in_pieces_is_still_refused(signed_in, project):
    data = b"not an image at all " * 100
    started = _start(signed_in, project, len(data)).json()
    _patch(signed_in, started["url"], 0, data)
    response = signed_in.post(
        reverse("projects:evidence", args=[project.pk]),
        {"kind": "photo", "description": "Fake", "upload_id": started["id"]},
    )
    assert response.status_code == 200 and "not a readable image" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_any_piece(signed_in, project, settings):
    settings.ORTAQ_UPLOAD_MAX_BYTES = 1000
    assert _start(signed_in, project, 5000).status_code == 413


def test_pieces_cannot_grow_past_the_announced_size(signed_in, project):
    started = _start(signed_in, project, 10).json()
    assert _patch(signed_in, started["url"], 0, b"x" * 20).status_code == 413


def test_nobody_else_can_add_to_or_read_an_upload(client, signed_in, project, teacher2, outsider):
    started = _start(signed_in, project, 10).json()
    client.force_login(teacher2)
    assert client.get(started["url"]).status_code == 404
    assert _patch(client, started["url"], 0, b"x").status_code == 404
    client.force_login(outsider)
    assert _start(client, project, 10).status_code == 403


def test_a_poster_can_arrive_in_pieces_too(signed_in, project):
    data = image_bytes("PNG", size=(300, 420))
    started = _start(signed_in, project, len(data)).json()
    _patch(signed_in, started["url"], 0, data)
    response = signed_in.post(
        reverse("projects:poster", args=[project.pk]), {"kind": "upload", "upload_id": started["id"]}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.poster_file.name.endswith(".png") and project.poster_width == 300


def test_poster_form_without_a_file_asks_for_one(signed_in, project):
    response = signed_in.post(reverse("projects:poster", args=[project.pk]), {"kind": "upload"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
