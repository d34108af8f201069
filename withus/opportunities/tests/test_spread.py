"""Spread: which units have started, with this quarter's records and people, champions, sorting and CSV."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.involvement.tests.factories import RecordFactory
from withus.opportunities.selectors import quarter_start
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def _records(trust, kind):
    today = timezone.localdate()
    amara = PersonFactory(organisation=trust.organisation)
    ben = PersonFactory(organisation=trust.organisation)
    RecordFactory(person=amara, kind=kind, unit=trust.willow, date=today)
    RecordFactory(person=ben, kind=kind, unit=trust.willow, date=today)
    RecordFactory(person=amara, kind=kind, unit=trust.willow, date=datetime.date(2024, 5, 3))
    champion = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF)
    champion.champion_units.add(trust.cedar)


def test_quarters():
    assert quarter_start(datetime.date(2026, 11, 26)) == datetime.date(2026, 10, 1)
    assert quarter_start(datetime.date(2026, 3, 31)) == datetime.date(2026, 1, 1)


def test_spread_shows_started_and_not_started(lead, trust, kind):
    _records(trust, kind)
    html = lead.client.get(reverse("opportunities:spread")).content.decode()
    assert "3 May 2024" in html  # Willow's first involvement, and its parents'
    assert "Not started" in html  # Cedar and district nursing
    assert "1 of 3 wards and teams have started" in html


def test_spread_csv(lead, trust, kind):
    _records(trust, kind)
    response = lead.client.get(reverse("opportunities:spread_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["Unit"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Willow Ward"]["First involvement"] == "2024-05-03"
    assert rows["Willow Ward"]["Records this quarter"] == "2"
    assert rows["Willow Ward"]["People this quarter"] == "2"
    assert rows["Riverside Mental Health"]["People this quarter"] == "2"
    assert rows["Cedar Ward"]["First involvement"] == ""
    assert rows["Cedar Ward"]["Has a champion"] == "yes"
    assert rows["Adult Acute"]["Has a champion"] == "yes"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="spread").exists()


def test_spread_sorts(lead, trust, kind):
    _records(trust, kind)
    html = lead.client.get(reverse("opportunities:spread"), {"sort": "records"}).content.decode()
    assert html.index("Willow Ward") < html.index("Cedar Ward")
    html = lead.client.get(reverse("opportunities:spread"), {"sort": "champion"}).content.decode()
    assert html.index("Cedar Ward") < html.index("Marsh District Nursing")
    assert lead.client.get(reverse("opportunities:spread"), {"sort": "nonsense"}).status_code == 200


def test_participants_cannot_see_spread(amara):
    assert amara.client.get(reverse("opportunities:spread")).status_code == 404
    assert amara.client.get(reverse("opportunities:spread_csv")).status_code == 404


def test_spread_queries_are_bounded(lead, trust, kind, django_assert_max_num_queries):
    _records(trust, kind)
    for _ in range(30):
        RecordFactory(person=PersonFactory(organisation=trust.organisation), kind=kind, unit=trust.cedar)
    with django_assert_max_num_queries(16):
        assert lead.client.get(reverse("opportunities:spread")).status_code == 200
