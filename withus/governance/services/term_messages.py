"""Telling someone that their committee term ends in 60 days (issue 17), once per term, through the outbox."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from withus.governance.models import SeatTerm
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import Notice, notify_people

DAYS_BEFORE = 60


def terms_ending_tell(*, today: datetime.date | None = None, days: int = DAYS_BEFORE) -> int:
    """Tell everyone whose committee term ends within `days` days (and has not ended). Idempotent: one message per
    term however often it runs (the key is the term), so a daily run tells each person once, about 60 days before.
    A few queries whatever the number of terms. Returns how many terms have a message (counting earlier runs)."""
    today = today or timezone.localdate()
    terms = (
        SeatTerm.objects.filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days))
        .select_related("person__user__organisation", "seat__committee")
        .order_by("ends_on")
    )
    notices = []
    for term in terms:
        person, committee, ends = term.person, term.seat.committee, term.ends_on
        with in_persons_language(person):
            values = {
                "committee": committee.name,
                "seat": term.seat.title,
                "date": f"{ends.day} {ends:%B %Y}",
                "day": f"{ends:%A} {ends.day} {ends:%B %Y}",
            }
            body = "\n\n".join(
                [
                    gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                    gettext(
                        "Your term as %(seat)s on %(committee)s ends on %(day)s. Thank you for the time you have given."
                    )
                    % values,
                    gettext(
                        "If you would like to stand again, or to talk about what you might do next, please contact "
                        "your People Participation lead."
                    ),
                    gettext("With thanks,\nThe People Participation team"),
                ]
            )
            notices.append(
                Notice(
                    person=person,
                    subject=gettext("Your term on %(committee)s ends on %(date)s") % values,
                    body=body,
                    idempotency_key=f"governance.term_ending:{term.pk}",
                )
            )
    with transaction.atomic():
        notify_people(notices=notices, template="governance.term_ending", kind=MessageKind.ESSENTIAL)
    return len(notices)
