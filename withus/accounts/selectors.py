"""Reads about accounts that other apps share."""

from django.db.models import Q, QuerySet

from withus.accounts.models import Role, RoleAssignment, User


def users_holding(organisation_id, roles) -> QuerySet[User]:
    """Active accounts of one trust that hold any of these roles (anywhere in the trust), by name."""
    holders = RoleAssignment.objects.filter(organisation_id=organisation_id, role__in=list(roles)).values("user_id")
    return User.objects.for_organisation(organisation_id).filter(is_active=True, pk__in=holders).order_by("full_name")


def staff_accounts(organisation_id, *, search: str = "") -> QuerySet[User]:
    """The trust's accounts that hold a staff-side role (active or not), by name, with their roles: what
    administrators manage at /accounts/users/. Participants are managed through the register."""
    staff_side = RoleAssignment.objects.filter(organisation_id=organisation_id).exclude(role=Role.PARTICIPANT)
    accounts = User.objects.for_organisation(organisation_id).filter(pk__in=staff_side.values("user_id"))
    if search:
        accounts = accounts.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return accounts.prefetch_related("roles__unit").order_by("-is_active", "full_name")


def managed_account(organisation_id, user_id) -> User | None:
    """One account an administrator of this trust manages (None if it is another trust's, or a participant's)."""
    return staff_accounts(organisation_id).filter(pk=user_id).first()
