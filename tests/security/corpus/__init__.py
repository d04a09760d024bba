"""Hostile and awkward uploads, generated in code (no binaries in git), for every upload path in Ortaq.

`samples()` returns `Sample`s: bytes, the file name and content type a browser would send, and what must happen
(`REJECT`: a ValidationError with a message; `CLEAN`: accepted, re-encoded, metadata and smuggled bytes gone).
`as_upload(sample)` makes a Django `SimpleUploadedFile` for forms and test clients, e.g. once projects and forums
merge, run every sample through each upload form:

    for sample in samples():
        response = client.post(url, {"poster": as_upload(sample), ...})
        assert response.status_code in (200, 302)  # a message, never a 500

`python -m tests.security.corpus DIR` writes the files to DIR for manual checks (e.g. in a browser).
"""

import functools
import io
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

REJECT, CLEAN, KEEP = "reject", "clean", "keep"  # KEEP: a PDF, stored as it is (served with nosniff)
SMUGGLED_HTML = b"<html><script>alert(document.cookie)</script></html>"


@dataclass(frozen=True)
class Sample:
    name: str  # what the test reports
    data: bytes
    filename: str
    content_type: str
    expect: str  # REJECT or CLEAN, through clean_image
    pdf_expect: str | None = None  # for clean_image_or_pdf when it differs


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def png_header_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG whose header claims width x height pixels, with almost no data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


@functools.cache
def png_compressed_bomb(side: int = 10000) -> bytes:
    """A real, valid side x side black 1-bit PNG: a few kilobytes that decode to 100 megapixels."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def image_bytes(fmt: str, size=(40, 30), exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if exif is not None:
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF with a camera model and GPS coordinates (a village school's location: what must never leak)."""
    exif = Image.Exif()
    exif[0x0110] = "Teacher's phone"  # Model
    gps = {1: "N", 2: (43.0, 15.0, 30.0), 3: "E", 4: (76.0, 54.0, 10.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    return exif


def minimal_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def samples() -> list[Sample]:
    jpeg, png = image_bytes("JPEG"), image_bytes("PNG")
    gif = image_bytes("GIF")
    zip_tail = b"PK\x03\x04" + b"\x00" * 26 + b"evil.html" + SMUGGLED_HTML
    return [
        Sample("png header claims 30000x30000", png_header_bomb(), "poster.png", "image/png", REJECT),
        Sample("compressed 10000x10000 png", png_compressed_bomb(), "poster.png", "image/png", REJECT),
        Sample("gif with html appended", gif + SMUGGLED_HTML, "photo.gif", "image/gif", REJECT),
        Sample("jpeg with zip+html appended", jpeg + zip_tail, "photo.jpg", "image/jpeg", CLEAN),
        Sample(
            "svg with script",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "image/svg+xml",
            REJECT,
        ),
        Sample(
            "svg named .png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo.png",
            "image/png",
            REJECT,
        ),
        Sample("html named .jpg", SMUGGLED_HTML, "photo.jpg", "image/jpeg", REJECT),
        Sample("png named .jpg", png, "photo.jpg", "image/jpeg", CLEAN),
        Sample("text named .png", "Сабақ жоспары\n".encode() * 20, "plan.png", "image/png", REJECT),
        Sample("truncated jpeg", jpeg[: len(jpeg) // 2], "photo.jpg", "image/jpeg", REJECT),
        Sample("jpeg with gps exif", image_bytes("JPEG", exif=gps_exif()), "photo.jpg", "image/jpeg", CLEAN),
        Sample("empty file", b"", "empty.jpg", "image/jpeg", REJECT),
        Sample("pdf", minimal_pdf(), "poster.pdf", "application/pdf", REJECT, pdf_expect=KEEP),
        Sample("truncated pdf", minimal_pdf()[:40], "poster.pdf", "application/pdf", REJECT),
        Sample("html named .pdf", SMUGGLED_HTML, "poster.pdf", "application/pdf", REJECT),
        Sample(
            "pdf with html appended",
            minimal_pdf() + SMUGGLED_HTML,
            "poster.pdf",
            "application/pdf",
            REJECT,
            pdf_expect=KEEP,
        ),
    ]


def as_upload(sample: Sample):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(sample.filename, sample.data, content_type=sample.content_type)


if __name__ == "__main__":  # python -m tests.security.corpus DIR
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    target.mkdir(parents=True, exist_ok=True)
    for sample in samples():
        (target / f"{sample.name.replace(' ', '-')}-{sample.filename}").write_bytes(sample.data)
    print(f"{len(samples())} samples in {target}")
