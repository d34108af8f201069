"""Settings for the test suite. DATABASE_URL still wins, so CI can point it at PostgreSQL."""

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
WITHUS_ENVIRONMENT = "test"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing in tests; production uses Argon2 (asserted in tests against base settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# WhiteNoise indexes every static file whenever a test client loads the middleware (about 14 ms, hundreds of
# times a run); in tests, as in development, it finds a file when one is asked for instead.
WHITENOISE_AUTOREFRESH = True
# The smoke test's command is installed so its refusals are tested; WITHUS_SMOKE_TEST stays off (base).
INSTALLED_APPS = [*INSTALLED_APPS, "withus.smoke"]
# Tasks run as soon as they are enqueued (on commit); tests of the worker itself use the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
NOTIFY_GATEWAY = "local"
NOTIFY_CALLBACK_TOKEN = "test-callback-token"  # noqa: S105
# Passkeys over plain HTTP on localhost only (production is HTTPS).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
