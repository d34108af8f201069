"""Reminders the day before an opportunity's session, for everyone with a place (through the outbox)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import Notice, notify_people
from withus.opportunities.models import HOLDS_A_PLACE, ExpressionOfInterest, OpportunityStatus, Session


def opportunity_reminders_send(*, on: datetime.date) -> int:
    """Remind everyone who holds a place of each session on `on`. Idempotent (one per person per session)."""
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    sessions = (
        Session.objects.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
        .exclude(opportunity__status=OpportunityStatus.CANCELLED)
        .select_related("opportunity")
    )
    written = 0
    for session in sessions:
        places = ExpressionOfInterest.objects.filter(
            opportunity=session.opportunity, status__in=HOLDS_A_PLACE
        ).select_related("person__user__organisation")
        when = timezone.localtime(session.starts_at)
        notices = [_reminder(session, response.person, when) for response in places]
        with transaction.atomic():
            notify_people(notices=notices, template="opportunities.session_reminder", kind=MessageKind.REMINDERS)
        written += len(notices)
    return written


def _reminder(session: Session, person, when: datetime.datetime) -> Notice:
    """One person's reminder, in their language (issue 26)."""
    with in_persons_language(person):
        values = {
            "title": session.opportunity.title,
            "date": f"{when:%A} {when.day} {when:%B}",
            "time": f"{when:%H:%M}",
        }
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                gettext('A reminder that "%(title)s" is tomorrow, %(date)s, at %(time)s.') % values,
                gettext("If you can no longer come, please tell us so we can offer your place to someone else."),
                gettext("With thanks,\nThe People Participation team"),
            ]
        )
        return Notice(
            person=person,
            subject=gettext("Tomorrow: %(title)s") % values,
            body=body,
            idempotency_key=f"opportunities.session_reminder:{session.pk}:{person.pk}",
        )
