"""The register's export (CSV) and print view: the same search, filters and scope as the page, formula-safe and
audited."""

import csv
import io

import pytest
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.people.models import MembershipStatus, PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def register(trust):
    organisation = trust.organisation
    PersonFactory(organisation=organisation, full_name="Amara Bello", preferred_name="Amara", units=[trust.willow])
    PersonFactory(
        organisation=organisation,
        full_name="Ben Hughes",
        kind=PersonKind.CARER,
        status=MembershipStatus.PAUSED,
        units=[trust.nursing],
    )
    PersonFactory(organisation=organisation, full_name='=HYPERLINK("http://x")', units=[trust.willow])


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="involvement-register-' in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_lists_the_register_formula_safe_and_is_audited(lead_client, register):
    rows = _csv(lead_client.get(reverse("people:register_export")))
    assert rows[0] == ["Name", "Type", "Status", "Connected with", "Contact about opportunities"]
    names = [row[0] for row in rows[1:]]
    assert "Ben Hughes" in names
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(name.startswith("=") for name in names)
    ben = next(row for row in rows if row[0] == "Ben Hughes")
    assert ben[1:4] == ["Carer", "Paused", "Marsh District Nursing"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="register")
    assert entry.object_label == "Involvement register (CSV, 3 people)"


def test_the_export_follows_the_search_and_filters(lead_client, register):
    rows = _csv(lead_client.get(reverse("people:register_export"), {"kind": "carer"}))
    assert [row[0] for row in rows[1:]] == ["Ben Hughes"]
    refused = _csv(lead_client.get(reverse("people:register_export"), {"q": "a" * 5000}))
    assert refused == [["Name", "Type", "Status", "Connected with", "Contact about opportunities"]]


def test_the_export_lists_only_people_the_user_may_see(scoped_lead_client, register):
    names = [row[0] for row in _csv(scoped_lead_client.get(reverse("people:register_export")))[1:]]
    assert "Ben Hughes" not in names
    assert any("Amara" in name for name in names)


def test_the_print_view_lists_everyone_chosen_on_one_page(lead_client, register, settings):
    settings.WITHUS_PAGE_SIZE = 1
    page = lead_client.get(reverse("people:register_print"), {"status": "paused"}).content.decode()
    assert "1 person matching the search and filters" in page
    assert "Ben Hughes" in page
    assert "Amara" not in page
    everyone = lead_client.get(reverse("people:register_print")).content.decode()
    assert "3 people" in everyone
    assert "Ben Hughes" in everyone
    assert "Amara" in everyone
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="register").count() == 2


def test_the_register_links_to_its_export_and_print_view_with_the_filters(lead_client, register):
    page = lead_client.get(reverse("people:register"), {"kind": "carer"}).content.decode()
    assert f'href="{reverse("people:register_export")}?kind=carer"' in page
    assert f'href="{reverse("people:register_print")}?kind=carer"' in page


def test_participants_and_finance_cannot_export_or_print_the_register(amara, finance_client, register):
    for client in (amara.client, finance_client):
        assert client.get(reverse("people:register_export")).status_code == 403
        assert client.get(reverse("people:register_print")).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
