"""Two-step secrets at rest (ADR 8): authenticator-app secrets and recovery-code seeds are Fernet tokens in the
database, never the secret itself. The keys come from WITHUS_ENCRYPTION_KEYS: the first encrypts, every one
decrypts, so a new key is put first, `rotate_two_step_keys` re-encrypts, and then the old key can go."""

from collections.abc import Iterable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# Every Fernet token starts with its version byte 0x80, which is "gA" in base64. An authenticator secret is
# base32 (capitals and 2-7) and a recovery-code seed is lower-case hex, so neither can be mistaken for a token.
TOKEN_START = "gAAAAA"  # noqa: S105 - the start of any Fernet token, not a secret
# The fields of allauth.mfa's Authenticator.data that hold secrets, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LIST_FIELDS = {"recovery_codes": ("migrated_codes",)}


class SecretNotReadable(Exception):
    """A stored two-step secret is not a token the configured keys can open."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.WITHUS_ENCRYPTION_KEYS))


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_START)


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    if not is_encrypted(token):
        # Plain text in the table means the encrypting migration has not run: refuse rather than trust it.
        raise SecretNotReadable("A two-step secret is stored unencrypted: run `manage.py migrate`.")
    try:
        return _keys().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise SecretNotReadable(
            "A two-step secret cannot be decrypted with WITHUS_ENCRYPTION_KEYS: the key it was encrypted with is "
            "missing from the list."
        ) from error


def _protect(value: str, *, rotate: bool) -> str:
    if not is_encrypted(value):
        return encrypt(value)
    if rotate:
        try:
            return _keys().rotate(value.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise SecretNotReadable("A two-step secret cannot be decrypted with WITHUS_ENCRYPTION_KEYS.") from error
    return value


def protected_data(authenticator_type: str, data: dict, *, rotate: bool = False) -> dict | None:
    """The authenticator's data with every secret encrypted (and, with rotate, re-encrypted with the first key);
    None when nothing needed changing, so running it twice changes nothing the second time."""
    changed = dict(data)
    for field in SECRET_FIELDS.get(authenticator_type, ()):
        if isinstance(data.get(field), str):
            changed[field] = _protect(data[field], rotate=rotate)
    for field in SECRET_LIST_FIELDS.get(authenticator_type, ()):
        if isinstance(data.get(field), list):
            changed[field] = [_protect(value, rotate=rotate) for value in data[field]]
    return changed if changed != data else None


def revealed_data(authenticator_type: str, data: dict) -> dict:
    """The authenticator's data with every secret decrypted (only for undoing the encrypting migration)."""
    plain = dict(data)
    for field in SECRET_FIELDS.get(authenticator_type, ()):
        if is_encrypted(data.get(field)):
            plain[field] = decrypt(data[field])
    for field in SECRET_LIST_FIELDS.get(authenticator_type, ()):
        if isinstance(data.get(field), list):
            plain[field] = [decrypt(value) if is_encrypted(value) else value for value in data[field]]
    return plain


def protect_all(authenticators: Iterable, *, rotate: bool = False) -> int:
    """Encrypt (or re-encrypt) the secrets of the given Authenticator rows; returns how many rows changed.
    Works with the real model and with a migration's historical one."""
    changed = 0
    for authenticator in authenticators:
        data = protected_data(authenticator.type, authenticator.data, rotate=rotate)
        if data is not None:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
