"""Score sheets are kept for a set time after the decision, then deleted."""

import datetime

from django.db import transaction
from django.utils import timezone

from withus.core.audit import audit_record
from withus.core.dates import add_months
from withus.core.models import AuditAction
from withus.governance.models import Score, ScoreSheet, Vacancy

# How long score sheets are kept after the panel's decision, then deleted by `delete_old_score_sheets`.
SCORE_SHEET_RETENTION_MONTHS = 6


def retention_cut_off(now: datetime.datetime) -> datetime.datetime:
    """Decisions made on or before this moment have kept their score sheets for the full six months."""
    local = timezone.localtime(now)
    earlier = add_months(local.date(), -SCORE_SHEET_RETENTION_MONTHS)
    return local.replace(year=earlier.year, month=earlier.month, day=earlier.day)


def score_sheets_due_for_deletion(now: datetime.datetime | None = None):
    cut_off = retention_cut_off(now or timezone.now())
    return ScoreSheet.objects.filter(vacancy__decision__decided_at__lte=cut_off)


def score_sheets_delete_expired(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete score sheets kept six months after the panel's decision; audit each one; keep the decision.

    One transaction per panel, so a failure part-way leaves every panel either done or untouched.
    """
    due = score_sheets_due_for_deletion(now)
    vacancy_ids = list(due.values_list("vacancy_id", flat=True).distinct())
    if dry_run:
        return due.count()
    deleted = 0
    for vacancy_id in vacancy_ids:
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
            sheets = list(
                ScoreSheet.objects.filter(pk__in=due.filter(vacancy_id=vacancy_id).values("pk")).select_related(
                    "candidate"
                )
            )
            for sheet in sheets:
                audit_record(
                    action=AuditAction.UPDATE,
                    organisation_id=sheet.organisation_id,
                    object_type="scoresheet",
                    object_id=str(sheet.pk),
                    object_label=f"Deleted six months after the decision: {sheet.audit_label}",
                    changed_fields=["deleted"],
                )
            Score.objects.filter(sheet__in=sheets).delete()
            ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]).delete()
            vacancy.sheets_deleted_at = timezone.now()
            vacancy.save(update_fields=["sheets_deleted_at", "updated_at"])
            deleted += len(sheets)
    return deleted
