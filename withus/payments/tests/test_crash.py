"""A process killed (SIGKILL) half-way through making a batch leaves no batch and no claim half-exported, and
the claims can then be exported normally. Runs on SQLite (its own database file) and on PostgreSQL."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from withus.core.tests import database_template

REPO_ROOT = Path(__file__).resolve().parents[3]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        user = settings.get("USER") or "postgres"
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    return f"sqlite:///{tmp_path / 'crash.sqlite3'}"


def _env(database_url: str, **extra) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "withus.config.settings.test", **extra})
    return env


def _run(env, *args, timeout=300) -> str:
    result = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killing_an_export_half_way_leaves_no_partial_batch(tmp_path):
    database_url = _database_url(tmp_path)
    env = _env(database_url)
    # SQLite: a copy of the migrated test template when there is one (withus/core/tests/database_template.py).
    if connection.vendor == "sqlite" and not database_template.copy_to(tmp_path / "crash.sqlite3"):
        _run(env, "manage.py", "migrate", "--noinput")
    worker = "withus.payments.tests.crash_worker"
    _run(env, "-m", worker, "prepare")
    marker = tmp_path / "half-way"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", worker, "export", "2", str(marker)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):
            if marker.exists() or process.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), f"the export never reached the pause: {process.communicate()[0]!r}"
        assert marker.read_text() == "2"  # two of the four claims were written when the process was killed
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    after_crash = json.loads(_run(env, "-m", worker, "report").strip().splitlines()[-1])
    assert after_crash == {
        "batches": 0,
        "statuses": ["approved"] * 4,
        "in_a_batch": 0,
        "exported_history": 0,
        "problems": [],
    }
    # Nothing was lost either: the same claims export normally afterwards.
    _run(env, "-m", worker, "export")
    after_retry = json.loads(_run(env, "-m", worker, "report").strip().splitlines()[-1])
    assert after_retry["batches"] == 1
    assert after_retry["statuses"] == ["exported"] * 4
    assert after_retry["problems"] == []
