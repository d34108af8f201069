"""The migrations describe the models exactly (what `makemigrations --check` checks), inside the test run."""

import io

from django.core.management import call_command


def test_no_model_change_is_missing_a_migration(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
    except SystemExit as exit_:  # makemigrations --check exits 1 when a migration is missing
        raise AssertionError(f"A model changed without a migration: run makemigrations.\n{out.getvalue()}") from exit_
    assert "No changes detected" in out.getvalue()
