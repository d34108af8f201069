"""The demo trust's API token, so `make run` can be tried with curl at once (docs/api.md).

Only in the demo (build_world refuses production): its secret is written here on purpose, which a real token's
never is. It may read measures and extracts and push points.
"""

from withus.accounts.models import User
from withus.api.models import ApiToken, Scope
from withus.api.tokens import PREFIX_LENGTH, digest_of

DEMO_SECRET = "wu_demoDataWarehouseToken-not-for-real-use-0001"  # noqa: S105 - the demo's published token


def build_api(*, trust) -> ApiToken | None:
    admin = User.objects.filter(email="admin@demo.withus.local").first()
    if admin is None:  # the demo without sign-ins has no administrator to make it
        return None
    token, _ = ApiToken.objects.get_or_create(
        prefix=DEMO_SECRET[:PREFIX_LENGTH],
        defaults={
            "organisation": trust,
            "name": "Data warehouse (demo)",
            "digest": digest_of(DEMO_SECRET),
            "scopes": sorted(Scope.values),
            "created_by": admin,
        },
    )
    return token
