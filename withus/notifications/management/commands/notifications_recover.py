"""Recover after a worker was killed: re-queue what was left, without sending anything twice.

- A message left "sending" for longer than --stuck-minutes: GOV.UK Notify is asked by the message's reference
  whether it already accepted it; if so it is marked sent, otherwise it is queued again.
- Every queued message that is due (including retries waiting for their back-off) is enqueued for a worker.
- Task rows a killed `db_worker` left "running" are marked failed, so the task list tells the truth.

Safe to run twice, or while workers are running: sending takes each message under a row lock and only from
"queued". Cron, every 5 minutes:  */5 * * * *  cd /srv/withus && .venv/bin/python manage.py notifications_recover
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from withus.notifications.services.sending import messages_recover


class Command(BaseCommand):
    help = "Re-queue messages left by a killed worker (asking Notify first) and every message that is due."

    def add_arguments(self, parser):
        parser.add_argument("--stuck-minutes", type=int, default=10, help="How long 'sending' counts as stuck.")

    def handle(self, *args, stuck_minutes: int, **options):
        stuck_for = datetime.timedelta(minutes=stuck_minutes)
        counts = messages_recover(stuck_for=stuck_for)
        abandoned = _abandoned_task_rows(timezone.now() - stuck_for)
        self.stdout.write(
            f"{counts['already_accepted']} already accepted by Notify; {counts['requeued']} queued for a worker; "
            f"{abandoned} abandoned task rows marked failed."
        )


def _abandoned_task_rows(before) -> int:
    """django-tasks-db has no lease: a task whose worker was killed stays RUNNING for ever."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=before).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
