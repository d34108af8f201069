"""Sign in with Microsoft in the demo (issue 24): the trust's table of app roles, and the demo finance approver and
administrator connected to their accounts in the demo directory (`manage.py microsoft_demo_provider`, switched on
with WITHUS_MICROSOFT_DEMO=1 make run)."""

from withus.accounts.models import DirectoryIdentity, DirectoryRoleMapping, Role, User

DEMO_TENANT = "00000000-0000-4000-8000-00000000d3e0"
DEMO_CLIENT_ID = "withus-demo"
DEMO_PROVIDER_PORT = 8765
# The demo directory's people: who they are there (sub, object id), their app roles, and their WithUs account.
APP_ROLES = [
    ("WithUs.Finance", Role.FINANCE_APPROVER),
    ("WithUs.Admin", Role.ADMINISTRATOR),
    ("WithUs.Lead", Role.PARTICIPATION_LEAD),
    ("WithUs.Staff", Role.STAFF),
]
DIRECTORY_PEOPLE = [
    # sub at the provider, object id, app roles, WithUs account (None: not connected, to show the refusal)
    ("finance", "oid-demo-finance", ["WithUs.Finance"], "finance@demo.withus.local"),
    ("admin", "oid-demo-admin", ["WithUs.Admin"], "admin@demo.withus.local"),
    ("stranger", "oid-demo-stranger", ["WithUs.Staff"], None),
]


def directory_claims(sub: str) -> dict:
    """What the demo directory puts in each person's ID token."""
    for person, object_id, roles, email in DIRECTORY_PEOPLE:
        if person == sub:
            return {
                "tid": DEMO_TENANT,
                "oid": object_id,
                "roles": roles,
                "email": email or f"{sub}@nhs.demo.local",
                "name": f"Demo {sub}",
                "preferred_username": email or f"{sub}@nhs.demo.local",
            }
    raise KeyError(sub)


def build_directory_sign_in(*, trust) -> None:
    for app_role, role in APP_ROLES:
        DirectoryRoleMapping.objects.get_or_create(organisation=trust, app_role=app_role, role=role, unit=None)
    for _sub, object_id, _roles, email in DIRECTORY_PEOPLE:
        user = User.objects.filter(email=email, organisation=trust).first() if email else None
        if user is None:
            continue
        DirectoryIdentity.objects.get_or_create(
            tenant_id=DEMO_TENANT, object_id=object_id, defaults={"organisation": trust, "user": user}
        )
