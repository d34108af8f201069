"""Settings shared by every environment. Reads only environment variables; never a .env file."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from withus.core import object_storage
from withus.core.languages import LANGUAGES as SITE_LANGUAGES

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "withus"
VAR_DIR = BASE_DIR / "var"


def boolean_env(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def list_env(name: str, *, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def int_env(name: str, *, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = boolean_env("DJANGO_DEBUG")
ALLOWED_HOSTS = list_env("DJANGO_ALLOWED_HOSTS")
WITHUS_DEMO = boolean_env("WITHUS_DEMO")
WITHUS_ENVIRONMENT = "local"

INSTALLED_APPS = [
    "withus.core",
    "withus.organisations",
    "withus.accounts",
    "withus.people",
    "withus.notifications",
    "withus.involvement",
    "withus.improvement",
    "withus.learning",
    "withus.payments",
    "withus.opportunities",
    "withus.governance",
    "withus.accreditation",
    "withus.voice",
    "withus.support",
    "withus.reports",
    "withus.api",
    "withus.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # every signed-in session of an account, so deactivating it ends them all
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # only for its bundled Swagger UI assets (the API docs page, no CDN: strict CSP)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "withus.accounts.middleware.ChosenLanguageMiddleware",  # the language the person chose, once confirmed
    "withus.core.middleware.OrganisationRowSecurityMiddleware",  # PostgreSQL: SET LOCAL the organisation (ADR 32)
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "withus.accounts.middleware.SessionLastSeenMiddleware",
    "withus.accounts.middleware.StaffTwoStepVerificationMiddleware",
    "withus.core.middleware.SignedInPagesNotCachedMiddleware",
    "withus.core.replica.ReplicaPinMiddleware",  # after a change, reports read the primary for a while (ADR 40)
]

ROOT_URLCONF = "withus.config.urls"
WSGI_APPLICATION = "withus.config.wsgi.application"

TEMPLATES = [
    {
        # Jinja2 first: every page of ours, and our versions of allauth's pages.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "withus.config.jinja2_env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "withus.core.context_processors.layout",
                "withus.notifications.context_processors.navigation",  # accounts' navigation with unread counts
                "withus.organisations.context_processors.trust_contact",
            ],
        },
    },
    {
        # Django templates only for third-party templates we do not render to users (e.g. allauth e-mails).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'withus.sqlite3'}",
        conn_max_age=int_env("DATABASE_CONN_MAX_AGE", default=0),
    )
}
# Each request is one transaction: a failure part-way through leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A read replica for the reports (issue 25 item 5, ADR 40; withus.core.replica): only the report pages marked
# `reads_from_replica` read there, never after a write, and they say "figures as of" the replica's time.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int_env("DATABASE_CONN_MAX_AGE", default=0)
    )
    # Tests never open a second test database: the replica is the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["withus.core.replica.ReplicaRouter"]
# Seconds after a person's last change (any POST) during which their report pages read the primary, so they see it.
WITHUS_REPLICA_PIN_SECONDS = int_env("WITHUS_REPLICA_PIN_SECONDS", default=30)
# PgBouncer (or another pooler) in transaction mode hands each transaction any server connection: a server-side
# cursor (Django's .iterator() on PostgreSQL) would be opened on one and fetched from another. Row-level security
# is already set per transaction (SET LOCAL, ADR 32), never per session.
WITHUS_DB_POOLER = os.environ.get("WITHUS_DB_POOLER", "").strip().lower()
if WITHUS_DB_POOLER not in {"", "session", "transaction"}:
    raise ImproperlyConfigured(
        f"WITHUS_DB_POOLER must be 'transaction' (PgBouncer in transaction mode), 'session' or empty, not "
        f"{WITHUS_DB_POOLER!r}"
    )
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiler spends longer compiling the register's queries than running them.
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        _database["DISABLE_SERVER_SIDE_CURSORS"] = WITHUS_DB_POOLER == "transaction"
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database.setdefault("OPTIONS", {})
        _database["OPTIONS"].update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "withus.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail is the sign-in name; participants may sign in with a typed code sent by e-mail, or (those
# given a sign-in by mobile number, ADR 34) with a code sent by text message through the notifications gateway.
ACCOUNT_ADAPTER = "withus.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {
    "login": "withus.accounts.forms.SignInForm",
    "request_login_code": "withus.accounts.forms.RequestSignInCodeForm",
    "confirm_login_code": "withus.accounts.forms.ConfirmSignInCodeForm",
    "reset_password": "withus.accounts.forms.PasswordResetRequestForm",
    "add_email": "withus.accounts.forms.ChangeSignInEmailForm",
    "confirm_email_verification_code": "withus.accounts.forms.ConfirmNewEmailCodeForm",
    "reauthenticate": "withus.accounts.forms.ConfirmWithPasswordForm",
    "confirm_reauthentication_code": "withus.accounts.forms.ConfirmWithCodeForm",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int_env("WITHUS_SIGN_IN_CODE_MINUTES", default=10) * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True  # "Send me a new code" sends one to the same address
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "WithUs: "
# The sign-in address belongs to the account, and only its owner changes it (at /accounts/email/): they confirm
# it is them first, the new address works only once they have typed a code sent to it, and the old address is
# told. The e-mail on a person's register record is only for contacting them (ADR 11).
# An address works for signing in only once its owner has typed a code sent to it: a first sign-in with a
# code does that; a first sign-in with a password asks for such a code once.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2  # the current address, and the one being changed to
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = ACCOUNT_LOGIN_BY_CODE_TIMEOUT
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Confirm it is you (password, a code by e-mail, or the authenticator app) before changing sign-in details.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_RATE_LIMITS = {
    # Brute force: at most 5 failed sign-ins per e-mail address per 5 minutes, and 30 per client address (the
    # real client behind WITHUS_TRUSTED_PROXY_COUNT proxies, so one client cannot lock out the whole trust).
    "login_failed": "30/5m/ip,5/5m/key",
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}

# Two-step verification (allauth.mfa): an authenticator app, with recovery codes. NHS England's MFA policy
# requires it for remote and privileged access, so production requires it of every staff-side user; elsewhere
# it is offered (WITHUS_STAFF_MFA_REQUIRED=1 turns the requirement on). Participants sign in with a code sent
# to their e-mail and are not asked for an authenticator app.
MFA_ADAPTER = "withus.accounts.adapter.TwoStepAdapter"
# Passkeys (WebAuthn, issue 24 item 3): local staff accounts may add one and sign in with it alone (it is a second
# factor in itself: something they have, unlocked by their fingerprint, face or PIN). allauth's own support, no
# second MFA library. WebAuthn needs HTTPS or localhost, never an IP address.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "WithUs"
MFA_RECOVERY_CODE_COUNT = 10
WITHUS_STAFF_MFA_REQUIRED = boolean_env("WITHUS_STAFF_MFA_REQUIRED")

# Staff sign-in with the trust's Microsoft directory (Entra ID / NHSmail; issue 24, ADR 31; README "Sign in with
# Microsoft"). Off unless the tenant, client id and secret are all set; the sign-in page then shows the button.
WITHUS_ENTRA_TENANT_ID = os.environ.get("WITHUS_ENTRA_TENANT_ID", "")
WITHUS_ENTRA_CLIENT_ID = os.environ.get("WITHUS_ENTRA_CLIENT_ID", "")
WITHUS_ENTRA_CLIENT_SECRET = os.environ.get("WITHUS_ENTRA_CLIENT_SECRET", "")
# Empty: the tenant's own discovery document at login.microsoftonline.com (a local mock provider in tests and demos).
WITHUS_ENTRA_DISCOVERY_URL = os.environ.get("WITHUS_ENTRA_DISCOVERY_URL", "")
# The ODS code of the trust whose staff sign in this way (empty when WithUs holds one trust).
WITHUS_ENTRA_ORGANISATION = os.environ.get("WITHUS_ENTRA_ORGANISATION", "")
WITHUS_ENTRA_TIMEOUT_SECONDS = int_env("WITHUS_ENTRA_TIMEOUT_SECONDS", default=5)
# The trust's rule: someone of its tenant with a mapped app role and no WithUs account gets one at first sign-in.
# Off: accounts are connected only through an administrator's invitation link.
WITHUS_ENTRA_NEW_ACCOUNTS = boolean_env("WITHUS_ENTRA_NEW_ACCOUNTS")
WITHUS_ENTRA_INVITATION_DAYS = int_env("WITHUS_ENTRA_INVITATION_DAYS", default=7)
# Authenticator-app secrets and recovery-code seeds are encrypted at rest (Fernet, ADR 8). The first key
# encrypts; every key decrypts, so a new key goes first and the old one stays until `rotate_two_step_keys` has
# run. Production requires its own keys; elsewhere this development key (public, so never secret) is used.
DEVELOPMENT_ENCRYPTION_KEY = "d2l0aHVzLWRldi1rZXktcHVibGljLW5vdC1zZWNyZXQ="
WITHUS_ENCRYPTION_KEYS = list_env("WITHUS_ENCRYPTION_KEYS") or [DEVELOPMENT_ENCRYPTION_KEY]

# Sessions: server-side, ended on sign-out, and a sliding idle timeout (default 30 minutes).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
WITHUS_SESSION_IDLE_MINUTES = int_env("WITHUS_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = WITHUS_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# When each signed-in device was last used, for /accounts/sessions/ (issue 24 item 4): noted at most once in this
# many seconds per session (allauth's own tracking writes on every request).
WITHUS_SESSION_SEEN_EVERY_SECONDS = 300
# Flash messages can carry names ("Amara Okafor's claim was approved"): keep them in the server-side session,
# never in a cookie the browser holds in readable form.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
# Issue 26: the participant pages in the demo area's community languages, each offered once an administrator
# confirms it (withus.core.languages). The person's choice is kept on their account, not taken from the browser.
LANGUAGES = [(language.code, language.english_name) for language in SITE_LANGUAGES]
LANGUAGES_BIDI = [language.code for language in SITE_LANGUAGES if language.right_to_left]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static_build"]
STORAGES = {
    # Uploads (receipts): a local folder, or an S3-compatible bucket when WITHUS_S3_BUCKET is set (README).
    "default": object_storage.default_storage(os.environ, local_folder=VAR_DIR / "files"),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int_env("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = boolean_env("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WithUs <withus@localhost>")

# Background tasks (ADR 23): the django.tasks API on the database backend; `db_worker` processes run them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# GOV.UK Notify (ADR 23). With no API key, messages go through the local gateway (e-mail to EMAIL_BACKEND, text
# messages to the log). NOTIFY_BASE_URL is empty for Notify itself; tests point it at a fake on 127.0.0.1.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "")
NOTIFY_GATEWAY = os.environ.get("NOTIFY_GATEWAY", "notify" if NOTIFY_API_KEY else "local")
# The one generic template per channel in the trust's Notify service: ((subject)) and ((body)) placeholders.
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
# The bearer token Notify's delivery-receipt callback sends (set in the Notify service's API integration page).
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")

# Security headers that apply everywhere; production.py adds the HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WITHUS_PAGE_SIZE = 25

# Heavy inputs (issue 12 item 6; README "Limits on heavy inputs"): each is refused with a message that says what
# to do, in under 2 s (benchmarks/heavy_inputs.py, docs/benchmarks.md). Environment variables override them.
WITHUS_MAX_POINTS_PER_MEASURE = int_env("WITHUS_MAX_POINTS_PER_MEASURE", default=10_000)
WITHUS_MAX_POINTS_PER_IMPORT = int_env("WITHUS_MAX_POINTS_PER_IMPORT", default=10_000)
# Requests one API token may make in a minute (issue 23); counted in the cache (Redis when REDIS_URL is set).
WITHUS_API_REQUESTS_PER_MINUTE = int_env("WITHUS_API_REQUESTS_PER_MINUTE", default=600)
WITHUS_MAX_SPREADSHEET_ROWS = int_env("WITHUS_MAX_SPREADSHEET_ROWS", default=20_000)  # read from a CSV or XLSX
WITHUS_MAX_SPREADSHEET_COLUMNS = int_env("WITHUS_MAX_SPREADSHEET_COLUMNS", default=50)
WITHUS_MAX_FIELD_CHARACTERS = int_env("WITHUS_MAX_FIELD_CHARACTERS", default=10_000)  # one cell of an imported file
WITHUS_MAX_IMAGE_PIXELS = int_env("WITHUS_MAX_IMAGE_PIXELS", default=25_000_000)  # width x height of a receipt photo
# A measure's page and chart downloads show its latest points only (with a note); data.csv has every point.
WITHUS_MEASURE_POINTS_SHOWN = int_env("WITHUS_MEASURE_POINTS_SHOWN", default=1_000)

# Dated tax thresholds shown with a person's earnings each tax year (issue 16 item 6). A change is a new entry with
# the date it takes effect; the newest entry of each name in force at the end of a tax year is used for that year.
WITHUS_TAX_THRESHOLDS = [
    {
        "name": "Personal Allowance",
        "amount": "12570.00",
        "from": "2021-04-06",
        "meaning": "Most people pay no income tax on the first £12,570 of income in a tax year, counting every "
        "job, pension and payment together. Above it, tax may be due on these payments.",
    },
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every PDF at INFO; only its warnings are worth keeping.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "withus.core.views.csrf_failure"
WITHUS_TRUSTED_PROXY_COUNT = int_env("WITHUS_TRUSTED_PROXY_COUNT", default=0)

# Receipts and other uploads: an optional virus scanner, as the dotted path of a callable taking the file's bytes
# and its name and returning None when clean or the name of what it found (see withus.core.scanning).
# "withus.core.scanning.clamd_scan" uses ClamAV's clamd (WITHUS_CLAMD_SOCKET, or WITHUS_CLAMD_HOST/PORT).
WITHUS_VIRUS_SCANNER = os.environ.get("WITHUS_VIRUS_SCANNER", "")
WITHUS_CLAMD_SOCKET = os.environ.get("WITHUS_CLAMD_SOCKET", "")
WITHUS_CLAMD_HOST = os.environ.get("WITHUS_CLAMD_HOST", "")
WITHUS_CLAMD_PORT = int_env("WITHUS_CLAMD_PORT", default=3310)

# Only CI's production smoke test sets this (see withus/smoke and ADR 8); production.py refuses it unless the
# site answers to loopback addresses alone.
WITHUS_SMOKE_TEST = False
