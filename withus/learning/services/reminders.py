"""Session reminders the day before, for everyone with a place on the cohort (through the outbox)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from withus.learning.models import Enrolment, LearningSession
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
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
        enrolments = (
            Enrolment.objects.filter(cohort=session.cohort).enrolled().select_related("person__user__organisation")
        )
        when = timezone.localtime(session.starts_at)
        notices = [_reminder(session, enrolment.person, when) for enrolment in enrolments]
        with transaction.atomic():
            notify_people(notices=notices, template="learning.session_reminder", kind=MessageKind.REMINDERS)
        written += len(notices)
    return written


def _reminder(session: LearningSession, person, when: datetime.datetime) -> Notice:
    """One person's reminder, in their language (issue 26)."""
    with in_persons_language(person):
        values = {
            "course": session.cohort.course.name,
            "cohort": session.cohort.name,
            "session": str(session),
            "date": f"{when:%A} {when.day} {when:%B}",
            "time": f"{when:%H:%M}",
        }
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                gettext("A reminder that %(cohort)s (%(session)s) is tomorrow, %(date)s, at %(time)s.") % values,
                gettext("If you can no longer come, please tell us so we can offer your place to someone else."),
                gettext("With thanks,\nThe People Participation team"),
            ]
        )
        return Notice(
            person=person,
            subject=gettext("Tomorrow: %(course)s") % values,
            body=body,
            idempotency_key=f"learning.session_reminder:{session.pk}:{person.pk}",
        )
