"""Reads for sign-in through the trust's directory (issue 24)."""

from django.db.models import QuerySet

from withus.accounts.models import DirectoryIdentity, DirectoryRoleMapping


def directory_role_mappings(organisation_id) -> QuerySet[DirectoryRoleMapping]:
    """The trust's table of app roles and the WithUs roles they give, with units."""
    return DirectoryRoleMapping.objects.for_organisation(organisation_id).select_related("unit")


def directory_identity_of(user) -> DirectoryIdentity | None:
    return DirectoryIdentity.objects.filter(user_id=user.pk).first()
