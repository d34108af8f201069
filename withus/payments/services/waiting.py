"""Telling finance about claims waiting for approval for more than N days (issue 17), once a day at most."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment
from withus.notifications.services.outbox import notify_user
from withus.payments.models.claims import Claim, ClaimStatus

DEFAULT_DAYS = 7


def claims_waiting_tell_finance(*, days: int = DEFAULT_DAYS, now: datetime.datetime | None = None) -> int:
    """E-mail each finance approver of a trust one list of its claims submitted more than `days` days ago and still
    waiting for approval. Idempotent: one message per approver per day (the key is the day and the approver), so
    running it twice the same day sends nothing more. Two queries whatever the number of claims. Returns how many
    approvers have a message for today (counting any written by an earlier run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    claims = (
        Claim.objects.filter(status=ClaimStatus.SUBMITTED, submitted_at__lt=now - datetime.timedelta(days=days))
        .order_by("organisation_id", "submitted_at")
        .only("id", "organisation_id", "submitted_at", "fees_total", "expenses_total")
    )
    by_trust = defaultdict(list)
    for claim in claims:
        by_trust[claim.organisation_id].append(claim)
    if not by_trust:
        return 0
    approvers = (
        RoleAssignment.objects.filter(
            organisation_id__in=list(by_trust), role=Role.FINANCE_APPROVER, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    told = 0
    with transaction.atomic():
        seen = set()
        for assignment in approvers:
            user = assignment.user
            if user.pk in seen:
                continue
            seen.add(user.pk)
            waiting = by_trust[assignment.organisation_id]
            lines = "\n".join(
                f"- {claim.reference}: £{claim.total:,.2f}, waiting {_days_waiting(claim, today)} days"
                for claim in waiting
            )
            count = "1 claim has" if len(waiting) == 1 else f"{len(waiting)} claims have"
            message = notify_user(
                user=user,
                template="payments.claims_waiting",
                subject=f"{count} waited more than {days} days for approval",
                body=(
                    f"Dear {user.full_name},\n\n{count} waited more than {days} days for approval:\n\n{lines}\n\n"
                    "People are waiting to be paid. You can approve them in WithUs under Claims to approve.\n\nWithUs"
                ),
                idempotency_key=f"payments.claims_waiting:{today.isoformat()}:{user.pk}",
            )
            told += message is not None
    return told


def _days_waiting(claim: Claim, today: datetime.date) -> int:
    return (today - timezone.localdate(claim.submitted_at)).days
