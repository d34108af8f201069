"""Reminders the day before an opportunity's session, for everyone with a place (through the outbox)."""

import datetime

from django.db import transaction
from django.utils import timezone

from withus.notifications.models import MessageKind
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
        ).select_related("person")
        when = timezone.localtime(session.starts_at)
        notices = [
            Notice(
                person=response.person,
                subject=f"Tomorrow: {session.opportunity.title}",
                body=(
                    f"Dear {response.person.preferred_name or response.person.full_name},\n\n"
                    f'A reminder that "{session.opportunity.title}" is tomorrow, {when:%A} {when.day} {when:%B}, '
                    f"at {when:%H:%M}.\n\n"
                    "If you can no longer come, please tell us so we can offer your place to someone else.\n\n"
                    "With thanks,\nThe People Participation team"
                ),
                idempotency_key=f"opportunities.session_reminder:{session.pk}:{response.person.pk}",
            )
            for response in places
        ]
        with transaction.atomic():
            notify_people(notices=notices, template="opportunities.session_reminder", kind=MessageKind.REMINDERS)
        written += len(notices)
    return written
