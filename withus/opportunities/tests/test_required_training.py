"""Opportunities that need a training: only people who hold it in date may apply or be offered a place."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.involvement.tests.factories import InvolvementKindFactory
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.opportunities.models import Opportunity, ResponseStatus
from withus.opportunities.selection import candidates, suggest_fairly
from withus.opportunities.services.interest import ineligibility_reason, interest_express
from withus.opportunities.services.opportunities import opportunity_create
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def panel(trust):
    courses = courses_ensure_defaults(organisation=trust.organisation)
    kind = InvolvementKindFactory(
        organisation=trust.organisation,
        code="interview-panel",
        name="Recruitment interview panel",
        required_training="Recruitment panel training",
    )
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=2)
    opportunity.required_courses.set([courses[CourseCode.RECRUITMENT_PANEL]])
    return opportunity, courses[CourseCode.RECRUITMENT_PANEL]


def _trained(person, course, *, years_ago: int):
    completed = timezone.localdate() - datetime.timedelta(days=365 * years_ago + 10)
    completion_record(person=person, course=course, completed_on=completed, how=CompletionHow.ATTENDED, actor=None)


def test_posting_requires_the_course_the_kind_names(trust, lead):
    courses_ensure_defaults(organisation=trust.organisation)
    kind = InvolvementKindFactory(
        organisation=trust.organisation, code="interview-panel", required_training="Recruitment panel training"
    )
    first = timezone.now() + datetime.timedelta(days=14)
    opportunity = opportunity_create(
        organisation=trust.organisation,
        values={
            "title": "Panel",
            "description": "Sit on a panel",
            "kind": kind,
            "unit": trust.willow,
            "place": "Room 1",
            "places": 2,
            "closes_on": timezone.localdate() + datetime.timedelta(days=7),
        },
        sessions=[(first, first + datetime.timedelta(hours=2))],
        actor=lead.user,
    )
    assert [course.code for course in opportunity.required_courses.all()] == [CourseCode.RECRUITMENT_PANEL]
    page = lead.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "Recruitment panel member training, in date" in page
    # An opportunity that names a course of its own needs that course instead.
    other = opportunity_create(
        organisation=trust.organisation,
        values={
            "title": "Panel needing induction",
            "description": "Sit on a panel",
            "kind": kind,
            "unit": trust.willow,
            "place": "Room 1",
            "places": 2,
            "closes_on": timezone.localdate() + datetime.timedelta(days=7),
            "required_training": "board and committee induction",
        },
        sessions=[(first, first + datetime.timedelta(hours=2))],
        actor=lead.user,
    )
    assert [course.code for course in other.required_courses.all()] == [CourseCode.BOARD_INDUCTION]


def test_only_holders_in_date_see_and_apply(trust, panel, amara, ben):
    opportunity, course = panel
    _trained(amara.person, course, years_ago=1)
    _trained(ben.person, course, years_ago=4)  # lapsed after three years
    assert list(Opportunity.objects.open_for_interest().eligible_for(amara.person)) == [opportunity]
    assert not Opportunity.objects.open_for_interest().eligible_for(ben.person).exists()
    assert ineligibility_reason(opportunity, amara.person) == ""
    reason = ineligibility_reason(opportunity, ben.person)
    assert reason.startswith("You need Recruitment panel member training, in date.")
    page = ben.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "You need Recruitment panel member training, in date." in page
    with pytest.raises(ValidationError, match="You need Recruitment panel member training"):
        interest_express(opportunity=opportunity, person=ben.person, actor=ben.user)


def test_selection_lists_only_holders_and_says_why_not(trust, panel, lead, amara, ben):
    opportunity, course = panel
    _trained(amara.person, course, years_ago=1)
    untrained = PersonFactory(organisation=trust.organisation, full_name="Una Untrained")
    for person in (amara.person, ben.person, untrained):
        ResponseFactory(opportunity=opportunity, person=person)
    rows = {row.full_name: row for row in candidates(opportunity)}
    assert rows["Amara Bello"].ineligible_reason == ""
    assert rows["Amara Bello"].training == ["Recruitment panel member training"]
    assert rows["Una Untrained"].ineligible_reason == "Needs Recruitment panel member training, in date"
    assert [row.full_name for row in suggest_fairly(opportunity, list(rows.values()))] == ["Amara Bello"]
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "Cannot be offered a place: needs recruitment panel member training, in date" in page
    assert f'value="{untrained.pk}"' not in page
    assert f'value="{amara.person.pk}"' in page
    with pytest.raises(ValidationError, match="not Una Untrained"):
        selection_make(opportunity=opportunity, chosen_ids=[untrained.pk], actor=lead.user, notify=False)
    tampered = lead.client.post(
        reverse("opportunities:selection", args=[opportunity.pk]), {"chosen": [str(untrained.pk)]}
    )
    assert tampered.status_code == 200
    page = tampered.content.decode()
    assert "There is a problem" in page  # the error summary
    assert page.count("Choose only people listed") == 2  # in the summary and at the field
    assert set(opportunity.responses.values_list("status", flat=True)) == {ResponseStatus.INTERESTED}


def test_selection_page_queries_stay_bounded_with_required_training(trust, panel, lead, django_assert_max_num_queries):
    opportunity, course = panel
    for number in range(30):
        person = PersonFactory(organisation=trust.organisation)
        ResponseFactory(opportunity=opportunity, person=person)
        if number % 2:
            _trained(person, course, years_ago=1)
    with django_assert_max_num_queries(24):
        response = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk]), {"suggest": "1"})
    assert response.content.decode().count("Cannot be offered a place") == 15
