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


# Cells a spreadsheet would run as a formula: =, +, -, @, and a leading tab or carriage return.
FORMULA_CELLS = ['=HYPERLINK("http://127.0.0.1/x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _formula_units(trust):
    from withus.organisations.models import Unit, UnitKind
    from withus.organisations.tests.factories import UnitFactory

    parent = UnitFactory(organisation=trust.organisation, name="=1+1", code="=PARENT", kind=UnitKind.SERVICE)
    for number, text in enumerate(FORMULA_CELLS):
        unit = UnitFactory(organisation=trust.organisation, name=f"Unit {number}", kind=UnitKind.WARD, parent=parent)
        # Written directly: the service strips a leading tab or return, but older rows may still have one.
        Unit.objects.filter(pk=unit.pk).update(name=text, code=f"{text[:1]}C{number}")


def _csv_rows(client) -> list[dict]:
    response = client.get(reverse("opportunities:spread_csv"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def test_spread_csv_keeps_formulas_as_text(lead, trust):
    """Unit names and codes that start like a formula are prefixed with ', so a spreadsheet shows them as text."""
    _formula_units(trust)
    rows = {row["Unit"]: row for row in _csv_rows(lead.client)}
    for text in FORMULA_CELLS:
        assert f"'{text}" in rows, text
        row = rows[f"'{text}"]
        assert row["Code"] == f"'{text[:1]}C{FORMULA_CELLS.index(text)}"
    assert rows["'=1+1"]["Code"] == "'=PARENT"
    # Nothing in the name or code columns starts with a character a spreadsheet would run.
    assert not [row for row in rows.values() for column in ("Unit", "Code") if row[column][:1] in "=+-@\t\r"]


def test_spread_csv_keeps_a_formula_parent_code_as_text(lead, trust):
    _formula_units(trust)
    parents = {row["Parent code"] for row in _csv_rows(lead.client) if row["Parent code"]}
    assert "'=PARENT" in parents
    assert not [code for code in parents if code[:1] in "=+-@\t\r"]
