"""Smaller faults found when WithUs was tried end to end (issue 14 item 10), each with a test."""

import datetime

from django.urls import reverse
from django.utils import timezone

from withus.people.models import Person
from withus.people.tests.factories import ConsentStatementFactory, PersonFactory
from withus.people.tests.test_add_person import _form


def test_one_menu_item_is_current_on_your_own_pages(amara):
    html = amara.client.get(reverse("involvement:my_involvement")).content.decode()
    assert html.count('aria-current="true"') + html.count('aria-current="page"') == 1
    current = html[html.index("aria-current") - 200 : html.index("aria-current")]
    assert 'href="/me/involvement/"' in current
    details = amara.client.get(reverse("people:me")).content.decode()
    assert details.count('aria-current="true"') + details.count('aria-current="page"') == 1


def test_times_taken_part_says_0_not_blank(amara):
    html = amara.client.get(reverse("involvement:my_involvement")).content.decode()
    compact = " ".join(html.split())
    assert 'Times taken part </dt> <dd class="nhsuk-summary-list__value"> 0 </dd>' in compact


def test_a_search_too_long_is_refused_not_ignored(lead_client, trust):
    PersonFactory(organisation=trust.organisation, full_name="Zara Zed")
    html = lead_client.get(reverse("people:register"), {"q": "x" * 5000}).content.decode()
    assert "Search by name or e-mail must be 100 characters or fewer" in html
    assert "There is a problem" in html
    assert "Zara Zed" not in html
    assert "0 people match your search" in html
    normal = lead_client.get(reverse("people:register"), {"q": "Zara"}).content.decode()
    assert "Zara Zed" in normal


def test_an_agreement_signed_in_the_future_is_refused(lead_client, trust):
    ConsentStatementFactory(organisation=trust.organisation, topic="contact")
    ConsentStatementFactory(organisation=trust.organisation, topic="data")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = _form(
        full_name="Future Signer",
        agreement_signed_on_day=str(tomorrow.day),
        agreement_signed_on_month=str(tomorrow.month),
        agreement_signed_on_year=str(tomorrow.year),
    )
    html = lead_client.post(reverse("people:add"), data).content.decode()
    assert "The date the agreement was signed must be today or in the past" in html
    assert not Person.objects.filter(full_name="Future Signer").exists()
