"""Upload hardening, in one place used by every upload in Ortaq.

Size limit, allowlist by content (never by the file name), a pixel cap against decompression
bombs, and images re-encoded so that EXIF (GPS included) and anything smuggled after the
image data is dropped. Callers get a clean `ContentFile` or a `ValidationError` with a
message the user can act on.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class CleanUpload:
    file: ContentFile
    kind: str  # "image" or "pdf"
    width: int | None = None
    height: int | None = None


def _check_size(upload) -> None:
    limit = settings.ORTAQ_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read(settings.ORTAQ_UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.ORTAQ_UPLOAD_MAX_BYTES:
        raise ValidationError(_("This file is larger than the limit."), code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def clean_image(upload, *, stem: str = "image") -> CleanUpload:
    """Return a re-encoded JPEG/PNG/WebP without metadata; ValidationError for anything else."""
    _check_size(upload)
    data = _read(upload)
    max_pixels = settings.ORTAQ_UPLOAD_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="bad_type")
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("This image is too large (%(pixels)s megapixels); the limit is %(limit)s.")
                    % {"pixels": round(width * height / 1_000_000), "limit": max_pixels // 1_000_000},
                    code="too_many_pixels",
                )
            probe.verify()  # catches truncated and corrupt files before decoding
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the photo upright, then drop EXIF
            out = io.BytesIO()
            if fmt == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
            elif fmt == "PNG":
                image.save(out, "PNG", optimize=True)
            else:
                image.save(out, "WEBP", quality=85)
            width, height = image.size
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(_("This image is too large to process safely."), code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a readable image. Please upload a JPEG, PNG or WebP image."), code="bad_image"
        ) from error
    return CleanUpload(
        file=ContentFile(out.getvalue(), name=f"{stem}.{IMAGE_FORMATS[fmt]}"), kind="image", width=width, height=height
    )


def clean_image_or_pdf(upload, *, stem: str = "poster") -> CleanUpload:
    """Images as in `clean_image`; a PDF is accepted by its signature and kept as it is (rendered elsewhere)."""
    _check_size(upload)
    data = _read(upload)
    if data.startswith(PDF_MAGIC):
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(_("This PDF is incomplete; please upload it again."), code="bad_pdf")
        return CleanUpload(file=ContentFile(data, name=f"{stem}.pdf"), kind="pdf")
    upload.seek(0)
    return clean_image(upload, stem=stem)
