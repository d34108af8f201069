"""Consent that enforces itself: every output path (list, story page, export, recording a use) refuses a use
whose consent has been withdrawn or has expired, and withdrawal lists where the story was already used."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.voice import services_stories as services
from withus.voice.models.stories import StoryConsent, StoryUse, StoryUseKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _end(story, how):
    consents = StoryConsent.objects.filter(story=story)
    if how == "withdrawn":
        for consent in consents:
            services.consent_withdraw(consent=consent, actor=story.teller.user)
    else:
        # The state two years' time leaves: every consent ended yesterday (the story's windows hold that date).
        consents.update(expires_on=TODAY() - datetime.timedelta(days=1))
        services.consent_windows_refresh(story)


def _record(story, actor, use=StoryUseKind.STAFF_TRAINING):
    return services.story_use_record(
        story=story, use=use, occasion="Induction", audience="New staff", used_on=TODAY(), actor=actor
    )


@pytest.mark.parametrize("how", ["withdrawn", "expired"])
def test_every_output_path_refuses_an_ended_consent(published, staff_client, lead, how):
    detail = reverse("stories:detail", args=[published.pk])
    export = reverse("stories:export") + "?use=staff_training"
    # While consent is live, every path shows or uses the story.
    assert published.title in staff_client.get(reverse("stories:list")).content.decode()
    assert staff_client.get(detail).status_code == 200
    assert published.title in staff_client.get(export).content.decode()
    _record(published, lead.user)
    _end(published, how)
    assert published.title not in staff_client.get(reverse("stories:list")).content.decode()
    assert staff_client.get(detail).status_code == 404
    assert published.title not in staff_client.get(export).content.decode()
    with pytest.raises(ValidationError, match="not agreed to this use"):
        _record(published, lead.user)
    response = lead.client.post(
        reverse("stories:use_add", args=[published.pk]),
        {
            "use": "staff_training",
            "occasion": "Again",
            "audience": "Staff",
            "used_on_day": TODAY().day,
            "used_on_month": TODAY().month,
            "used_on_year": TODAY().year,
        },
    )
    assert "not agreed to this use" in response.content.decode()
    assert StoryUse.objects.count() == 1


def test_a_use_not_consented_is_refused(published, lead):
    with pytest.raises(ValidationError, match="not agreed to this use"):
        _record(published, lead.user, use=StoryUseKind.PRESS)


def test_the_teller_withdraws_training_and_sees_where_it_was_used(published, amara, lead):
    _record(published, lead.user)
    training = published.consents.get(use=StoryUseKind.STAFF_TRAINING)
    url = reverse("stories:withdraw", args=[published.pk, training.pk])
    page = amara.client.get(url).content.decode()
    assert "Induction" in page
    response = amara.client.post(url)
    body = response.content.decode()
    assert "We will not use the story for staff training again" in body
    assert "Induction" in body
    training.refresh_from_db()
    assert training.withdrawn_at is not None
    assert training.withdrawn_by == amara.user
    # The other use carries on.
    assert published.consents.live(TODAY()).filter(use=StoryUseKind.INTERNAL_LEARNING).exists()
    mine = amara.client.get(reverse("stories:mine")).content.decode()
    assert "you stopped this on" in mine
    assert "Induction" in mine


def test_another_tellers_private_pages_are_404(published, ben):
    training = published.consents.get(use=StoryUseKind.STAFF_TRAINING)
    assert ben.client.get(reverse("stories:detail", args=[published.pk])).status_code == 404
    assert ben.client.post(reverse("stories:withdraw", args=[published.pk, training.pk])).status_code == 404
    training.refresh_from_db()
    assert training.withdrawn_at is None


def test_a_participant_sees_a_published_story_only_under_public_consent(published, ben):
    assert published.title not in ben.client.get(reverse("stories:list")).content.decode()
    StoryConsent.objects.create(
        organisation=published.organisation,
        story=published,
        use=StoryUseKind.PUBLIC_WEBSITE,
        naming="full_name",
        granted_on=TODAY(),
        expires_on=TODAY() + datetime.timedelta(days=30),
        information_sheet_version="1.0",
        recorded_by=published.recorded_by,
    )
    services.consent_windows_refresh(published)
    assert published.title in ben.client.get(reverse("stories:list")).content.decode()
    page = ben.client.get(reverse("stories:detail", args=[published.pk])).content.decode()
    # Named by the public consent (full name); never the staff-training naming.
    assert "Amara Bello" in page


def test_the_teller_is_named_only_as_consent_allows(published, staff_client):
    page = staff_client.get(reverse("stories:detail", args=[published.pk])).content.decode()
    # Internal learning says anonymous and staff training first name: the page serves both, so anonymous.
    assert "Anonymous" in page
    assert "Amara Bello" not in page


def test_expiry_warning_tells_teller_once(published):
    from withus.notifications.models import Message

    published.consents.update(expires_on=TODAY() + datetime.timedelta(days=10))
    assert services.consents_warn_expiring() == 2
    assert services.consents_warn_expiring() == 0
    assert Message.objects.filter(person=published.teller, template="voice.story_consent_ending").count() == 2


def test_expiry_takes_effect_by_the_date_alone(published, staff_client):
    """No job has to run: the day after the last consent ends, the list and the export leave the story out."""
    from withus.voice import selectors_stories as selectors

    later = max(consent.expires_on for consent in published.consents.all()) + datetime.timedelta(days=1)
    assert selectors.published_for(staff_client.user, today=TODAY()).filter(pk=published.pk).exists()
    assert not selectors.published_for(staff_client.user, today=later).filter(pk=published.pk).exists()
    assert not selectors.stories_for_use(published.organisation_id, "staff_training", later).exists()
    assert not selectors.stories_visible_to(staff_client.user, today=later).filter(pk=published.pk).exists()
