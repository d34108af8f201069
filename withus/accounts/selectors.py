"""Reads about accounts that other apps share."""

from django.db.models import QuerySet

from withus.accounts.models import RoleAssignment, User


def users_holding(organisation_id, roles) -> QuerySet[User]:
    """Active accounts of one trust that hold any of these roles (anywhere in the trust), by name."""
    holders = RoleAssignment.objects.filter(organisation_id=organisation_id, role__in=list(roles)).values("user_id")
    return User.objects.for_organisation(organisation_id).filter(is_active=True, pk__in=holders).order_by("full_name")
