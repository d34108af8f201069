"""Telling a story: on a phone in plain English, as a draft, or recorded for someone; bad input saves nothing."""

import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditEntry
from withus.people.models import OnBehalfAction
from withus.voice.models.stories import Story, StoryConsent, StoryRoute, StoryStatus

pytestmark = pytest.mark.django_db
NEW = reverse("stories:new")


def _form(where, **changes):
    data = {
        "title": "Nobody explained my leave",
        "what_happened": "My leave was cancelled and nobody told me why.",
        "could_be_better": "",
        "unit": str(where.pk),
        "experience_month": "",
        "theme": "communication",
        "uses": ["staff_training", "board"],
        "naming": "first_name",
        "action": "send",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_participant_tells_a_story_with_one_consent_per_use(amara, trust):
    response = amara.client.post(NEW, _form(trust.willow))
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.teller, story.route, story.status) == (amara.person, StoryRoute.WEB, StoryStatus.RECEIVED)
    consents = list(story.consents.order_by("use"))
    assert [consent.use for consent in consents] == ["board", "staff_training"]
    assert all(consent.naming == "first_name" and consent.information_sheet_version == "1.0" for consent in consents)
    assert (consents[0].expires_on - consents[0].granted_on).days in (730, 731)
    assert AuditEntry.objects.filter(object_id=str(story.pk), action="create").exists()
    page = amara.client.get(reverse("stories:mine"))
    assert "Nobody explained my leave" in page.content.decode()


def test_a_draft_is_saved_without_consent_and_finished_later(amara, trust):
    amara.client.post(NEW, _form(trust.willow, uses=None, naming=None, action="draft"))
    story = Story.objects.get()
    assert story.status == StoryStatus.DRAFT
    assert not story.consents.exists()
    url = reverse("stories:draft", args=[story.pk])
    assert amara.client.get(url).status_code == 200
    response = amara.client.post(url, _form(trust.willow, title="Finished now"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.title, story.status, story.consents.count()) == ("Finished now", StoryStatus.RECEIVED, 2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uses": None}, "uses", "Select at least one way we may use the story"),
        ({"uses": ["everywhere"]}, "uses", "Select from the options shown"),
        ({"unit": "00000000-0000-0000-0000-000000000000"}, "unit", "Select from the options shown"),
        ({"title": ""}, "title", "Enter a short title for your story"),
        (
            {"expires_on_day": "1", "expires_on_month": "1", "expires_on_year": "2020"},
            "expires_on",
            "must be in the future",
        ),
        ({"experience_month": "2001-01-01"}, "experience_month", "Select from the options shown"),
    ],
)
def test_bad_input_is_refused_kindly_and_nothing_is_saved(amara, trust, changes, field, message):
    response = amara.client.post(NEW, _form(trust.willow, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Story.objects.exists()
    assert not StoryConsent.objects.exists()


def test_a_participant_cannot_tell_a_story_as_someone_else(amara, ben, trust):
    """A tampered teller field is ignored: the form has none for a participant, so the story is hers."""
    amara.client.post(NEW, _form(trust.willow, teller=str(ben.person.pk), route="phone"))
    story = Story.objects.get()
    assert story.teller == amara.person
    assert story.route == StoryRoute.WEB


def test_a_lead_records_a_story_on_someones_behalf_with_the_route(lead, amara, trust):
    data = _form(trust.willow, teller=str(amara.person.pk), route="phone", person_agreed="on")
    response = lead.client.post(NEW, data)
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.teller, story.recorded_by, story.route) == (amara.person, lead.user, StoryRoute.PHONE)
    # Issue 26 item 5: the one on-behalf record, in her pages and the audit log.
    action = OnBehalfAction.objects.get(person=amara.person)
    assert (action.actor, action.object_type, action.object_id) == (lead.user, "story", str(story.pk))
    assert action.how_agreed == "on the phone"
    expected = f"Done by {lead.user.full_name} for Amara Bello, who agreed on the phone: Sent the story"
    assert AuditEntry.objects.filter(object_type="on_behalf_action", object_label__startswith=expected).exists()
    assert (
        "Sent the story &#39;Nobody explained my leave&#39; for them"
        in amara.client.get(reverse("people:me")).content.decode()
    )


def test_sending_a_story_for_someone_without_their_agreement_is_refused(lead, amara, trust):
    response = lead.client.post(NEW, _form(trust.willow, teller=str(amara.person.pk), route="conversation"))
    assert response.status_code == 200
    assert "Confirm that Amara Bello agreed to you doing this for them" in response.content.decode()
    assert not Story.objects.exists()
    assert not OnBehalfAction.objects.exists()


def test_a_draft_for_someone_needs_no_agreement_yet_and_the_act_for_link_chooses_them(lead, amara, trust):
    page = lead.client.get(NEW, {"teller": str(amara.person.pk)}).content.decode()
    assert f'value="{amara.person.pk}" selected' in page
    assert "They agreed to me sending their story for them" in page
    data = _form(trust.willow, teller=str(amara.person.pk), route="letter", action="draft")
    assert lead.client.post(NEW, data).status_code == 302
    assert Story.objects.get().status == StoryStatus.DRAFT
    assert not OnBehalfAction.objects.exists()


def test_recording_for_someone_needs_the_route_and_a_person_the_recorder_may_see(make_user, signed_in, trust, ben):
    staff = signed_in(make_user(Role.STAFF, unit=trust.willow))
    response = staff.post(NEW, _form(trust.willow, teller=str(ben.person.pk)))
    body = response.content.decode()
    assert "Select from the options shown" in body  # Ben is not connected with Willow Ward
    assert "Select how you heard this story" in body
    assert not Story.objects.exists()


def test_the_telling_page_shows_where_to_get_help_and_pals(amara):
    body = amara.client.get(NEW).content.decode()
    assert "NHS 111" in body
    assert "option 2" in body
    assert "PALS" in body
