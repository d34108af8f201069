"""A `replica` database for tests on SQLite: a copy of the test database taken now (an SQL dump of the primary's
view), so anything written on the primary afterwards is missing from it, as on a replica that is behind."""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from withus.core.replica import REPLICA

# On PostgreSQL a second connection to the test database cannot see the test's own (uncommitted) rows, not even
# the trust the page needs to render, so these tests run on SQLite; the routing code is the same on both.
needs_sqlite = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the replica in tests is a file copy of the SQLite test database (see replica_copy)",
)


@contextlib.contextmanager
def replica_copy(folder: Path) -> Iterator[Path]:
    primary = connections["default"]
    assert primary.vendor == "sqlite", "replica_copy copies an SQLite test database"
    primary.ensure_connection()
    path = folder / "replica.sqlite3"
    target = sqlite3.connect(path)
    # The primary's own view, with the test's uncommitted rows (the backup API would wait for the test's lock).
    target.executescript("\n".join(primary.connection.iterdump()))
    target.close()
    connections.settings[REPLICA] = {
        **primary.settings_dict,
        "NAME": str(path),
        "ATOMIC_REQUESTS": False,
        "TEST": {**primary.settings_dict["TEST"], "MIRROR": None},
    }
    # Connect now: Django's test case refuses to open, during a test, a connection to an alias it did not know of
    # when the test began (it allows using one that is open).
    connections[REPLICA].connect()
    try:
        yield path
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
