"""Telling someone their training needs a refresher (issue 17): once per completion, through the outbox."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from withus.learning.models import Completion
from withus.notifications.models import MessageKind
from withus.notifications.services.outbox import Notice, notify_people

DAYS_BEFORE = 30


def refreshers_due_tell(*, today: datetime.date | None = None, days: int = DAYS_BEFORE) -> int:
    """Tell everyone whose training lapses within `days` days (and has not lapsed), unless they have already done
    it again (a completion of the same course in date for longer). Idempotent: one message per completion however
    often it runs. A few queries whatever the number of people. Returns how many have a message (earlier runs
    counted)."""
    today = today or timezone.localdate()
    done_again = Completion.objects.filter(person_id=OuterRef("person_id"), course_id=OuterRef("course_id")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until"))
    )
    completions = (
        Completion.objects.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days))
        .exclude(Exists(done_again))
        .select_related("person", "course")
        .order_by("valid_until")
    )
    notices = []
    for completion in completions:
        person, course, lapses = completion.person, completion.course, completion.valid_until
        notices.append(
            Notice(
                person=person,
                subject=f"Time to refresh your {course.name} training",
                body=(
                    f"Dear {person.preferred_name or person.full_name},\n\n"
                    f"Your {course.name} training is in date until {lapses:%A} {lapses.day} {lapses:%B %Y}. "
                    "To keep taking part in the things that need it, please book a refresher: you can see the "
                    "dates in WithUs under Learning, or ask your People Participation lead.\n\n"
                    "With thanks,\nThe People Participation team"
                ),
                idempotency_key=f"learning.refresher_due:{completion.pk}",
            )
        )
    with transaction.atomic():
        notify_people(notices=notices, template="learning.refresher_due", kind=MessageKind.REMINDERS)
    return len(notices)
