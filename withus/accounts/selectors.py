"""Reads about accounts that other apps share."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment, User
from withus.core.models import AuditAction, AuditEntry
from withus.core.todo import ToDoSection, link, todo_item


def users_holding(organisation_id, roles) -> QuerySet[User]:
    """Active accounts of one trust that hold any of these roles (anywhere in the trust), by name."""
    holders = RoleAssignment.objects.filter(organisation_id=organisation_id, role__in=list(roles)).values("user_id")
    return User.objects.for_organisation(organisation_id).filter(is_active=True, pk__in=holders).order_by("full_name")


FAILED_SIGN_IN_DAYS = 7


def todo(user) -> ToDoSection | None:
    """Administrators: failed sign-ins in the last week (invitations pending join here once people can be invited
    in the app)."""
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
                "Failed sign-ins in the last 7 days",
                failed,
                many=link("accounts:audit_log", query="action=sign_in_failed"),
            )
        ],
        order=50,
    )
