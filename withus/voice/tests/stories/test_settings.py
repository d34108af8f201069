"""Story settings, per trust, edited by an administrator and audited: the default length of an agreement, the
information sheet's version and who hears about a disclosure of risk. The services read them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.core.dates import add_months
from withus.core.models import AuditEntry
from withus.notifications.models import Message
from withus.voice.models.stories import StoryConsent, StorySettings

pytestmark = pytest.mark.django_db
URL = reverse("stories:settings")


def _save(client, **changes):
    data = {"consent_years": "3", "information_sheet_version": "2.1", "safeguarding_lead": ""}
    data.update(changes)
    return client.post(URL, data)


def test_an_administrator_changes_the_settings_and_it_is_audited(admin_client, trust, make_user):
    safeguarding = make_user(Role.STAFF, unit=trust.willow, full_name="Sam Safe")
    page = admin_client.get(URL).content.decode()
    assert "Story settings" in page
    assert "Sam Safe" in page
    response = _save(admin_client, safeguarding_lead=str(safeguarding.pk), disclosures_to_unit_manager="on")
    assert response.status_code == 302
    saved = StorySettings.objects.get(organisation=trust.organisation)
    assert (saved.consent_years, saved.information_sheet_version) == (3, "2.1")
    assert (saved.safeguarding_lead, saved.disclosures_to_unit_manager) == (safeguarding, True)
    entry = AuditEntry.objects.get(object_type="story_settings")
    assert set(entry.changed_fields) == {
        "consent_years",
        "information_sheet_version",
        "safeguarding_lead",
        "disclosures_to_unit_manager",
    }
    assert entry.actor == admin_client.user
    # Saving the same again changes nothing and audits nothing.
    _save(admin_client, safeguarding_lead=str(safeguarding.pk), disclosures_to_unit_manager="on")
    assert AuditEntry.objects.filter(object_type="story_settings").count() == 1


def test_new_stories_use_the_settings(admin_client, amara, trust):
    _save(admin_client, consent_years="3", information_sheet_version="2.1")
    page = amara.client.get(reverse("stories:new")).content.decode()
    assert "The agreement lasts 3 years" in page
    assert "usual time (3 years)" in page
    amara.client.post(
        reverse("stories:new"),
        {
            "title": "A story",
            "what_happened": "What happened.",
            "unit": str(trust.willow.pk),
            "theme": "care",
            "uses": ["internal_learning"],
            "naming": "anonymous",
            "action": "send",
        },
    )
    consent = StoryConsent.objects.get()
    today = timezone.localdate()
    assert (consent.expires_on, consent.information_sheet_version) == (add_months(today, 36), "2.1")


def test_a_disclosure_goes_to_the_safeguarding_lead_chosen_here(admin_client, published, lead, make_user):
    safeguarding = make_user(Role.PARTICIPATION_LEAD, email="safe@example.org")
    _save(admin_client, safeguarding_lead=str(safeguarding.pk))
    lead.client.post(reverse("stories:risk", args=[published.pk]), {"note": "Says staff hurt them"})
    assert Message.objects.filter(user=safeguarding, template="voice.story_risk").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent_years": "0"}, "Enter a whole number of years from 1 to 10"),
        ({"consent_years": "11"}, "Enter a whole number of years from 1 to 10"),
        ({"consent_years": "two"}, "Enter a whole number of years, like 2"),
        ({"consent_years": ""}, "Enter how many years an agreement lasts"),
        ({"information_sheet_version": "  "}, "Enter"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_saved(admin_client, changes, message):
    page = _save(admin_client, **changes).content.decode()
    assert message in page
    assert not StorySettings.objects.exists()
    assert not AuditEntry.objects.filter(object_type="story_settings").exists()


def test_a_tampered_safeguarding_lead_is_refused(admin_client, amara, trust):
    elsewhere = UserFactory(roles=[(Role.PARTICIPATION_LEAD, None)])
    for user in (elsewhere, amara.user):
        page = _save(admin_client, safeguarding_lead=str(user.pk)).content.decode()
        assert "Select from the options shown" in page
    assert not StorySettings.objects.exists()


def test_only_administrators_reach_the_settings(lead, staff_client, amara):
    for client in (lead.client, staff_client, amara.client):
        assert client.get(URL).status_code == 403
        assert _save(client).status_code == 403
    assert not StorySettings.objects.exists()
