"""Production settings pass Django's deploy checks and refuse to start with anything missing or weak;
passwords use Argon2."""

import importlib
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from withus.config.settings import base

ROOT = Path(__file__).resolve().parents[3]
A_TEST_KEY = "lIur0RPM4V3uv53eTM_3JacAovorl6VqenmW1cwPp_E="  # a Fernet key made for this test only


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
            "WITHUS_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "REDIS_URL": "redis://127.0.0.1:6379/9",
        }
    )
    env.update(extra)
    return env


def test_production_settings_pass_the_deploy_check_with_only_the_five_required_variables():
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


@pytest.fixture
def production_settings(monkeypatch):
    """Load the production settings in this process from a given environment (much faster than a subprocess)."""

    def load(**extra) -> dict:
        for key in list(os.environ):
            if key.startswith(("DJANGO_", "WITHUS_")) or key in {"DATABASE_URL", "REDIS_URL"}:
                monkeypatch.delenv(key)
        for key, value in _production_env(**extra).items():
            if key.startswith(("DJANGO_", "WITHUS_")) or key in {"DATABASE_URL", "REDIS_URL"}:
                monkeypatch.setenv(key, value)
        importlib.reload(base)
        return runpy.run_module("withus.config.settings.production")

    yield load
    monkeypatch.undo()
    importlib.reload(base)


def test_the_required_variables_load(production_settings):
    loaded = production_settings()
    assert loaded["WITHUS_ENVIRONMENT"] == "production"
    assert "withus.smoke" not in loaded["INSTALLED_APPS"]
    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(
    ("secret_key", "why"),
    [
        ("short-but-random-Xq7#pL2", "too short"),
        ("ab" * 40, "too few different characters"),
        ("django-insecure-" + "k3Jq9vX2mLp8RtY6wZ4nB7cD1fG5hH0sQaE", "Django's placeholder"),
    ],
    ids=["short", "few characters", "placeholder"],
)
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(production_settings, secret_key, why):
    with pytest.raises(ImproperlyConfigured, match="too short or too simple") as refused:
        production_settings(DJANGO_SECRET_KEY=secret_key)
    assert "secrets.token_urlsafe(50)" in str(refused.value), why


def test_a_random_50_character_secret_key_is_accepted(production_settings):
    production_settings(DJANGO_SECRET_KEY="Zq3-" + "x7Lm" * 11 + "pQ9wE2")


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("", "Set WITHUS_ENCRYPTION_KEYS"),
        ("not-a-fernet-key", "Key 1 in WITHUS_ENCRYPTION_KEYS is not a Fernet key"),
        (f"{A_TEST_KEY},too-short", "Key 2 in WITHUS_ENCRYPTION_KEYS is not a Fernet key"),
        (base.DEVELOPMENT_ENCRYPTION_KEY, "public development key"),
    ],
    ids=["missing", "not a key", "second not a key", "development key"],
)
def test_production_requires_real_encryption_keys(production_settings, keys, message):
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        production_settings(WITHUS_ENCRYPTION_KEYS=keys)
    assert "Fernet.generate_key()" in str(refused.value)


def test_production_keeps_every_encryption_key_in_order(production_settings):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    loaded = production_settings(WITHUS_ENCRYPTION_KEYS=f"{first}, {second}")
    assert loaded["WITHUS_ENCRYPTION_KEYS"] == [first, second]


@pytest.mark.parametrize("redis_url", ["", "127.0.0.1:6379"], ids=["missing", "no scheme"])
def test_production_requires_a_shared_redis(production_settings, redis_url):
    with pytest.raises(ImproperlyConfigured, match="Set REDIS_URL"):
        production_settings(REDIS_URL=redis_url)


def test_the_smoke_test_switch_is_refused_for_a_real_host_name(production_settings):
    with pytest.raises(ImproperlyConfigured, match="must never be set in a real deployment"):
        production_settings(WITHUS_SMOKE_TEST="1", DJANGO_ALLOWED_HOSTS="withus.example.nhs.uk,127.0.0.1")


def test_the_smoke_test_app_is_installed_only_with_the_switch_on_a_loopback_site(production_settings):
    loaded = production_settings(WITHUS_SMOKE_TEST="1", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    assert loaded["WITHUS_SMOKE_TEST"] is True
    assert "withus.smoke" in loaded["INSTALLED_APPS"]


def test_flash_messages_are_kept_in_the_session_not_a_cookie():
    assert base.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"


def test_behind_the_proxy_production_counts_the_client_the_proxy_names(production_settings):
    # Otherwise every sign-in would appear to come from the proxy and one client could lock out the trust.
    assert production_settings()["WITHUS_TRUSTED_PROXY_COUNT"] == 1
    assert production_settings(WITHUS_TRUSTED_PROXY_COUNT="2")["WITHUS_TRUSTED_PROXY_COUNT"] == 2
    assert production_settings(DJANGO_BEHIND_PROXY="0")["WITHUS_TRUSTED_PROXY_COUNT"] == 0
