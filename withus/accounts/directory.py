"""Talking to the trust's Microsoft directory (Entra ID / NHSmail) with Authlib's Django client (issue 24, ADR 31).

OpenID Connect authorisation code flow with PKCE (S256), state and nonce. Authlib keeps the state, the nonce and
the PKCE verifier in the session, refuses a state it did not issue (or has already used), and validates the ID
token's signature, issuer (from the tenant-specific discovery document), audience, expiry and nonce. Which account
the token signs in as is decided in `services_directory`, never here.
"""

from dataclasses import dataclass
from functools import lru_cache

from authlib.integrations.django_client import OAuth
from django.conf import settings

# Entra's issuer for a tenant is tenant-specific; the `common` endpoint's issuer is a template that never matches a
# token, so WithUs always asks the tenant's own discovery document.
ENTRA_DISCOVERY = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"
SCOPE = "openid profile email"


@dataclass(frozen=True)
class DirectoryConfig:
    tenant_id: str
    client_id: str
    client_secret: str
    discovery_url: str
    timeout_seconds: int
    organisation_code: str
    new_accounts: bool
    invitation_days: int


def directory_config() -> DirectoryConfig | None:
    """The directory's settings, or None when Microsoft sign-in is not configured (the button is then not shown)."""
    tenant = settings.WITHUS_ENTRA_TENANT_ID.strip()
    client_id = settings.WITHUS_ENTRA_CLIENT_ID.strip()
    secret = settings.WITHUS_ENTRA_CLIENT_SECRET
    if not (tenant and client_id and secret):
        return None
    return DirectoryConfig(
        tenant_id=tenant,
        client_id=client_id,
        client_secret=secret,
        discovery_url=settings.WITHUS_ENTRA_DISCOVERY_URL or ENTRA_DISCOVERY.format(tenant=tenant),
        timeout_seconds=settings.WITHUS_ENTRA_TIMEOUT_SECONDS,
        organisation_code=settings.WITHUS_ENTRA_ORGANISATION,
        new_accounts=settings.WITHUS_ENTRA_NEW_ACCOUNTS,
        invitation_days=settings.WITHUS_ENTRA_INVITATION_DAYS,
    )


def is_configured() -> bool:
    return directory_config() is not None


@lru_cache(maxsize=8)
def _client_for(config: DirectoryConfig):
    # One registry per configuration, so the discovery document and signing keys are fetched once per process
    # (Authlib fetches the keys again when a token names a key it has not seen).
    oauth = OAuth()
    return oauth.register(
        name="entra",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.discovery_url,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            # Every request to the directory gives up after this long, so a slow provider never holds a page.
            "default_timeout": config.timeout_seconds,
        },
    )


def directory_client(config: DirectoryConfig):
    return _client_for(config)
