"""The demo trust for tests: seeded once per test process, then copied into each test that asks for it.

`seed_demo` builds the world through the services (thousands of rows, each audited) and takes seconds; copying
the rows it made takes a few tens of milliseconds. The copy is every row exactly as `seed_demo` left it (same
keys, same timestamps), inserted inside the test's own transaction, so each test starts from a freshly seeded
demo and its writes are rolled back as usual. On any doubt the copy is not used and `seed_demo` runs again:

- the database is not as it was when the rows were taken (a test made rows before asking for the demo);
- the rows would point at rows they do not carry (only content types and permissions exist before seeding, and
  no demo row refers to them: checked when the rows are taken);
- seeding changed a row that was there before it, or added rows to such a table;
- the copy was taken on another day (the demo is built relative to today) or more than half an hour ago.
"""

import datetime
import io
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from withus.demo.world import TRUST_NAME
from withus.organisations.models import Organisation

MAX_AGE_SECONDS = 30 * 60


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _counts() -> dict[type[models.Model], int]:
    counts = {model: model._base_manager.count() for model in _tables()}
    return {model: count for model, count in counts.items() if count}


def _contents(tables) -> dict[type[models.Model], list[tuple]]:
    return {model: sorted(model._base_manager.order_by("pk").values_list(), key=repr) for model in tables}


@dataclass
class _Copy:
    taken_on: datetime.date
    taken_at: float
    before: dict[type[models.Model], int]
    rows: dict[type[models.Model], list[models.Model]]
    files: dict[str, bytes] = field(default_factory=dict)


def _why_not_copyable(before, contents_before, rows) -> str | None:
    """Why these rows cannot stand for a fresh seed, or None when they can."""
    if set(rows) & set(before):
        return "seeding added rows to a table that had rows before"
    if _contents(before) != contents_before:
        return "seeding changed rows that were there before"
    keys = {model: {row.pk for row in objs} for model, objs in rows.items()}
    for model, objs in rows.items():
        for relation in model._meta.concrete_fields:
            if not relation.is_relation:
                continue
            target = relation.related_model._meta.concrete_model
            missing = {getattr(row, relation.attname) for row in objs} - keys.get(target, set()) - {None}
            if missing:
                return f"{model._meta.label}.{relation.name} refers to rows the demo did not make"
    return None


class DemoSeeder:
    """Gives each test the demo trust: by seeding the first time, by copying the seeded rows after that."""

    def __init__(self) -> None:
        self.copy: _Copy | None = None
        self.refused: str | None = None
        self.seeded = 0
        self.copied = 0

    def load(self) -> Organisation:
        before = _counts()
        if self.copy is not None and self._copy_fits(before):
            self._restore(self.copy)
            self.copied += 1
        else:
            self._seed_and_take(before)
        return Organisation.objects.get(name=TRUST_NAME)

    def _copy_fits(self, before) -> bool:
        copy = self.copy
        fresh = copy.taken_on == timezone.localdate() and time.monotonic() - copy.taken_at < MAX_AGE_SECONDS
        return fresh and before == copy.before

    def _seed_and_take(self, before) -> None:
        contents_before = _contents(before)
        call_command("seed_demo", stdout=io.StringIO())
        self.seeded += 1
        if self.refused:
            return
        rows = {model: list(model._base_manager.all()) for model in _counts() if model not in before}
        reason = _why_not_copyable(before, contents_before, rows)
        if reason:
            self.refused = reason
            warnings.warn(f"The demo is seeded for every test that needs it: {reason}.", stacklevel=3)
            return
        files = {}
        for model, objs in rows.items():
            for file_field in (f for f in model._meta.concrete_fields if isinstance(f, models.FileField)):
                for row in objs:
                    name = getattr(row, file_field.attname).name
                    if name:
                        with default_storage.open(name, "rb") as stored:
                            files[name] = stored.read()
        self.copy = _Copy(timezone.localdate(), time.monotonic(), before, rows, files)

    @staticmethod
    def _restore(copy: _Copy) -> None:
        # Foreign keys are checked at commit (deferred), so tables can be filled in any order.
        for model, objs in copy.rows.items():
            fields = model._meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            for start in range(0, len(objs), size):
                model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(copy.rows)):
                cursor.execute(statement)
        for name, content in copy.files.items():
            if not default_storage.exists(name):
                Path(default_storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
                Path(default_storage.path(name)).write_bytes(content)
