"""`make backup` / `make restore`: a seeded site, backed up and restored into an empty database, is all there."""

import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from network import services
from network.models import Notification, School, TeacherGroup, User
from ops import backup as ops_backup
from tests.factories import MembershipFactory, TeacherGroupFactory, UserFactory

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend

TABLES = {
    "network_user": User,
    "network_teachergroup": TeacherGroup,
    "network_school": School,
    "network_notification": Notification,
}


@pytest.fixture
def seeded(transactional_db, tmp_path):
    """Members, groups, schools, notifications and an uploaded file, as a small real site has them."""
    groups = TeacherGroupFactory.create_batch(2)
    for group in groups:
        for member in UserFactory.create_batch(3):
            MembershipFactory(group=group, user=member)
            services.notify(recipient=member, kind="welcome", text=f"Қош келдіңіз, {group.name}!")
    media = tmp_path / "media"
    (media / "posters").mkdir(parents=True)
    (media / "posters" / "reading-corner.pdf").write_bytes(b"%PDF-1.4 poster\n%%EOF\n")
    return media


def snapshot() -> dict:
    return {table: sorted(model.objects.values_list("pk", flat=True)) for table, model in TABLES.items()}


def rows(cursor, table) -> list:
    cursor.execute(f"SELECT id FROM {table} ORDER BY id")  # noqa: S608 (fixed table names)
    return [row[0] for row in cursor.fetchall()]


def test_backup_is_one_timestamped_archive_with_database_and_media(seeded, tmp_path):
    archive = ops_backup.backup(
        database=settings.DATABASES["default"], media_root=seeded, target_dir=tmp_path / "backups"
    )
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("ortaq-") and archive.name.endswith(".tar.gz") and len(archive.name) == 28
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "media/posters/reading-corner.pdf" in names
    assert {"database.sqlite3", "database.pgdump"} & set(names)


def test_sqlite_site_restores_into_an_empty_database(seeded, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite")
    before = snapshot()
    archive = ops_backup.backup(database=settings.DATABASES["default"], media_root=seeded, target_dir=tmp_path)
    empty = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
    restored_media = tmp_path / "restored-media"
    ops_backup.restore(archive, database=empty, media_root=restored_media)

    with sqlite3.connect(empty["NAME"]) as restored:
        cursor = restored.cursor()
        assert {table: rows(cursor, table) for table in TABLES} == before
        texts = [row[0] for row in cursor.execute("SELECT text FROM network_notification")]
    assert len(texts) == 6 and all(text.startswith("Қош келдіңіз") for text in texts)
    assert (restored_media / "posters" / "reading-corner.pdf").read_bytes().startswith(b"%PDF")


def test_restore_refuses_a_database_that_is_not_empty(seeded, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite")
    archive = ops_backup.backup(database=settings.DATABASES["default"], media_root=seeded, target_dir=tmp_path)
    with pytest.raises(ops_backup.BackupError, match="not empty"):
        ops_backup.restore(archive, database=settings.DATABASES["default"], media_root=tmp_path / "m")


def test_postgresql_site_restores_into_an_empty_database(require_postgres, seeded, tmp_path):
    import psycopg

    before = snapshot()
    source = settings.DATABASES["default"]
    archive = ops_backup.backup(database=source, media_root=seeded, target_dir=tmp_path)
    name = f"{source['NAME']}_restored"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        empty = {**source, "NAME": name}
        ops_backup.restore(archive, database=empty, media_root=tmp_path / "restored-media")
        params = {
            "dbname": name,
            "host": source["HOST"] or None,
            "port": source["PORT"] or None,
            "user": source["USER"] or None,
            "password": source["PASSWORD"] or None,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v}) as restored:
            cursor = restored.cursor()
            assert {table: rows(cursor, table) for table in TABLES} == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_make_backup_command_line_reports_the_archive(seeded, tmp_path):
    env_db = settings.DATABASES["default"]
    if connection.vendor != "sqlite":
        pytest.skip("the command-line run is checked on SQLite")
    result = subprocess.run(
        [sys.executable, "ops/backup.py", "backup", "--dir", str(tmp_path)],
        env={
            "DATABASE_URL": f"sqlite:///{env_db['NAME']}",
            "MEDIA_ROOT": str(seeded),
            "DJANGO_DEBUG": "1",
            "PATH": "/usr/bin:/bin",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).exists()


def test_private_files_outside_media_are_backed_up_and_restored(seeded, tmp_path):
    """Private project files live outside MEDIA_ROOT (projects.storage): a backup without them would lose evidence."""
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite")
    private = tmp_path / "private-media"
    (private / "projects" / "abc").mkdir(parents=True)
    (private / "projects" / "abc" / "evidence.jpg").write_bytes(b"\xff\xd8evidence")
    archive = ops_backup.backup(
        database=settings.DATABASES["default"], media_root=seeded, target_dir=tmp_path, private_root=private
    )
    with tarfile.open(archive) as tar:
        assert "private-media/projects/abc/evidence.jpg" in tar.getnames()
    empty = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
    restored = tmp_path / "restored-private"
    ops_backup.restore(archive, database=empty, media_root=tmp_path / "restored-media", private_root=restored)
    assert (restored / "projects" / "abc" / "evidence.jpg").read_bytes() == b"\xff\xd8evidence"
