"""Issue 21 on the selection page: the organiser sees the adjustments of the people holding a place (only those, never
the rest of their support plans), and each candidate's one-page profile as the hint beside their name."""

import pytest
from django.urls import reverse

from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import ResponseFactory
from withus.people.tests.factories import PersonFactory
from withus.support.services import plan_save, profile_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def interested(trust, opportunity):
    people = {
        name: PersonFactory(organisation=trust.organisation, full_name=name) for name in ("Fola First", "Bea Busy")
    }
    for person in people.values():
        ResponseFactory(opportunity=opportunity, person=person)
    return people


def test_the_organiser_sees_adjustments_of_the_people_selected_only(lead, opportunity, interested):
    fola, bea = interested["Fola First"], interested["Bea Busy"]
    plan_save(person=fola, values={"adjustments": ["interpreter"], "crisis_contact": "Her sister"}, actor=lead.user)
    plan_save(person=bea, values={"adjustments": ["camera_off"]}, actor=lead.user)
    url = reverse("opportunities:selection", args=[opportunity.pk])
    before = lead.client.get(url).content.decode()
    assert "Adjustments to plan for the sessions" not in before  # nobody holds a place yet
    selection_make(opportunity=opportunity, chosen_ids=[fola.pk], actor=lead.user, tell_others=False)
    page = lead.client.get(url).content.decode()
    assert "Adjustments to plan for the sessions" in page
    assert "Fola First: An interpreter" in page
    assert "Camera off" not in page  # Bea was not selected
    assert "Her sister" not in page


def test_nobody_selected_with_adjustments_is_said_plainly(lead, opportunity, interested):
    selection_make(opportunity=opportunity, chosen_ids=[interested["Bea Busy"].pk], actor=lead.user, tell_others=False)
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "Nobody offered a place has asked for an adjustment." in page


def test_each_candidate_shows_their_one_page_profile(lead, opportunity, interested, django_assert_max_num_queries):
    profile_save(person=interested["Bea Busy"], good_at=["Chairing"], want_to_learn=["Data"], actor=lead.user)
    url = reverse("opportunities:selection", args=[opportunity.pk])
    with django_assert_max_num_queries(40) as before:
        lead.client.get(url)
    profile_save(person=interested["Fola First"], good_at=["Listening"], want_to_learn=[], actor=lead.user)
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = lead.client.get(url).content.decode()
    assert "Good at: Chairing. Would like to learn: Data." in page
    assert "Good at: Listening." in page
