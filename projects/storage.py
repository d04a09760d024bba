"""Private files of projects (evidence, unpublished posters, upload pieces): a storage of their own, outside the
public media root, whose files are only ever streamed by the permission-checked views (projects.views.private_file,
the portfolio). It has no URL.

The "private" entry of settings.STORAGES: local disk at settings.PRIVATE_MEDIA_ROOT (default `private-media/` beside
MEDIA_ROOT), resolved when used; also with a media bucket, since resumable uploads append to a file.
Files kept under MEDIA_ROOT/private by older versions are moved by `move_private_files` (also a data migration).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """settings.PRIVATE_MEDIA_ROOT, read when used (tests change it); no base URL: files go through a view."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, str(settings.PRIVATE_MEDIA_ROOT))

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):  # nothing in here has a public address
        raise ValueError("private files are served by projects.views.private_file")


def private_storage() -> Storage:
    """The storage of every private project file (a callable, so models and migrations name no backend)."""
    return storages["private"]


def legacy_private_root() -> Path:
    """Where older versions kept private files: inside the public media root."""
    return Path(settings.MEDIA_ROOT) / "private"


def move_private_files(*, source: Path | None = None, target: Storage | None = None) -> tuple[int, int]:
    """Move every file under MEDIA_ROOT/private into the private storage, keeping its name; safe to run twice.

    A file already in the target with the same name is kept there (the copy in media is dropped). Returns
    (moved, already there). Empty folders left behind are removed.
    """
    source = source or legacy_private_root()
    target = target or private_storage()
    moved = kept = 0
    if not source.is_dir():
        return moved, kept
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        name = path.relative_to(source).as_posix()
        if target.exists(name):
            kept += 1
        else:
            with path.open("rb") as handle:
                saved = target.save(name, handle)
            if saved != name:  # pragma: no cover - the storage renamed it: keep the original where it was
                target.delete(saved)
                continue
            moved += 1
        path.unlink()
    for folder in sorted((p for p in source.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if source.is_dir() and not any(source.iterdir()):
        source.rmdir()
    return moved, kept
