"""A mock OpenID provider (oidc-provider-mock) on 127.0.0.1 in a thread, standing in for the trust's Entra tenant,
and a browser-less walk through the sign-in: WithUs's start page, the provider's sign-in form, WithUs's callback."""

import base64
import json
import threading
import time
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit

import oidc_provider_mock
import requests
from authlib.integrations.django_client.apps import DjangoOAuth2App
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

TENANT = "7b1c0a4e-0000-4000-8000-000000000001"
OTHER_TENANT = "7b1c0a4e-0000-4000-8000-000000000999"
CLIENT_ID = "withus-test-client"


@contextmanager
def mock_provider():
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def configure(settings, provider: str, **extra) -> None:
    settings.WITHUS_ENTRA_TENANT_ID = TENANT
    settings.WITHUS_ENTRA_CLIENT_ID = CLIENT_ID
    settings.WITHUS_ENTRA_CLIENT_SECRET = "test-secret"
    settings.WITHUS_ENTRA_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    for name, value in extra.items():
        setattr(settings, f"WITHUS_ENTRA_{name}", value)


def set_directory_user(provider: str, sub: str, **claims) -> None:
    """What the directory says about this person in their next ID token (tid, oid, roles, email, name)."""
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204, response.text


def start(client, next_url: str = ""):
    response = client.get(reverse("accounts:microsoft_start") + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.status_code
    return response["Location"]


def approve_at_provider(authorize_url: str, sub: str) -> str:
    """The person signs in at the provider, which sends them back to WithUs with a code and the state."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def follow_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, sub: str, next_url: str = ""):
    return follow_back(client, approve_at_provider(start(client, next_url), sub))


# Tokens the provider did not mean to give: a changed payload (the signature no longer matches), or one signed by
# a key the provider publishes but with claims WithUs must refuse (another audience, issuer, nonce; expired).

EXTRA_KEY = RSAKey.generate_key(2048, parameters={"kid": "rotated-key"})


def _payload(id_token: str) -> dict:
    body = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@contextmanager
def tokens_changed(change, *, resign: bool):
    """Every ID token WithUs receives is changed by `change(claims)`: re-signed with a key the provider publishes
    (resign=True), or left with the provider's signature over the old payload (a tampered token)."""
    original_fetch = DjangoOAuth2App.fetch_access_token
    original_keys = DjangoOAuth2App.fetch_jwk_set

    def fetch(self, *args, **kwargs):
        token = original_fetch(self, *args, **kwargs)
        claims = _payload(token["id_token"])
        change(claims)
        if resign:
            token["id_token"] = jwt.encode({"alg": "RS256", "kid": "rotated-key"}, claims, EXTRA_KEY)
        else:
            header, _, signature = token["id_token"].split(".")
            body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            token["id_token"] = f"{header}.{body}.{signature}"
        return token

    def keys(self, force=False):
        published = original_keys(self, force=force)
        return {"keys": [*published["keys"], EXTRA_KEY.as_dict(private=False)]}

    with (
        mock.patch.object(DjangoOAuth2App, "fetch_access_token", fetch),
        mock.patch.object(DjangoOAuth2App, "fetch_jwk_set", keys),
    ):
        yield


def expired(claims):
    claims["iat"] = int(time.time()) - 3600
    claims["exp"] = int(time.time()) - 600
