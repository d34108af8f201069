"""The lint that keeps writes to involvement records inside withus/involvement finds them, lets reads and the
services through, leaves the involvement app and migrations alone, and honours its allowlist."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lint_involvement_writes.py"
spec = importlib.util.spec_from_file_location("lint_involvement_writes", SCRIPT)
lint = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = lint
spec.loader.exec_module(lint)

TABLE = "involvement_" + "involvementrecord"  # built, so this file does not name the table itself

OFFENDING = """
    from withus.involvement import models
    from withus.involvement.models import InvolvementRecord
    from withus.involvement.services import involvement_record_create


    def correct(session, person, hours, records: list[InvolvementRecord], one: InvolvementRecord):
        record = InvolvementRecord.objects.select_for_update().filter(person=person).first()
        record.hours = hours
        record.save(update_fields=["hours"])
        record.delete()
        InvolvementRecord.objects.filter(person=person).update(hours=hours)
        InvolvementRecord.objects.create(person=person)
        InvolvementRecord.objects.bulk_create([InvolvementRecord(person=person)])
        models.InvolvementRecord.objects.get_or_create(person=person)
        made = involvement_record_create(person=person)
        made.save()
        for each in records:
            each.delete()
        one.save()
        mine = InvolvementRecord.objects.for_person(person)
        mine.delete()
        [row.save() for row in InvolvementRecord.objects.all()]
        return "DELETE FROM TABLE_NAME"
""".replace("TABLE_NAME", TABLE)

ALLOWED_USE = """
    from withus.involvement.models import InvolvementRecord
    from withus.involvement.services import involvement_record_correct, involvement_record_remove


    def correct(attendance, person, hours, actor):
        record = InvolvementRecord.objects.filter(person=person).first()
        involvement_record_correct(record=record, hours=hours, actor=actor)
        involvement_record_remove(record=record, actor=actor)
        total = InvolvementRecord.objects.for_person(person).count()
        attendance.save()
        record = attendance
        record.save()
        return total
"""


def _codes(source: str, path: str = "withus/opportunities/services/attendance.py", allowed=None):
    problems = lint.check_source(textwrap.dedent(source), path, allowed)
    return [(problem.line, problem.code) for problem in problems]


def _run(*paths) -> subprocess.CompletedProcess:
    """The command as `make lint` runs it: our own script, on paths this test chose."""
    command = [sys.executable, str(SCRIPT), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own script


def test_every_kind_of_write_is_flagged():
    assert _codes(OFFENDING) == [
        (10, "IWR003"),  # record.save(), record bound from InvolvementRecord.objects...
        (11, "IWR003"),  # record.delete()
        (12, "IWR001"),  # .update() on a queryset
        (13, "IWR001"),  # .create()
        (14, "IWR001"),  # .bulk_create()
        (14, "IWR002"),  # InvolvementRecord(...) made by hand
        (15, "IWR001"),  # models.InvolvementRecord.objects.get_or_create
        (17, "IWR003"),  # the service's answer saved directly
        (19, "IWR003"),  # a loop variable over a list annotated as records
        (20, "IWR003"),  # an argument annotated as a record
        (22, "IWR003"),  # a queryset held in a variable
        (23, "IWR003"),  # a comprehension over records
        (24, "IWR004"),  # the table in raw SQL
    ]


def test_reads_the_services_and_other_models_pass():
    # `record` rebound to an attendance is an attendance again: its save() is not flagged.
    assert _codes(ALLOWED_USE) == []


def test_the_allowlist_lets_through_only_its_own_code_in_its_own_module():
    allowed = {("withus/opportunities/services/attendance.py", "IWR003"): "a reason"}
    assert {code for _, code in _codes(OFFENDING, allowed=allowed)} == {"IWR001", "IWR002", "IWR004"}
    assert len(_codes(OFFENDING, "withus/learning/services.py", allowed)) == 13


def test_every_allowlist_entry_gives_a_reason():
    assert all(reason.strip() for reason in lint.ALLOWED.values())


def test_the_involvement_app_and_migrations_are_not_checked(tmp_path, monkeypatch):
    monkeypatch.setattr(lint, "REPOSITORY", tmp_path)
    for folder in ("withus/involvement", "withus/payments/migrations", "withus/payments", "tests"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "withus/involvement/services.py").write_text(textwrap.dedent(OFFENDING))
    (tmp_path / "withus/payments/migrations/0003_lock.py").write_text(textwrap.dedent(OFFENDING))
    (tmp_path / "withus/payments/services.py").write_text(textwrap.dedent(OFFENDING))
    (tmp_path / "tests/test_something.py").write_text(textwrap.dedent(OFFENDING))
    checked = sorted(str(path.relative_to(tmp_path)) for path in lint.modules([tmp_path]))
    assert checked == ["tests/test_something.py", "withus/payments/services.py"]


def test_the_command_fails_on_a_write_and_on_nothing_to_check(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "services.py").write_text(textwrap.dedent(OFFENDING))
    result = _run(tmp_path)
    assert result.returncode == 1
    assert "IWR001" in result.stdout
    assert "13 write(s) to involvement records" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run(empty).returncode == 2
    assert _run(tmp_path / "missing").returncode == 2


def test_the_project_passes():
    result = _run(SCRIPT.parent.parent / "withus", SCRIPT.parent.parent / "tests")
    assert result.returncode == 0, result.stdout
