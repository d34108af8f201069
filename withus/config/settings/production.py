"""Production: everything deploy-specific comes from the environment; secure by default. Anything missing or
weak stops the start with a message saying how to put it right."""

from cryptography.fernet import Fernet

from .base import *

# Django's own bar for a secret key (check W009): at least 50 characters, at least 5 different ones.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DIFFERENT_CHARACTERS = 5
MAKE_A_SECRET_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"  # noqa: S105 - a command
MAKE_AN_ENCRYPTION_KEY = "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

if not SECRET_KEY:
    raise ImproperlyConfigured(f"Set DJANGO_SECRET_KEY to a long random value. Make one with: {MAKE_A_SECRET_KEY}")
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DIFFERENT_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too short or too simple to keep sessions and sign-in links safe: it needs at least "
        f"{SECRET_KEY_MIN_LENGTH} random characters. Make one with: {MAKE_A_SECRET_KEY}"
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the host names WithUs is served on.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://user@host:5432/withus.")
if WITHUS_DEMO:
    raise ImproperlyConfigured("WITHUS_DEMO must not be set in production.")
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "Set REDIS_URL, e.g. redis://127.0.0.1:6379/0: the sign-in rate limits and the check that an authenticator "
        "code is used only once must be shared by every worker."
    )

WITHUS_ENCRYPTION_KEYS = list_env("WITHUS_ENCRYPTION_KEYS")
if not WITHUS_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "Set WITHUS_ENCRYPTION_KEYS to one or more Fernet keys, separated by commas (the first encrypts two-step "
        f"secrets, all of them decrypt). Make one with: {MAKE_AN_ENCRYPTION_KEY}"
    )
for _position, _key in enumerate(WITHUS_ENCRYPTION_KEYS, start=1):
    if _key == DEVELOPMENT_ENCRYPTION_KEY:
        raise ImproperlyConfigured(
            f"Key {_position} in WITHUS_ENCRYPTION_KEYS is the public development key. Make a new one with: "
            f"{MAKE_AN_ENCRYPTION_KEY}"
        )
    try:
        Fernet(_key)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"Key {_position} in WITHUS_ENCRYPTION_KEYS is not a Fernet key (32 bytes in URL-safe base64). "
            f"Make one with: {MAKE_AN_ENCRYPTION_KEY}"
        ) from _error

# The fictional demo trust (and its seed_demo command) is not installed in production.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "withus.demo"]

WITHUS_ENVIRONMENT = "production"
DEBUG = False
SECURE_SSL_REDIRECT = boolean_env("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int_env("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = boolean_env("DJANGO_HSTS_PRELOAD", default=True)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (see README).
if boolean_env("DJANGO_BEHIND_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind the documented proxy the connecting address is the proxy's: count the client it names instead, so one
    # client's failed sign-ins never lock out the whole trust (ADR 11).
    WITHUS_TRUSTED_PROXY_COUNT = int_env("WITHUS_TRUSTED_PROXY_COUNT", default=1)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-withus-session"
CSRF_COOKIE_NAME = "__Host-withus-csrf"
CSRF_TRUSTED_ORIGINS = list_env("DJANGO_CSRF_TRUSTED_ORIGINS") or [f"https://{host}" for host in ALLOWED_HOSTS]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# NHS England MFA policy: every staff-side sign-in over the internet uses two-step verification.
WITHUS_STAFF_MFA_REQUIRED = boolean_env("WITHUS_STAFF_MFA_REQUIRED", default=True)

# CI's production smoke test (ADR 8): only then is the app with `create_smoke_test_users` installed, and only
# for a site that answers to loopback addresses alone, so a real deployment can never load it.
WITHUS_SMOKE_TEST = boolean_env("WITHUS_SMOKE_TEST")
if WITHUS_SMOKE_TEST:
    if not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            "WITHUS_SMOKE_TEST is only for CI's smoke test, on a site served to 127.0.0.1 alone. Remove it: it "
            "must never be set in a real deployment."
        )
    INSTALLED_APPS = [*INSTALLED_APPS, "withus.smoke"]
