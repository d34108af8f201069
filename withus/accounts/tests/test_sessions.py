"""Signed-in devices (/accounts/sessions/, issue 24 item 4): each person sees theirs and signs out of any or all;
administrators sign someone out everywhere, audited."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.presenters_sessions import device_name
from withus.accounts.tests.factories import PASSWORD
from withus.core.models import AuditAction, AuditEntry

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def _browser(user, agent: str) -> Client:
    """A browser that signs in with the password form, as a person would (so allauth records the session)."""
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def lee(make_user):
    return make_user(Role.PARTICIPATION_LEAD, full_name="Lee Adams")


def test_the_page_lists_two_sessions_and_ending_one_signs_that_browser_out(lee):
    laptop, phone = _browser(lee, FIREFOX), _browser(lee, SAFARI)
    page = laptop.get(reverse("accounts:sessions"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Firefox on Windows (this device)" in text
    assert "Safari on iPhone" in text
    assert text.count("nhsuk-card__heading") == 2
    phone_session = UserSession.objects.get(user=lee, user_agent=SAFARI)
    response = laptop.post(reverse("accounts:sessions"), {"session": phone_session.pk})
    assert response.status_code == 302
    assert phone.get(reverse("home")).status_code == 302  # the phone is sent to sign in
    assert laptop.get(reverse("home")).status_code == 200  # the laptop is not
    assert not UserSession.objects.filter(pk=phone_session.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, object_label__startswith="Signed out of one").exists()


def test_signing_out_of_this_device_and_of_every_other(lee):
    first, second, third = _browser(lee, FIREFOX), _browser(lee, SAFARI), _browser(lee, FIREFOX)
    assert first.post(reverse("accounts:sessions"), {"everywhere_else": "on"}).status_code == 302
    assert second.get(reverse("home")).status_code == 302
    assert third.get(reverse("home")).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    mine = UserSession.objects.get(user=lee)
    response = first.post(reverse("accounts:sessions"), {"session": mine.pk})
    assert response["Location"] == reverse("account_login")
    assert first.get(reverse("home")).status_code == 302


def test_nobody_ends_another_persons_session_and_bad_input_is_refused_kindly(lee, make_user):
    other = make_user(Role.STAFF)
    theirs = _browser(other, FIREFOX)
    mine = _browser(lee, SAFARI)
    their_session = UserSession.objects.get(user=other)
    response = mine.post(reverse("accounts:sessions"), {"session": their_session.pk})
    assert response.status_code == 200
    assert "not in your list any more" in response.content.decode()
    assert theirs.get(reverse("home")).status_code == 200
    for bad in ({}, {"session": "abc"}, {"session": "9" * 30}):
        response = mine.post(reverse("accounts:sessions"), bad)
        assert response.status_code == 200
        assert "nhsuk-error-summary" in response.content.decode()


def test_an_administrator_signs_someone_out_everywhere(lee, make_user, signed_in):
    admin = make_user(Role.ADMINISTRATOR)
    laptop, phone = _browser(lee, FIREFOX), _browser(lee, SAFARI)
    client = signed_in(admin)
    assert client.get(reverse("accounts:user_end_sessions", args=[lee.pk])).status_code == 200
    response = client.post(reverse("accounts:user_end_sessions", args=[lee.pk]))
    assert response.status_code == 302
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    entry = AuditEntry.objects.get(object_label__startswith=f"Signed {lee.email} out everywhere")
    assert entry.actor_id == admin.pk
    assert "2 sessions ended" in entry.object_label


def test_an_administrator_cannot_use_it_on_themselves_or_another_trust(make_user, signed_in, lee):
    from withus.organisations.tests.factories import OrganisationFactory

    admin = make_user(Role.ADMINISTRATOR)
    client = signed_in(admin)
    response = client.post(reverse("accounts:user_end_sessions", args=[admin.pk]))
    assert response.status_code == 200
    assert "To sign yourself out of other devices" in response.content.decode()
    elsewhere = make_user(Role.STAFF, organisation=OrganisationFactory(name="Another NHS Trust"))
    assert client.post(reverse("accounts:user_end_sessions", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (FIREFOX, "Firefox on Windows"),
        (SAFARI, "Safari on iPhone"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Mac"),
        ("", "Unknown browser"),
        ("curl/8.0", "Unknown browser"),
    ],
)
def test_devices_are_named_in_plain_words(agent, name):
    assert device_name(agent) == name
