"""Choosing the language WithUs is read in (issue 26 item 4): only languages the trust offers, kept on the account,
audited, right to left for Urdu, back to the same page afterwards, and never taken from the browser."""

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry


@pytest.fixture
def offers_urdu(trust):
    trust.organisation.languages_offered = ["ur"]
    trust.organisation.save()
    return trust.organisation


def _html(response) -> str:
    return response.content.decode()


def test_a_participant_switches_to_urdu_and_goes_back_to_the_page_they_were_on(amara, offers_urdu):
    claim_page = reverse("payments:claim_new")
    page = _html(amara.client.get(reverse("accounts:language"), {"next": claim_page}))
    assert 'lang="ur" dir="rtl">اردو</span>' in page
    assert "Bengali" not in page  # not offered by this trust

    response = amara.client.post(reverse("accounts:language"), {"language": "ur", "next": claim_page})

    assert response.status_code == 302
    assert response.url == claim_page
    amara.user.refresh_from_db()
    assert amara.user.language == "ur"
    page = _html(amara.client.get(claim_page))
    assert '<html lang="ur" dir="rtl"' in page
    assert "withus/withus.rtl.css" in page
    assert "withus/withus.css" not in page
    assert "<h1>دعویٰ کریں</h1>" in page
    assert "اب آپ WithUs اردو میں پڑھ رہے ہیں۔" in page  # the confirmation, in the language chosen
    entry = AuditEntry.objects.get(object_type="user", object_id=str(amara.user.pk), changed_fields=["language"])
    assert "Urdu" in entry.object_label


def test_switching_back_to_english_keeps_the_place_too(amara, offers_urdu):
    amara.user.language = "ur"
    amara.user.save()
    me = reverse("people:me")
    assert '<html lang="ur" dir="rtl"' in _html(amara.client.get(me))

    response = amara.client.post(reverse("accounts:language"), {"language": "en-gb", "next": me})

    assert response.url == me
    page = _html(amara.client.get(me))
    assert '<html lang="en-GB" dir="ltr"' in page
    assert "<h1>My details</h1>" in page
    amara.user.refresh_from_db()
    assert amara.user.language == ""


def test_a_string_not_yet_translated_shows_in_english_never_blank(amara, offers_urdu):
    amara.user.language = "ur"
    amara.user.save()
    page = _html(amara.client.get(reverse("people:me")))
    assert "<h1>میری تفصیلات</h1>" in page
    # Consent topics are not translated yet: they show in English, not as an empty line or a message key.
    assert "Being contacted about opportunities" in page
    assert "msgid" not in page


@pytest.mark.parametrize("code", ["bn", "xx", ""])
def test_a_language_the_trust_does_not_offer_is_refused(amara, offers_urdu, code):
    response = amara.client.post(reverse("accounts:language"), {"language": code, "next": "/me/"})
    assert response.status_code == 200
    assert "There is a problem" in _html(response)
    amara.user.refresh_from_db()
    assert amara.user.language == ""


def test_only_pages_of_this_site_are_gone_back_to(amara, offers_urdu):
    response = amara.client.post(
        reverse("accounts:language"), {"language": "ur", "next": "https://elsewhere.example/steal"}
    )
    assert response.url == "/"


def test_a_language_the_trust_stops_offering_is_no_longer_shown(amara, offers_urdu):
    amara.user.language = "ur"
    amara.user.save()
    offers_urdu.languages_offered = []
    offers_urdu.save()
    page = _html(amara.client.get(reverse("people:me")))
    assert '<html lang="en-GB" dir="ltr"' in page
    assert "Language:" not in page  # no language link when only English is offered


def test_the_browser_language_is_never_used(amara, offers_urdu):
    page = _html(amara.client.get(reverse("people:me"), HTTP_ACCEPT_LANGUAGE="ur,en;q=0.1"))
    assert '<html lang="en-GB" dir="ltr"' in page


def test_the_footer_offers_each_language_in_its_own_name_and_comes_back_here(amara, offers_urdu):
    page = _html(amara.client.get(reverse("people:me")))
    assert '<span lang="ur" dir="rtl">اردو</span>' in page
    assert reverse("accounts:language") + "?next=%2Fme%2F" in page


def test_administrators_choose_which_languages_are_offered(admin_client, trust):
    response = admin_client.post(reverse("organisations:languages"), {"languages": ["pl", "ur"]})
    assert response.status_code == 302
    trust.organisation.refresh_from_db()
    assert trust.organisation.languages_offered == ["ur", "pl"]
    assert AuditEntry.objects.filter(object_type="organisation", changed_fields=["languages_offered"]).exists()
    page = _html(admin_client.get(reverse("organisations:languages")))
    assert "awaiting review" in page


def test_an_unknown_language_is_refused_for_the_trust(admin_client, trust):
    response = admin_client.post(reverse("organisations:languages"), {"languages": ["ur", "xx"]})
    assert response.status_code == 200
    assert "There is a problem" in _html(response)
    trust.organisation.refresh_from_db()
    assert trust.organisation.languages_offered == []


def test_my_payments_and_a_claim_read_in_polish(amara, trust):
    """Issue 26 item 4: My payments and a claim's page, with its status and how many days it took, in Polish."""
    from withus.payments.models.claims import Claim

    trust.organisation.languages_offered = ["pl"]
    trust.organisation.save()
    amara.user.language = "pl"
    amara.user.save()
    page = _html(amara.client.get(reverse("payments:my_payments")))
    assert "<h1>Moje płatności</h1>" in page
    assert "Nie złożono jeszcze żadnych wniosków." in page

    claim = Claim.objects.create(organisation=trust.organisation, person=amara.person, created_by=amara.user)
    page = _html(amara.client.get(reverse("payments:claim", args=[claim.pk])))
    assert f"<h1>Wniosek {claim.reference}</h1>" in page
    assert "Jeszcze nie wysłany" in page  # the status tag
    assert "Wysłano: Jeszcze nie." in page
    assert "Not sent yet" not in page


def test_an_opportunity_and_expressing_interest_read_in_turkish(amara, trust):
    """Issue 26 item 4: the list, an opportunity, and the interest form (its labels too), in Turkish."""
    from withus.opportunities.tests.factories import OpportunityFactory

    trust.organisation.languages_offered = ["tr"]
    trust.organisation.save()
    amara.user.language = "tr"
    amara.user.save()
    opportunity = OpportunityFactory(organisation=trust.organisation, unit=trust.willow, places=3)
    page = _html(amara.client.get(reverse("opportunities:list")))
    assert "<h1>Katılım fırsatları</h1>" in page
    page = _html(amara.client.get(reverse("opportunities:detail", args=[opportunity.pk])))
    assert "İlgileniyorum" in page
    assert "Son başvuru" in page
    page = _html(amara.client.get(reverse("opportunities:interest", args=[opportunity.pk])))
    assert "<h1>İlgilendiğinizi bize bildirin</h1>" in page
    assert "3 yer var." in page
    assert "Bize söylemek istediğiniz her şey (isteğe bağlı)" in page


def test_the_language_is_only_for_the_request(amara, offers_urdu):
    from django.utils import translation

    amara.user.language = "ur"
    amara.user.save(update_fields=["language"])
    before = translation.get_language()
    assert '<html lang="ur"' in _html(amara.client.get(reverse("people:me")))
    assert translation.get_language() == before  # nothing after the request runs in Urdu by accident
