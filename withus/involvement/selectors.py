"""Reads of the involvement log for its pages: one person's records, totals and hours by kind."""

import datetime

from django.db.models import Count, Min, Sum
from django.utils import timezone

from withus.involvement.models import InvolvementRecord
from withus.involvement.presenters import hours_text, totals
from withus.people.models import Person


def person_involvement(person: Person, *, today: datetime.date | None = None) -> dict:
    """The latest 200 records, the totals and the hours by kind of one person (four queries)."""
    today = today or timezone.localdate()
    mine = InvolvementRecord.objects.for_person(person)
    summary = mine.aggregate(hours=Sum("hours"), count=Count("pk"), first=Min("date"))
    last_year = mine.filter(date__gte=today - datetime.timedelta(days=365)).aggregate(hours=Sum("hours"))
    return {
        "person": person,
        "records": list(mine.select_related("kind", "unit").order_by("-date", "-created_at")[:200]),
        "totals": totals(summary, last_year),
        "hours_text": hours_text,
        "by_kind": list(
            mine.values("kind__name").annotate(hours=Sum("hours"), count=Count("pk")).order_by("kind__name")
        ),
    }
