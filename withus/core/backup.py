"""Backup and restore of a PostgreSQL database and its uploaded files (issue 25 item 6), and the drill's check.

    python -m withus.core.backup backup  /backups/2026-12-04         # pg_dump -Fc + the file store as a .tar
    python -m withus.core.backup restore /backups/2026-12-04 withus_restored /srv/withus-files-restored

Uses DATABASE_URL and the local file store (STORAGES["default"]); with uploads in object storage, the database
only (the bucket's versioning keeps the files). The database is restored into a NEW database (never over the live
one). `compare` answers what differs between two databases: each table's row count and the
audit log in order. docs/deployment.md says how often and where.
"""

from __future__ import annotations

import hashlib
import os
import subprocess  # nosec B404 - runs pg_dump and pg_restore with fixed arguments, never a shell
import sys
import tarfile
from pathlib import Path

from withus.core.object_storage import local_folder

DUMP = "database.dump"
FILES = "files.tar"


def _environment(database: dict) -> dict:
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def _server_arguments(database: dict) -> list[str]:
    return [
        "--host",
        database.get("HOST") or "127.0.0.1",
        "--port",
        str(database.get("PORT") or 5432),
        "--username",
        database.get("USER") or "postgres",
    ]


def _run(command: list[str], database: dict) -> None:
    """PostgreSQL's own client programs, found on PATH, with a list of arguments (never a shell)."""
    subprocess.run(command, check=True, env=_environment(database))  # noqa: S603 # nosec B603 B607 - see docstring


def backup(*, database: dict, files_dir: Path | None, target: Path) -> None:
    """The database, and the local file store when there is one (None: uploads are in object storage, kept by the
    bucket's own versioning and replication, docs/deployment.md)."""
    target.mkdir(parents=True, exist_ok=True)
    dump = ["pg_dump", *_server_arguments(database), "--format=custom", "--file", str(target / DUMP)]
    _run([*dump, database["NAME"]], database)
    if files_dir is None:
        return
    with tarfile.open(target / FILES, "w") as archive:
        if files_dir.exists():
            archive.add(files_dir, arcname=".")


def restore(*, database: dict, source: Path, new_name: str, files_dir: Path) -> None:
    """Into a new database (it must not exist) and a new, empty file store."""
    arguments = _server_arguments(database)
    _run(["createdb", *arguments, new_name], database)
    _run(["pg_restore", *arguments, "--no-owner", "--dbname", new_name, str(source / DUMP)], database)
    if not (source / FILES).exists():
        return  # a backup of the database alone: the uploads were in object storage
    files_dir.mkdir(parents=True, exist_ok=False)
    with tarfile.open(source / FILES) as archive:
        archive.extractall(files_dir, filter="data")


def snapshot(connection) -> dict:
    """Row counts of every table, and the audit log's ids in order: what a restore must bring back unchanged."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 # nosec B608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT id, action, object_id FROM core_auditentry ORDER BY occurred_at, id")
        audit = [tuple(str(value) for value in row) for row in cursor.fetchall()]
    return {"counts": counts, "audit": audit}


def file_digests(files_dir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(files_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(files_dir.rglob("*"))
        if path.is_file()
    }


def main(argv: list[str]) -> None:
    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.production")
    django.setup()
    database = settings.DATABASES["default"]
    files_dir = local_folder(settings.STORAGES["default"])
    if files_dir is None:
        print("Uploads are in object storage: backing up the database only (the bucket keeps its own versions).")  # noqa: T201
    if len(argv) == 2 and argv[0] == "backup":
        backup(database=database, files_dir=files_dir, target=Path(argv[1]))
    elif len(argv) == 4 and argv[0] == "restore":
        restore(database=database, source=Path(argv[1]), new_name=argv[2], files_dir=Path(argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
