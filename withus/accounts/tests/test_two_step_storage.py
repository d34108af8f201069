"""Two-step secrets are encrypted at rest (ADR 8): what is stored is a Fernet token, codes still work, keys
rotate, and the migration encrypts secrets stored before it (and is safe to run twice)."""

import datetime
import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from withus.accounts import two_step_storage
from withus.accounts.models import Role

migration = importlib.import_module("withus.accounts.migrations.0002_encrypt_two_step_secrets")

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _now_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(datetime.datetime.now(tz=datetime.UTC).timestamp()) // 30))


@pytest.fixture
def advisor(make_user):
    return make_user(Role.IMPROVEMENT_ADVISOR)


def _stored(authenticator: Authenticator) -> dict:
    return Authenticator.objects.values_list("data", flat=True).get(pk=authenticator.pk)


def test_an_authenticator_secret_is_stored_encrypted_and_its_codes_still_work(advisor):
    secret = generate_totp_secret()
    totp = TOTP.activate(advisor, secret)

    stored = _stored(totp.instance)["secret"]
    assert stored != secret
    assert secret not in str(_stored(totp.instance))
    assert stored.startswith(two_step_storage.TOKEN_START)
    assert Fernet(two_step_storage.settings.WITHUS_ENCRYPTION_KEYS[0]).decrypt(stored.encode()).decode() == secret
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(_now_code(secret))


def test_recovery_code_seeds_are_stored_encrypted_and_the_codes_still_work(advisor):
    codes = RecoveryCodes.activate(advisor)
    seed = two_step_storage.decrypt(_stored(codes.instance)["seed"])
    assert seed not in str(_stored(codes.instance))

    reloaded = RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk))
    first = reloaded.generate_codes()[0]
    assert reloaded.validate_code(first)
    assert not reloaded.validate_code(first)  # each recovery code works once


def test_a_plain_text_secret_in_the_table_is_refused_not_trusted(advisor):
    secret = generate_totp_secret()
    planted = Authenticator.objects.create(user=advisor, type=Authenticator.Type.TOTP, data={"secret": secret})
    with pytest.raises(two_step_storage.SecretNotReadable, match="unencrypted"):
        TOTP(planted).validate_code(_now_code(secret))


def test_keys_rotate_new_key_first_then_the_old_one_can_go(advisor, settings):
    settings.WITHUS_ENCRYPTION_KEYS = [OLD_KEY]
    secret = generate_totp_secret()
    totp = TOTP.activate(advisor, secret)
    codes = RecoveryCodes.activate(advisor)
    expected_codes = codes.generate_codes()

    settings.WITHUS_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(_now_code(secret))  # old still reads
    call_command("rotate_two_step_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123

    settings.WITHUS_ENCRYPTION_KEYS = [NEW_KEY]
    assert two_step_storage.decrypt(_stored(totp.instance)["secret"]) == secret
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).generate_codes() == expected_codes


def test_rotating_without_the_old_key_stops_with_a_clear_message(advisor, settings):
    settings.WITHUS_ENCRYPTION_KEYS = [OLD_KEY]
    TOTP.activate(advisor, generate_totp_secret())
    settings.WITHUS_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match="Put the old key back"):
        call_command("rotate_two_step_keys")


def test_the_migration_encrypts_plain_secrets_once_and_leaves_encrypted_ones_alone(advisor, make_user):
    secret = generate_totp_secret()
    seed = RecoveryCodes.generate_seed()
    totp = Authenticator.objects.create(user=advisor, type=Authenticator.Type.TOTP, data={"secret": secret})
    recovery = Authenticator.objects.create(
        user=advisor,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": seed, "used_mask": 3, "migrated_codes": ["12345678"]},
    )
    other = make_user(Role.STAFF)
    already = TOTP.activate(other, generate_totp_secret()).instance
    already_stored = _stored(already)

    migration.encrypt_secrets(apps, None)
    first_pass = (_stored(totp), _stored(recovery))
    migration.encrypt_secrets(apps, None)

    assert (_stored(totp), _stored(recovery)) == first_pass  # a second run changes nothing
    assert _stored(already) == already_stored
    assert two_step_storage.decrypt(first_pass[0]["secret"]) == secret
    assert two_step_storage.decrypt(first_pass[1]["seed"]) == seed
    assert first_pass[1]["used_mask"] == 3
    assert [two_step_storage.decrypt(code) for code in first_pass[1]["migrated_codes"]] == ["12345678"]
    assert TOTP(Authenticator.objects.get(pk=totp.pk)).validate_code(_now_code(secret))

    migration.decrypt_secrets(apps, None)  # undoing it gives the plain secrets back
    assert _stored(totp) == {"secret": secret}
