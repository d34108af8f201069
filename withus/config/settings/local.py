"""Settings for a developer's machine: `make run`. Debug stays off so error pages look as users see them."""

from .base import *

SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]

# `WITHUS_MICROSOFT_DEMO=1 make run`: the Sign in with Microsoft button against the demo directory on this machine
# (manage.py microsoft_demo_provider, which make run then starts), never a real tenant. Issue 24.
if boolean_env("WITHUS_MICROSOFT_DEMO"):
    WITHUS_ENTRA_TENANT_ID = "00000000-0000-4000-8000-00000000d3e0"  # withus.demo.accounts_world.DEMO_TENANT
    WITHUS_ENTRA_CLIENT_ID = "withus-demo"
    WITHUS_ENTRA_CLIENT_SECRET = "demo-not-secret"  # noqa: S105 - the mock provider accepts any secret
    WITHUS_ENTRA_DISCOVERY_URL = WITHUS_ENTRA_DISCOVERY_URL or "http://127.0.0.1:8765/.well-known/openid-configuration"
    WITHUS_ENTRA_ORGANISATION = "RXX"
# Passkeys over plain HTTP on localhost only (production is HTTPS).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
