"""Production settings leave the demo trust out: its app is not installed and nothing imports it."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]

# Loads the production settings, the URLs, every app's modules and the WSGI application, then reports whether
# the demo app is installed, whether any of that imported it, and whether seed_demo is offered.
PROBE = """
import sys
import django
from django.conf import settings
django.setup()
from django.apps import apps
from django.core.management import get_commands
from django.urls import get_resolver
from withus.config.wsgi import application
get_resolver().url_patterns
print(apps.is_installed("withus.demo"), any(name.startswith("withus.demo") for name in sys.modules),
      "seed_demo" in get_commands(), "withus.demo" in settings.INSTALLED_APPS)
"""


def _production(code: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WITHUS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "withus.config.settings.production",
            "DJANGO_SECRET_KEY": "a-very-long-random-production-secret-key-that-is-not-real-0123456789",
            "DJANGO_ALLOWED_HOSTS": "withus.example.nhs.uk",
            "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
            "WITHUS_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "REDIS_URL": "redis://127.0.0.1:6379/9",
        }
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_demo_app_is_absent_from_production():
    result = _production(PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False"]


def test_the_demo_app_is_installed_elsewhere(settings):
    assert "withus.demo" in settings.INSTALLED_APPS
