"""Build test data once per test process, then copy its rows into each test that asks for it.

Some fixtures are slow to build because they go through the services, as real data does: `seed_demo` makes
thousands of audited rows in seconds, and even the small `trust` fixture validates and audits each of its
units. A `Snapshot` builds the first time, keeps every row the build made (all tables, as the database holds
them: same keys, same timestamps), and in later tests inserts those rows again inside the test's own
transaction, which is rolled back as usual. Each test still starts from exactly what a fresh build makes.

The copy is used only when it is certain to equal a fresh build; otherwise the fixture builds, as it always did:

- the database must hold what it held when the rows were taken (checked with one query of every table's
  row count): a test that made rows before asking for the fixture gets a fresh build;
- the rows must refer only to rows the build made (checked when they are taken: here, nothing the build makes
  refers to the content types or permissions that exist before it), and the build must not have changed or
  added to rows that were there before it;
- the copy must be from today and less than half an hour old (builds are relative to today).
"""

import datetime
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

MAX_AGE_SECONDS = 30 * 60


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


_COUNT_SQL: dict[str, tuple[list[type[models.Model]], str]] = {}


def _counts() -> dict[type[models.Model], int]:
    """Row counts of the non-empty tables, in one query."""
    if connection.vendor not in _COUNT_SQL:
        tables = _tables()
        quote = connection.ops.quote_name
        counts = (f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in tables)  # noqa: S608
        _COUNT_SQL[connection.vendor] = (tables, "SELECT " + ", ".join(counts))
    tables, sql = _COUNT_SQL[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model: count for model, count in zip(tables, counts, strict=True) if count}


def _contents(tables) -> dict[type[models.Model], list]:
    return {model: sorted(model._base_manager.values_list(), key=repr) for model in tables}


def _why_not_copyable(before, contents_before, rows) -> str | None:
    """Why these rows cannot stand for a fresh build, or None when they can."""
    if set(rows) & set(before):
        return "the build added rows to a table that had rows before"
    if _contents(before) != contents_before:
        return "the build changed rows that were there before"
    keys = {model: {row.pk for row in objs} for model, objs in rows.items()}
    for model, objs in rows.items():
        for relation in model._meta.concrete_fields:
            if not relation.is_relation:
                continue
            target = relation.related_model._meta.concrete_model
            missing = {getattr(row, relation.attname) for row in objs} - keys.get(target, set()) - {None}
            if missing:
                return f"{model._meta.label}.{relation.name} refers to rows the build did not make"
    return None


@dataclass
class _Copy:
    taken_on: datetime.date
    taken_at: float
    before: dict[type[models.Model], int]
    rows: dict[type[models.Model], list[models.Model]]
    result: dict[str, tuple[type[models.Model], object]]
    files: dict[str, bytes] = field(default_factory=dict)


class Snapshot:
    """`load()` returns what `build()` returns (a dict of model instances): built once, then copied."""

    def __init__(self, name: str, build: Callable[[], dict[str, models.Model]]) -> None:
        self.name = name
        self.build = build
        self.copy: _Copy | None = None
        self.refused: str | None = None
        self.built = 0
        self.copied = 0

    def load(self) -> dict[str, models.Model]:
        before = _counts()
        copy = self.copy
        fresh = (
            copy is not None
            and copy.taken_on == timezone.localdate()
            and time.monotonic() - copy.taken_at < MAX_AGE_SECONDS
        )
        if fresh and before == copy.before:
            self._restore(copy)
            self.copied += 1
            return self._fetch(copy.result)
        if fresh or self.refused:  # a database in another state than usual: build, keep the copy for the usual
            self.built += 1
            return self.build()
        return self._build_and_take(before)

    def _build_and_take(self, before) -> dict[str, models.Model]:
        contents_before = _contents(before)
        result = self.build()
        self.built += 1
        rows = {model: list(model._base_manager.all()) for model in _counts() if model not in before}
        reason = _why_not_copyable(before, contents_before, rows)
        if reason:
            self.refused = reason
            warnings.warn(f"{self.name} is built for every test that needs it: {reason}.", stacklevel=3)
            return result
        files = {}
        for model, objs in rows.items():
            for file_field in (f for f in model._meta.concrete_fields if isinstance(f, models.FileField)):
                for row in objs:
                    name = getattr(row, file_field.attname).name
                    if name:
                        with default_storage.open(name, "rb") as stored:
                            files[name] = stored.read()
        kept = {key: (type(value), value.pk) for key, value in result.items()}
        self.copy = _Copy(timezone.localdate(), time.monotonic(), before, rows, kept, files)
        return result

    @staticmethod
    def _restore(copy: _Copy) -> None:
        # Foreign keys are checked when the block ends (they are deferred), so tables go in in any order.
        with transaction.atomic():
            for model, objs in copy.rows.items():
                fields = model._meta.local_concrete_fields
                size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
                for start in range(0, len(objs), size):
                    model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
            statements = connection.ops.sequence_reset_sql(no_style(), list(copy.rows))
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
        for name, content in copy.files.items():
            if not default_storage.exists(name):
                path = Path(default_storage.path(name))
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)

    @staticmethod
    def _fetch(result: dict[str, tuple[type[models.Model], object]]) -> dict[str, models.Model]:
        """Fresh instances of what the build returned (one query per model), so tests can change them freely."""
        wanted: dict[type[models.Model], list] = {}
        for model, pk in result.values():
            wanted.setdefault(model, []).append(pk)
        found = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}
        return {key: found[model][pk] for key, (model, pk) in result.items()}
