"""Resumable (chunked) uploads of large files over slow connections."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from network.models import User
from network.uploads import CleanUpload
from projects.models import (
    ChunkedUpload,
    ProjectPage,
)
from projects.services.edits import _require_edit

# --- Resumable uploads -------------------------------------------------------------------------------------


@transaction.atomic
def start_chunked_upload(*, project: ProjectPage, user: User, size: int) -> ChunkedUpload:
    """An empty private file that chunks are appended to; refused above the upload limit."""
    _require_edit(project, user)
    if size <= 0 or size > settings.ORTAQ_UPLOAD_MAX_BYTES:
        raise ValidationError(_("This file is larger than the limit."), code="too_large")
    upload = ChunkedUpload(owner=user, project=project, size=size)
    upload.file.save("chunked.part", ContentFile(b""), save=False)
    upload.save()
    return upload


@transaction.atomic
def append_chunk(*, upload: ChunkedUpload, user: User, offset: int, data: bytes) -> int:
    """Append `data` at `offset`; a chunk for another offset is ignored (the client resumes from the answer)."""
    upload = ChunkedUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.owner_id != user.pk:
        raise PermissionDenied
    if offset != upload.received or not data:
        return upload.received
    if upload.received + len(data) > upload.size:
        raise ValidationError(_("This file is larger than the limit."), code="too_large")
    with open(upload.file.path, "ab") as handle:
        handle.write(data)
    upload.received += len(data)
    upload.save(update_fields=["received"])
    return upload.received


def read_chunked_upload(*, upload: ChunkedUpload, user: User, clean) -> CleanUpload:
    """Run the assembled file through `clean` (a network.uploads function); writes nothing (forms call it while
    validating). The pieces stay until `discard_chunked_upload`."""
    if upload.owner_id != user.pk:
        raise PermissionDenied
    if not upload.is_complete:
        raise ValidationError(_("The upload is not complete yet; please try again."), code="incomplete")
    with upload.file.storage.open(upload.file.name, "rb") as handle:
        return clean(handle)


def discard_chunked_upload(*, upload: ChunkedUpload | None) -> None:
    """Drop the pieces of a resumable upload once its form is decided, kept or refused: they never outlive the
    check (the cleaned copy is in memory)."""
    if upload is None:
        return
    upload.file.delete(save=False)
    upload.delete()
