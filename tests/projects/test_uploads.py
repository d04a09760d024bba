"""Upload attacks through the real evidence and poster forms: each is refused with a message, nothing is stored."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from projects.models import Evidence
from tests.projects.conftest import image_bytes, pdf_bytes


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def _post_evidence(client, project, name: str, data: bytes):
    return client.post(
        reverse("projects:evidence", args=[project.pk]),
        {
            "kind": "photo",
            "description": "Pupils measuring water",
            "consent": "on",
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher)
    return client


def test_decompression_bomb_is_refused_and_the_description_is_kept(signed_in, project):
    response = _post_evidence(signed_in, project, "bomb.png", _png_claiming(30000, 30000))
    html = response.content.decode()
    assert response.status_code == 200
    assert "too large" in html and "Pupils measuring water" in html
    assert not Evidence.objects.exists()


def test_text_renamed_to_jpg_is_refused(signed_in, project):
    response = _post_evidence(signed_in, project, "photo.jpg", b"#!/bin/sh\necho not an image\n" * 20)
    assert "not a readable image" in response.content.decode()
    assert not Evidence.objects.exists()


def test_file_over_the_size_limit_is_refused(signed_in, project, settings):
    settings.ORTAQ_UPLOAD_MAX_BYTES = 1000
    response = _post_evidence(
        signed_in, project, "big.png", image_bytes("PNG", size=(200, 200), color=None) + b"\0" * 2000
    )
    assert "the limit is" in response.content.decode() or "larger than the limit" in response.content.decode()
    assert not Evidence.objects.exists()


def test_truncated_jpeg_is_refused(signed_in, project):
    data = image_bytes("JPEG", size=(400, 300))
    response = _post_evidence(signed_in, project, "cut.jpg", data[: len(data) // 2])
    assert "not a readable image" in response.content.decode()
    assert not Evidence.objects.exists()


def test_gps_location_is_removed_from_a_stored_photo(signed_in, project):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)}
    data = image_bytes("JPEG", size=(120, 90), exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload really carries GPS
    response = _post_evidence(signed_in, project, "class.jpg", data)
    assert response.status_code == 302
    stored = Evidence.objects.get()
    with stored.file.open("rb") as handle:
        kept = Image.open(io.BytesIO(handle.read()))
        assert not kept.getexif().get_ifd(0x8825)
        assert 0x010F not in kept.getexif()


def test_pdf_poster_is_shown_as_an_image_of_its_first_page(signed_in, project):
    response = signed_in.post(
        reverse("projects:poster", args=[project.pk]),
        {"kind": "upload", "poster": SimpleUploadedFile("poster.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.poster_file.name.endswith(".pdf") and project.poster_preview.name.endswith(".png")
    preview = signed_in.get(reverse("projects:file", args=[project.pk, "preview"]))
    assert b"".join(preview.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_broken_pdf_poster_is_refused_with_a_message(signed_in, project):
    response = signed_in.post(
        reverse("projects:poster", args=[project.pk]),
        {"kind": "upload", "poster": SimpleUploadedFile("poster.pdf", b"%PDF-1.4\ngarbage\n%%EOF\n")},
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    project.refresh_from_db()
    assert not project.poster_file
