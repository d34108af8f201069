"""Making and checking API token secrets, and limiting how often one token may be used.

A secret is "wu_" and 43 URL-safe characters (256 random bits). Its first 11 characters are the prefix, kept in
clear and unique, so a request finds its token with one indexed lookup; the whole secret's SHA-256 digest is then
compared in constant time. A fast hash is right here (unlike for passwords): the secret is random and long, so
there is nothing to guess, and a per-request PBKDF2 would cost tens of milliseconds (ADR 30).
"""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from withus.api.models import ApiToken

SECRET_START = "wu_"  # noqa: S105 - the visible start of every token, not a secret
PREFIX_LENGTH = len(SECRET_START) + 8
LAST_USED_EVERY_SECONDS = 60  # last_used_at is written at most once a minute per token, not on every request


@dataclass(frozen=True)
class NewSecret:
    secret: str
    prefix: str
    digest: str


class TokenRefused(Exception):
    """The request's token is missing, unknown, expired or revoked (401), with what to do about it."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class TooManyRequests(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> NewSecret:
    secret = SECRET_START + secrets.token_urlsafe(32)
    return NewSecret(secret=secret, prefix=secret[:PREFIX_LENGTH], digest=digest_of(secret))


def token_for(secret: str) -> ApiToken:
    """The usable token this secret belongs to, or TokenRefused saying why not."""
    if not secret.startswith(SECRET_START) or len(secret) < PREFIX_LENGTH + 16 or len(secret) > 200:
        raise TokenRefused("The token is not a WithUs API token. Send 'Authorization: Bearer wu_...'.")
    token = ApiToken.objects.select_related("organisation").filter(prefix=secret[:PREFIX_LENGTH]).first()
    # Compare even when no token has this prefix, so the answer takes as long either way.
    expected = token.digest if token else digest_of(SECRET_START)
    if not hmac.compare_digest(expected, digest_of(secret)) or token is None:
        raise TokenRefused("The token is not recognised. Check it was copied in full, or ask for a new one.")
    if token.revoked_at:
        raise TokenRefused("The token has been revoked. Ask an administrator of your trust for a new one.")
    now = timezone.now()
    if token.expires_at and token.expires_at <= now:
        raise TokenRefused("The token has expired. Ask an administrator of your trust for a new one.")
    return token


def note_use(token: ApiToken) -> None:
    """Record when the token was last used (at most once a minute, so a busy token does not write every time)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_EVERY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def check_rate(token: ApiToken) -> None:
    """A fixed one-minute window per token in the cache (Redis in production when REDIS_URL is set, otherwise
    each process's memory); over WITHUS_API_REQUESTS_PER_MINUTE, TooManyRequests."""
    limit = settings.WITHUS_API_REQUESTS_PER_MINUTE
    window = int(time.time() // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise TooManyRequests(retry_after=60 - int(time.time() % 60))
