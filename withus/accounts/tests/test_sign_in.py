"""Signing in with a password or a typed code, throttling, signing out and the idle timeout."""

import datetime
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.factories import PASSWORD
from withus.core.models import AuditAction, AuditEntry


@pytest.fixture
def participant(make_user):
    return make_user(Role.PARTICIPANT, email="amara@example.org")


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_password_sign_in_is_audited(client, participant):
    response = _sign_in(client, "AMARA@example.org")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_IN)
    assert entry.actor == participant
    assert entry.organisation_id == participant.organisation_id
    assert entry.ip_address == "127.0.0.1"


def test_wrong_password_shows_an_nhs_error_and_is_audited(client, participant):
    response = _sign_in(client, "amara@example.org", "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.actor_email == "amara@example.org"
    assert failed.organisation_id == participant.organisation_id
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_brute_force_is_throttled_even_with_the_right_password(client, participant):
    for _ in range(5):
        _sign_in(client, "amara@example.org", "wrong-password")
    response = _sign_in(client, "amara@example.org")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "You have tried to sign in too many times" in response.content.decode()


def test_sign_in_with_a_typed_code(client, participant):
    response = client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    code = re.search(r"\b([A-Z0-9]{4}-?[A-Z0-9]{4}|\d{6,9})\b", mail.outbox[0].body).group(1)
    confirm = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert confirm.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN, actor=participant).exists()


def test_a_wrong_code_is_refused_kindly(client, participant):
    client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"})
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_nobody_can_sign_themselves_up(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


def test_sign_out_ends_the_session_on_the_server(client, participant):
    _sign_in(client, "amara@example.org")
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page, not a sign-out
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, actor=participant).exists()
    assert client.get(reverse("people:me")).status_code == 302


def test_idle_sessions_end_after_30_minutes(client, participant):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        _sign_in(client, "amara@example.org")
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 302  # participants go to /me/
        assert client.get(reverse("people:me")).status_code in (200, 404)
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("people:me"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_staying_signed_in_restarts_the_idle_timer(client, participant):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        _sign_in(client, "amara@example.org")
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("accounts:keep_alive")).status_code == 405
        assert client.post(reverse("accounts:keep_alive")).json() == {"idle_seconds": 1800}
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("people:me")).status_code in (200, 404)


def test_open_redirects_are_refused(client, participant):
    for target in ("//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(
            f"{reverse('account_login')}?next={target}", {"login": "amara@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]
        assert not response["Location"].startswith("javascript")
        client.post(reverse("account_logout"))


def test_password_reset_by_e_mail_link(client, participant):
    response = client.post(reverse("account_reset_password"), {"email": "amara@example.org"})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    weak = client.post(action, {"password1": "password", "password2": "password"})
    assert "<title>Error: " in weak.content.decode()
    done = client.post(action, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"})
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("a-new-long-passphrase")
    assert client.get(link, follow=True).content.decode().count("This link has expired") == 1


@pytest.mark.django_db
def test_sign_in_messages_are_in_nhs_style(client):
    empty = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "Enter your e-mail address" in empty
    assert "Enter your password" in empty
    bad = client.post(reverse("account_request_login_code"), {"email": "amara@"}).content.decode()
    assert "Enter an e-mail address in the correct format, like name@example.com" in bad


def test_the_code_e_mail_is_plain_english(client, participant):
    client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    message = mail.outbox[0]
    assert message.subject == "WithUs: Your sign-in code"
    assert "Type or paste this code" in message.body
    assert "Hello from" not in message.body


def _code_in(message) -> str:
    return re.search(r"\b([A-Z0-9]{4}-?[A-Z0-9]{4}|\d{6,9})\b", message.body).group(1)


@pytest.mark.parametrize("name", ["account_login", "account_reauthenticate"])
def test_the_password_hint_is_never_a_link_shown_as_text(client, participant, name):
    """allauth's "Forgot your password?" hint was a link our NHS.UK hint escaped onto the page (issue 14 item 2)."""
    if name == "account_reauthenticate":
        client.force_login(participant)
    html = client.get(reverse(name)).content.decode()
    assert "&lt;a" not in html
    assert "Forgot your password?" not in html


def test_a_mistyped_address_on_code_sign_in_can_be_corrected_at_once(client, participant):
    """After asking for a code for a mistyped address, "Use a different e-mail address" and the sign-in page
    start afresh instead of returning to the code page for the wrong address (issue 14 item 2)."""
    client.post(reverse("account_request_login_code"), {"email": "amra@example.org"})
    confirm = client.get(reverse("account_confirm_login_code")).content.decode()
    assert "amra@example.org" in confirm
    assert f'href="{reverse("account_request_login_code")}">Use a different e-mail address' in confirm

    again = client.get(reverse("account_request_login_code"))
    assert again.status_code == 200
    assert "Get a sign-in code" in again.content.decode()
    # The code for the wrong address is no longer pending: its page sends people back to ask for one.
    assert client.get(reverse("account_confirm_login_code")).status_code == 302

    client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    assert client.get(reverse("account_login")).status_code == 200  # the password page starts afresh too
    client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    signed_in = client.post(reverse("account_confirm_login_code"), {"code": _code_in(mail.outbox[-1])})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_send_me_a_new_code_sends_one_to_the_same_address(client, participant):
    client.post(reverse("account_request_login_code"), {"email": "amara@example.org"})
    assert len(mail.outbox) == 1
    response = client.post(reverse("account_confirm_login_code"), {"action": "resend"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["amara@example.org"]
    client.post(reverse("account_confirm_login_code"), {"code": _code_in(mail.outbox[1])})
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_signing_in_says_nothing_about_successfully_signing_in(client, participant):
    response = client.post(reverse("account_login"), {"login": "amara@example.org", "password": PASSWORD}, follow=True)
    assert client.session["_auth_user_id"] == str(participant.pk)
    assert "Successfully signed in" not in response.content.decode()
