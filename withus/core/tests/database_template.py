"""Migrate the SQLite test database once, then copy it: a migrated template kept in var/ between runs.

Running every migration takes each test process about ten seconds (Django re-renders its model state after
every operation). The schema the migrations make only changes when a migration file does, so the first run
keeps a copy of the migrated database in `var/test-template-<key>.sqlite3`, and later runs load that copy into
their in-memory database with SQLite's backup API, in milliseconds. The key is a hash of every migration file
(WithUs's and third parties'), Django's, SQLite's and Python's versions: change any of them and the migrations
run again, for real. Only the in-memory SQLite test database is served this way; PostgreSQL (`make
test-postgres`, CI) and a fresh clone (CI) always migrate. `WITHUS_TEST_DB_TEMPLATE=0` turns it off.
"""

import contextlib
import hashlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import django
from django.conf import settings
from django.db import connections

TEMPLATE_PREFIX = "test-template-"


def enabled() -> bool:
    return os.environ.get("WITHUS_TEST_DB_TEMPLATE", "1") != "0"


def _in_memory_sqlite(alias: str) -> bool:
    connection = connections[alias]
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def template_key(alias: str = "default") -> str | None:
    """A hash of everything the migrated schema depends on, or None when it cannot be trusted to a file."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    if any(list(apps.get_app_config(label).get_models()) for label in loader.unmigrated_apps):
        return None  # tables made from models, not migrations: the migration files would not cover them
    digest = hashlib.sha256()
    for version in (django.__version__, sqlite3.sqlite_version, sys.version, settings.AUTH_USER_MODEL):
        digest.update(f"{version}\n".encode())
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        module = sys.modules[type(migration).__module__]
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:20]


def template_path(alias: str = "default") -> Path | None:
    """Where the migrated template for this database lives (it may not exist yet), or None if not used."""
    if not enabled() or not _in_memory_sqlite(alias):
        return None
    key = template_key(alias)
    return None if key is None else Path(settings.VAR_DIR) / f"{TEMPLATE_PREFIX}{key}.sqlite3"


def _save(connection, path: Path) -> None:
    """Write the migrated database to `path` atomically, and remove templates of older migrations."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".sqlite3")
    os.close(handle)
    target = sqlite3.connect(temporary)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    Path(temporary).replace(path)
    for old in path.parent.glob(f"{TEMPLATE_PREFIX}*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)


def _load(connection, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


@contextlib.contextmanager
def migrations_from_template() -> Iterator[None]:
    """While active, `migrate` on the in-memory SQLite test database loads the template when there is one."""
    from django.core import management

    original = management.call_command

    def call_command(name, *args, **options):
        alias = options.get("database", "default")
        path = template_path(alias) if name == "migrate" else None
        if path is None:
            return original(name, *args, **options)
        connection = connections[alias]
        connection.ensure_connection()
        if path.exists():
            _load(connection, path)
            return None
        result = original(name, *args, **options)
        _save(connection, path)
        return result

    management.call_command = call_command
    try:
        yield
    finally:
        management.call_command = original


def copy_to(path: Path) -> bool:
    """Put a migrated SQLite database at `path` (for Django in another process) if a template exists."""
    template = template_path()
    if template is None or not template.exists():
        return False
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return True
