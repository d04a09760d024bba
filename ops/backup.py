"""Back up and restore Ortaq: the database and the media folder in one timestamped archive.

    python ops/backup.py backup [--dir backups]        -> backups/ortaq-YYYYmmdd-HHMMSS.tar.gz
    python ops/backup.py restore backups/ortaq-….tar.gz  (into an EMPTY database and an empty media folder)

`make backup` and `make restore ARCHIVE=…` call these. The database is the one `DATABASE_URL` names (SQLite by
default): PostgreSQL through `pg_dump -Fc` / `pg_restore`, SQLite through its online backup API, so both are safe
while the site runs. Restoring refuses a database that already has tables, so it never mixes two sites' data.
"""

import argparse
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FORMAT = 1
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def vendor(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"unsupported database engine {engine}")


def _pg_args(database: dict) -> tuple[list[str], dict]:
    args = ["--dbname", database["NAME"], "--no-password"]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(database: dict, target: Path) -> None:
    if vendor(database) == "postgresql":
        args, env = _pg_args(database)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", str(target), *args], env)
    else:
        source = sqlite3.connect(f"file:{database['NAME']}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # consistent even while the site writes
        copy.close()
        source.close()


def _tables(database: dict) -> int:
    if vendor(database) == "sqlite":
        if not Path(database["NAME"]).exists():
            return 0
        with sqlite3.connect(database["NAME"]) as connection:
            return connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    import psycopg

    params = {
        k: v
        for k, v in {
            "dbname": database["NAME"],
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
        }.items()
        if v
    }
    with psycopg.connect(**params) as connection:
        return connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]


def load_database(database: dict, dump: Path) -> None:
    if _tables(database):
        raise BackupError(
            f"the database {database['NAME']} is not empty; restore only into an empty database "
            "(create a new one, or drop this one after checking you have a backup of it)"
        )
    if vendor(database) == "postgresql":
        args, env = _pg_args(database)
        _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *args, str(dump)], env)
    else:
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(dump)
        target = sqlite3.connect(database["NAME"])
        with target:
            source.backup(target)
        target.close()
        source.close()


def backup(
    *,
    database: dict,
    media_root: Path,
    target_dir: Path,
    now: datetime.datetime | None = None,
    private_root: Path | None = None,
) -> Path:
    """Write ortaq-YYYYmmdd-HHMMSS.tar.gz into `target_dir` (database, media, private files); return its path."""
    now = now or datetime.datetime.now()
    target_dir.mkdir(parents=True, exist_ok=True)
    archive = target_dir / f"ortaq-{now:%Y%m%d-%H%M%S}.tar.gz"
    kind = vendor(database)
    with tempfile.TemporaryDirectory(prefix="ortaq-backup-") as work:
        dump = Path(work) / DUMP_NAMES[kind]
        dump_database(database, dump)
        manifest = {"format": FORMAT, "database": kind, "created": now.isoformat(), "media": media_root.is_dir()}
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
            if private_root is not None and private_root.is_dir():
                tar.add(private_root, arcname="private-media")  # projects.storage: outside the media folder
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


def restore(archive: Path, *, database: dict, media_root: Path, private_root: Path | None = None) -> dict:
    """Load `archive` into an empty database and empty (or missing) media folders; return its manifest."""
    for folder in (media_root, private_root):
        if folder is not None and folder.is_dir() and any(folder.iterdir()):
            raise BackupError(f"the media folder {folder} is not empty; restore into an empty one")
    with tempfile.TemporaryDirectory(prefix="ortaq-restore-") as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")  # refuses absolute paths, .. and links out of the folder
        manifest = json.loads((Path(work) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')}")
        if manifest["database"] != vendor(database):
            raise BackupError(
                f"this archive holds a {manifest['database']} database; DATABASE_URL points at {vendor(database)}"
            )
        load_database(database, Path(work) / DUMP_NAMES[manifest["database"]])
        if (Path(work) / "media").is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(Path(work) / "media", media_root, dirs_exist_ok=True)
        if private_root is not None and (Path(work) / "private-media").is_dir():
            private_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(Path(work) / "private-media", private_root, dirs_exist_ok=True)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write a timestamped archive")
    make.add_argument("--dir", default="backups", help="where to write it (default: backups/)")
    load = commands.add_parser("restore", help="restore an archive into an empty database")
    load.add_argument("archive")
    options = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django
    from django.conf import settings

    django.setup()
    database, media_root = settings.DATABASES["default"], Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    try:
        if options.command == "backup":
            print(
                backup(
                    database=database, media_root=media_root, target_dir=Path(options.dir), private_root=private_root
                )
            )
        else:
            manifest = restore(
                Path(options.archive), database=database, media_root=media_root, private_root=private_root
            )
            print(f"restored the {manifest['database']} backup of {manifest['created']}")
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
