"""Production: everything deploy-specific comes from the environment; secure by default."""

from .base import *

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the host names WithUs is served on.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://user@host:5432/withus.")
if WITHUS_DEMO:
    raise ImproperlyConfigured("WITHUS_DEMO must not be set in production.")

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
