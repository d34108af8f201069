"""The smoke test's sign-ins: created only with the switch on, only in a fresh database of their own."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.management import call_command
from django.core.management.base import CommandError

from withus.accounts.models import Role, User
from withus.organisations.models import Organisation
from withus.organisations.tests.factories import OrganisationFactory
from withus.people.models import Person

PASSWORD = "a-random-smoke-password-0123456789"


@pytest.fixture
def smoke_env(monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    secret = generate_totp_secret()
    monkeypatch.setenv("WITHUS_SMOKE_PASSWORD", PASSWORD)
    monkeypatch.setenv("WITHUS_SMOKE_TOTP_SECRET", secret)
    return secret


def _run():
    call_command("create_smoke_test_users", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


@pytest.mark.django_db
def test_refused_without_the_smoke_test_switch(smoke_env):
    with pytest.raises(CommandError, match="only for CI's production smoke test"):
        _run()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refused_for_a_site_with_a_real_host_name(smoke_env, settings):
    settings.WITHUS_SMOKE_TEST = True
    settings.ALLOWED_HOSTS = ["withus.example.nhs.uk"]
    with pytest.raises(CommandError, match=r"127\.0\.0\.1 alone"):
        _run()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refused_in_a_database_that_holds_a_trust(smoke_env, settings):
    settings.WITHUS_SMOKE_TEST = True
    real = OrganisationFactory()
    with pytest.raises(CommandError, match="fresh, empty database"):
        _run()
    assert not User.objects.exists()
    assert list(Organisation.objects.all()) == [real]


@pytest.mark.django_db
def test_refused_without_a_strong_password(smoke_env, settings, monkeypatch):
    settings.WITHUS_SMOKE_TEST = True
    monkeypatch.setenv("WITHUS_SMOKE_PASSWORD", "short")
    with pytest.raises(CommandError, match="at least 20 characters"):
        _run()


@pytest.mark.django_db
def test_with_the_switch_in_an_empty_database_it_creates_four_roles(smoke_env, settings):
    settings.WITHUS_SMOKE_TEST = True
    _run()
    _run()  # running it again changes nothing

    users = {user.email.split("@")[0]: user for user in User.objects.all()}
    assert sorted(users) == ["administrator", "finance", "lead", "participant"]
    assert users["lead"].has_role(Role.PARTICIPATION_LEAD)
    assert users["participant"].is_participant
    assert Person.objects.get(user=users["participant"]).full_name == "Smoke Participant"
    assert all(user.check_password(PASSWORD) for user in users.values())
    authenticator = Authenticator.objects.get(user=users["finance"], type=Authenticator.Type.TOTP)
    assert smoke_env not in str(authenticator.data)  # stored encrypted like any other
    now = int(datetime.datetime.now(tz=datetime.UTC).timestamp()) // 30
    assert TOTP(authenticator).validate_code(format_hotp_value(hotp_value(smoke_env, now)))
    assert not Authenticator.objects.filter(user=users["participant"]).exists()
