"""Reads about accounts that other apps share."""

import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q, QuerySet
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment, User
from withus.core.models import AuditAction, AuditEntry
from withus.core.todo import ToDoSection, link, todo_item


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


FAILED_SIGN_IN_DAYS = 7


def todo(user) -> ToDoSection | None:
    """Administrators: invitations not taken up yet, and failed sign-ins in the last week."""
    if not user.has_role(Role.ADMINISTRATOR):
        return None
    since = timezone.now() - datetime.timedelta(days=FAILED_SIGN_IN_DAYS)
    failed = AuditEntry.objects.for_organisation(user.organisation_id).filter(
        action=AuditAction.SIGN_IN_FAILED, occurred_at__gte=since
    )
    return ToDoSection(
        heading="Accounts and sign-in",
        items=[
            todo_item(
                "Invitations not taken up yet",
                invitations_pending(user.organisation_id),
                many=link("accounts:users"),
            ),
            todo_item(
                "Failed sign-ins in the last 7 days",
                failed,
                many=link("accounts:audit_log", query="action=sign_in_failed"),
            ),
        ],
        order=50,
    )


def invitations_pending(organisation_id) -> QuerySet[User]:
    """Staff invited in the app who have never signed in (an account with no password, never used)."""
    return staff_accounts(organisation_id).filter(
        is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
