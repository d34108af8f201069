"""Telling someone their training needs a refresher (issue 17): once per completion, through the outbox."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from withus.learning.models import Completion
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
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
        .select_related("person__user__organisation", "course")
        .order_by("valid_until")
    )
    notices = []
    for completion in completions:
        person, course, lapses = completion.person, completion.course, completion.valid_until
        with in_persons_language(person):
            values = {"course": course.name, "date": f"{lapses:%A} {lapses.day} {lapses:%B %Y}"}
            body = "\n\n".join(
                [
                    gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                    gettext(
                        "Your %(course)s training is in date until %(date)s. To keep taking part in the things that "
                        "need it, please book a refresher: you can see the dates in WithUs under Learning, or ask your "
                        "People Participation lead."
                    )
                    % values,
                    gettext("With thanks,\nThe People Participation team"),
                ]
            )
            notices.append(
                Notice(
                    person=person,
                    subject=gettext("Time to refresh your %(course)s training") % values,
                    body=body,
                    idempotency_key=f"learning.refresher_due:{completion.pk}",
                )
            )
    with transaction.atomic():
        notify_people(notices=notices, template="learning.refresher_due", kind=MessageKind.REMINDERS)
    return len(notices)
