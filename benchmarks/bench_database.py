"""The one way a benchmark gets an empty database: DATABASE_URL (whose name must contain "bench", since it is
dropped), or a fresh SQLite file at the benchmark's default path. PostgreSQL databases are dropped and created
again through psycopg, with the name quoted as an identifier."""

import os
import sys
from pathlib import Path


def fresh_database(default_sqlite: Path, *, sqlite_only: bool = False) -> str:
    """Point DATABASE_URL at an empty database and return its URL."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{default_sqlite}"
        os.environ["DATABASE_URL"] = url
    database = dj_database_url.parse(url)
    # The benchmark deletes its database: refuse anything that is not plainly a benchmark database.
    if "bench" not in str(database["NAME"]):
        sys.exit(f"Refusing to drop {database['NAME']!r}: a benchmark database's name must contain 'bench'.")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)
    elif sqlite_only:
        sys.exit("This benchmark builds a fresh SQLite file; point DATABASE_URL at one whose name contains 'bench'.")
    elif database["ENGINE"] == "django.db.backends.postgresql":
        _recreate_postgres_database(database)
    else:
        sys.exit(f"Unsupported database {database['ENGINE']!r}: use SQLite or PostgreSQL.")
    return url


def _recreate_postgres_database(database: dict) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        name = sql.Identifier(database["NAME"])
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))
