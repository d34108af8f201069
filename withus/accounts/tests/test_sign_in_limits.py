"""Sign-in rate limits behind the reverse proxy: they count against the real client (the address the trusted
proxy saw, taken from X-Forwarded-For), so one client's failures never lock out everyone else in the trust,
a client cannot dodge its limit by sending a made-up X-Forwarded-For, and the limit per account still holds."""

import pytest
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.factories import PASSWORD
from withus.core.models import AuditAction, AuditEntry

PROXY = "10.0.0.5"  # every request reaches WithUs from the proxy
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"
TOO_MANY = "You have tried to sign in too many times"
WRONG_PASSWORD = "not-the-password"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.WITHUS_TRUSTED_PROXY_COUNT = 1


def _sign_in(client: Client, *, forwarded_for: str, email: str, password: str | None = None):
    """A sign-in sent through the proxy, which appends the address it saw to X-Forwarded-For."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password or WRONG_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _signed_in_as(client: Client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_fifty_failed_sign_ins_from_one_client_do_not_stop_another(make_user):
    ellen = make_user(Role.STAFF, email="ellen@example.org")
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    attacker = Client()
    # Fifty guesses at fifty different accounts: only the limit per client address can stop them.
    for number in range(50):
        response = _sign_in(attacker, forwarded_for=ATTACKER, email=f"guess{number}@example.org")
        assert response.status_code == 200
    # The attacker is stopped, even with a right password...
    stopped = _sign_in(attacker, forwarded_for=ATTACKER, email=amara.email, password=PASSWORD)
    assert TOO_MANY in stopped.content.decode()
    assert not _signed_in_as(attacker, amara)

    # ...but a colleague behind the same proxy signs in straight away.
    colleague = Client()
    response = _sign_in(colleague, forwarded_for=COLLEAGUE, email=ellen.email, password=PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(colleague, ellen)
    # And the audit log records where each came from: the clients, not the proxy.
    assert AuditEntry.objects.get(action=AuditAction.SIGN_IN).ip_address == COLLEAGUE
    assert set(AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).values_list("ip_address", flat=True)) == {
        ATTACKER
    }


def test_a_made_up_forwarded_for_entry_does_not_dodge_the_limit(make_user):
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    attacker = Client()
    # The attacker sends a new X-Forwarded-For each time; the proxy appends the address it really saw.
    for number in range(30):
        _sign_in(attacker, forwarded_for=f"192.0.2.{number}, {ATTACKER}", email=f"guess{number}@example.org")
    stopped = _sign_in(attacker, forwarded_for=f"192.0.2.99, {ATTACKER}", email=amara.email, password=PASSWORD)
    assert TOO_MANY in stopped.content.decode()
    assert not _signed_in_as(attacker, amara)


def test_the_limit_per_account_holds_whichever_client_tries(make_user):
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    for number in range(5):
        _sign_in(Client(), forwarded_for=f"203.0.113.{10 + number}", email=amara.email)
    client = Client()
    response = _sign_in(client, forwarded_for="203.0.113.50", email=amara.email, password=PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not _signed_in_as(client, amara)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings, make_user):
    """Not behind a proxy (the default), X-Forwarded-For is whatever the client says: it must not count."""
    settings.WITHUS_TRUSTED_PROXY_COUNT = 0
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    attacker = Client()
    for number in range(30):
        _sign_in(attacker, forwarded_for=f"192.0.2.{number}", email=f"guess{number}@example.org")
    stopped = _sign_in(attacker, forwarded_for="192.0.2.99", email=amara.email, password=PASSWORD)
    assert TOO_MANY in stopped.content.decode()
    assert not _signed_in_as(attacker, amara)


def test_too_many_requests_get_a_kind_page_and_only_for_that_client(make_user):
    ellen = make_user(Role.STAFF, email="ellen@example.org")
    attacker = Client()
    statuses = [
        _sign_in(attacker, forwarded_for=ATTACKER, email=f"guess{number}@example.org").status_code
        for number in range(61)
    ]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    page = _sign_in(attacker, forwarded_for=ATTACKER, email="guess@example.org")
    assert page.status_code == 429
    assert "You have tried too many times" in page.content.decode()
    assert "<html" in page.content.decode()
    assert "nhsuk-header" in page.content.decode()

    colleague = Client()
    assert _sign_in(colleague, forwarded_for=COLLEAGUE, email=ellen.email, password=PASSWORD).status_code == 302
