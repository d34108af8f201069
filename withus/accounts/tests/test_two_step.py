"""Two-step verification for staff: setting up an authenticator app, being asked for a code, and the rule
that (where the trust requires it) staff cannot use WithUs without it. Participants are never asked."""

import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.factories import PASSWORD
from withus.core.models import AuditEntry

START = datetime.datetime(2026, 11, 26, 9, 0, 0, tzinfo=datetime.UTC)
ACTIVATE = "/accounts/two-step/totp/activate/"


def _code(secret: str, moment: datetime.datetime) -> str:
    return format_hotp_value(hotp_value(secret, int(moment.timestamp()) // 30))


def _sign_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


@pytest.fixture
def advisor(make_user):
    return make_user(Role.IMPROVEMENT_ADVISOR, email="tom@example.org")


def _confirm_it_is_them(client):
    """Changing two-step verification asks for the password again, even just after signing in."""
    asked = client.get(ACTIVATE)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(asked["Location"])
    assert "Confirm it is you" in page.content.decode()
    assert client.post(asked["Location"], {"password": PASSWORD}).status_code == 302


def _activate(client, advisor, clock) -> str:
    _sign_in(client, advisor.email)
    _confirm_it_is_them(client)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # for people who cannot scan the QR code
    response = client.post(ACTIVATE, {"code": _code(secret, datetime.datetime.now(tz=datetime.UTC))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_staff_set_up_an_app_then_are_asked_for_its_code_at_sign_in(
    client, advisor, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(client, advisor.email)
        _confirm_it_is_them(client)
        client.get(ACTIVATE)
        secret = client.session[SECRET_SESSION_KEY]
        wrong = client.post(ACTIVATE, {"code": "000000" if _code(secret, START) != "000000" else "111111"})
        assert wrong.status_code == 200
        html = wrong.content.decode()
        assert "<title>Error: " in html
        assert "The code is not right" in html
        assert not Authenticator.objects.filter(user=advisor).exists()

        # allauth records the change after the transaction commits; the audit entry is written then.
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(ACTIVATE, {"code": _code(secret, START)}).status_code == 302
        assert Authenticator.objects.filter(user=advisor, type=Authenticator.Type.TOTP).exists()
        assert AuditEntry.objects.filter(
            actor=advisor, object_label="Two-step verification: added authenticator app"
        ).exists()

        client.post(reverse("account_logout"))
        clock.shift(60)
        response = _sign_in(client, advisor.email)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_authenticate")
        # Not signed in yet: the home page still sends them to sign in.
        assert client.get("/").status_code == 302
        bad = client.post(reverse("mfa_authenticate"), {"code": "12345"})
        assert "The code is not right" in bad.content.decode()
        good = client.post(reverse("mfa_authenticate"), {"code": _code(secret, START + datetime.timedelta(seconds=60))})
        assert good.status_code == 302
        assert client.get("/").status_code == 200


def test_where_required_staff_must_set_it_up_first(client, advisor, settings):
    settings.WITHUS_STAFF_MFA_REQUIRED = True
    client.force_login(advisor)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    # Signing out and the public pages stay reachable.
    assert client.get(reverse("accessibility")).status_code == 200
    with time_machine.travel(START, tick=False) as clock:
        _activate(client, advisor, clock)
        assert client.get(reverse("home")).status_code == 200


def test_where_required_staff_cannot_turn_it_off(client, advisor, settings):
    settings.WITHUS_STAFF_MFA_REQUIRED = True
    with time_machine.travel(START, tick=False) as clock:
        _activate(client, advisor, clock)
        response = client.post(reverse("mfa_deactivate_totp"))
    assert "You cannot turn off two-step verification" in response.content.decode()
    assert Authenticator.objects.filter(user=advisor, type=Authenticator.Type.TOTP).exists()


def test_offered_but_not_required_staff_can_turn_it_off(client, advisor, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        _activate(client, advisor, clock)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=advisor, type=Authenticator.Type.TOTP).exists()
    assert AuditEntry.objects.filter(actor=advisor, object_label__startswith="Two-step verification: removed").exists()


def test_participants_are_not_asked_and_cannot_reach_the_pages(client, make_user, settings):
    settings.WITHUS_STAFF_MFA_REQUIRED = True
    participant = make_user(Role.PARTICIPANT, email="amara@example.org")
    client.force_login(participant)
    assert client.get(reverse("people:me")).status_code in {200, 404}
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home"))["Location"] != ACTIVATE
    assert client.get(ACTIVATE).status_code == 404
    assert client.get(reverse("mfa_index")).status_code == 404


def test_the_overview_page_shows_what_is_on(client, advisor):
    with time_machine.travel(START, tick=False) as clock:
        _activate(client, advisor, clock)
        html = client.get(reverse("mfa_index")).content.decode()
    assert "Authenticator app" in html
    assert "On" in html
    assert "unused" in html  # recovery codes are made when the app is set up


def test_an_administrator_resets_a_lost_phone_and_it_is_audited(make_user, advisor):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import CommandError, call_command

    administrator = make_user(Role.ADMINISTRATOR, email="sam@example.org")
    TOTP.activate(advisor, generate_totp_secret())
    with pytest.raises(CommandError, match="not an administrator"):
        call_command("reset_two_step", advisor.email, by=advisor.email, reason="Lost phone")
    call_command("reset_two_step", advisor.email, by=administrator.email, reason="Lost phone, ID checked")
    assert not Authenticator.objects.filter(user=advisor).exists()
    entry = AuditEntry.objects.get(object_id=str(advisor.pk), object_label__startswith="Two-step verification reset")
    assert entry.actor == administrator
    with pytest.raises(CommandError, match="nothing to reset"):
        call_command("reset_two_step", advisor.email, by=administrator.email, reason="Again")
