"""The API app's objects in the matrix world: one token of the trust (trust-wide: no "other" side)."""

from withus.api.services import token_create


def build_api(world) -> None:
    world.own.api_token, _ = token_create(
        organisation=world.organisation, name="Data warehouse", scopes=["measures:read"], actor=world.users.admin
    )
