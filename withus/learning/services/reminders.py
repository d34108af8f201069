"""Session reminders the day before, for everyone with a place on the cohort (through the outbox)."""

import datetime

from django.db import transaction
from django.utils import timezone

from withus.learning.models import Enrolment, LearningSession
from withus.notifications.models import MessageKind
from withus.notifications.services.outbox import Notice, notify_people


def learning_reminders_send(*, on: datetime.date) -> int:
    """Remind everyone enrolled of each learning session on `on`. Idempotent: one reminder per person per
    session however often it runs (the key is the session and the person). Returns how many people have a
    reminder, counting any written by an earlier run."""
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    sessions = (
        LearningSession.objects.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
        .filter(cohort__cancelled_at__isnull=True)
        .select_related("cohort__course")
    )
    written = 0
    for session in sessions:
        enrolments = Enrolment.objects.filter(cohort=session.cohort).enrolled().select_related("person")
        when = timezone.localtime(session.starts_at)
        notices = [
            Notice(
                person=enrolment.person,
                subject=f"Tomorrow: {session.cohort.course.name}",
                body=(
                    f"Dear {enrolment.person.preferred_name or enrolment.person.full_name},\n\n"
                    f"A reminder that {session.cohort.name} ({session}) is tomorrow, {when:%A} {when.day} "
                    f"{when:%B}, at {when:%H:%M}.\n\n"
                    "If you can no longer come, please tell us so we can offer your place to someone else.\n\n"
                    "With thanks,\nThe People Participation team"
                ),
                idempotency_key=f"learning.session_reminder:{session.pk}:{enrolment.person.pk}",
            )
            for enrolment in enrolments
        ]
        with transaction.atomic():
            notify_people(notices=notices, template="learning.session_reminder", kind=MessageKind.REMINDERS)
        written += len(notices)
    return written
