"""Matrix objects for accounts (issue 24): one row of the trust's table of directory app roles (trust-wide)."""

from withus.accounts.models import DirectoryRoleMapping, Role


def build_accounts(world) -> None:
    world.own.directory_role_mapping = DirectoryRoleMapping.objects.create(
        organisation=world.organisation, app_role="WithUs.Finance", role=Role.FINANCE_APPROVER
    )
