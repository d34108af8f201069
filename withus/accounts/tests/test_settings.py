"""Production settings pass Django's deploy checks; passwords use Argon2."""

import os
import subprocess
import sys
from pathlib import Path

from withus.config.settings import base

ROOT = Path(__file__).resolve().parents[3]


def test_passwords_are_hashed_with_argon2():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_idle_timeout_defaults_to_30_minutes_and_slides():
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert base.SESSION_SAVE_EVERY_REQUEST is True
    assert base.LANGUAGE_CODE == "en-gb"


def _production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WITHUS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "withus.config.settings.production",
            "DJANGO_SECRET_KEY": "a-very-long-random-production-secret-key-that-is-not-real-0123456789",
            "DJANGO_ALLOWED_HOSTS": "withus.example.nhs.uk",
            "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
        }
    )
    env.update(extra)
    return env


def test_production_settings_pass_the_deploy_check_with_only_three_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(DJANGO_SECRET_KEY=""),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_host_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SESSION_COOKIE_NAME, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "__Host-withus-session", "31536000"]


def test_production_requires_two_step_verification_for_staff():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.WITHUS_STAFF_MFA_REQUIRED)",
        ],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
