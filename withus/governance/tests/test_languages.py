"""My panels and committees in the participant's own language (issue 26): Urdu right to left, Polish plurals."""

import pytest
from django.urls import reverse


@pytest.fixture
def offers_urdu_and_polish(trust):
    trust.organisation.languages_offered = ["ur", "pl"]
    trust.organisation.save()


def _my_panels(participant, code) -> str:
    participant.user.language = code
    participant.user.save()
    response = participant.client.get(reverse("governance:my_panels"))
    assert response.status_code == 200
    return response.content.decode()


def test_my_panels_in_urdu(offers_urdu_and_polish, panel, amara):
    page = _my_panels(amara, "ur")
    assert '<html lang="ur" dir="rtl"' in page
    assert "<h1>میرے پینل اور کمیٹیاں</h1>" in page
    assert "نمبر دیے جا رہے ہیں" in page  # the panel's tag: scoring
    assert "2 امیدواروں کو نمبر دینا باقی ہے" in page
    assert "انٹرویو <bdi>" in page  # the interview date, kept left to right
    assert "بورڈ یا کمیٹی میں آپ کی کوئی نشست نہیں ہے۔" in page
    assert "Interview panels" not in page


def test_my_panels_in_polish_with_none_yet(offers_urdu_and_polish, chen):
    page = _my_panels(chen, "pl")
    assert '<html lang="pl" dir="ltr"' in page
    assert "Panele rekrutacyjne" in page
    assert 'Możesz zgłosić się do panelu w zakładce <a href="/opportunities/">możliwości</a>.' in page


def test_my_panels_in_polish_counts_candidates_in_the_few_form(offers_urdu_and_polish, panel, amara):
    assert "2 kandydaci do oceny" in _my_panels(amara, "pl")
