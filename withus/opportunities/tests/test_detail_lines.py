"""Lists on an opportunity's page (its sessions, the support offered) are one per line, never "<br>" as text."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from withus.opportunities.models import Session


def test_sessions_and_support_are_separate_lines_and_text_stays_escaped(lead, opportunity):
    opportunity.travel_booked = True
    opportunity.buddy_offered = True
    opportunity.other_support = "Quiet room <if> needed"
    opportunity.save()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=21)
    Session.objects.create(
        organisation=opportunity.organisation,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    page = lead.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "&lt;br&gt;" not in page
    assert "<li>We book and pay for your travel</li>" in page
    assert "Quiet room &lt;if&gt; needed" in page  # what people type is still shown as text
    when = re.search(r"summary-list__key\">\s*When\s*</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.DOTALL)
    assert when is not None
    assert when.group(1).count("<li>") == 2  # two sessions, two list items
    assert '<ul class="nhsuk-list">' in when.group(1)
