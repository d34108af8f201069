"""Opportunities that need a training: only people who hold it in date may apply or be offered a place."""

import datetime
from uuid import uuid4

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
from withus.opportunities.services.opportunities import opportunity_create, opportunity_update
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


def _posting(kind, unit, **changes):
    first = timezone.localdate() + datetime.timedelta(days=20)
    closes = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "submission_key": "0b7e6a0e-3f0c-4d36-9d43-3c3e54b1b0a1",
        "title": "Help design the QI bulletin",
        "description": "Shape the bulletin with us.",
        "kind": str(kind.pk),
        "unit": str(unit.pk),
        "first_date_day": str(first.day),
        "first_date_month": str(first.month),
        "first_date_year": str(first.year),
        "starts_at": "10am",
        "ends_at": "12pm",
        "session_count": "1",
        "place": "Room 2",
        "places": "1",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        "open_to": "both",
    }
    return data | changes


def test_training_needed_is_a_choice_of_the_trusts_courses(trust, lead):
    courses = courses_ensure_defaults(organisation=trust.organisation)
    intro = courses[CourseCode.INTRO_QI]
    kind = InvolvementKindFactory(organisation=trust.organisation, code="co-design", required_training="")
    form_page = lead.client.get(reverse("opportunities:add")).content.decode()
    assert f'<option value="{intro.pk}">{intro.name}</option>' in form_page
    assert "No training needed" in form_page
    lead.client.post(reverse("opportunities:add"), _posting(kind, trust.willow, required_training=str(intro.pk)))
    opportunity = Opportunity.objects.get(title="Help design the QI bulletin")
    assert list(opportunity.required_courses.all()) == [intro]
    assert opportunity.required_training == intro.name
    page = lead.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert f"{intro.name}, in date" in page
    # Not a course of the trust's list: refused at the field, nothing saved.
    refused = lead.client.post(
        reverse("opportunities:add"),
        _posting(kind, trust.willow, title="Another", required_training="First aid", submission_key=str(uuid4())),
    ).content.decode()
    assert "Select one of the options" in refused
    assert not Opportunity.objects.filter(title="Another").exists()


def test_changing_the_training_to_none_and_back(trust, lead):
    courses = courses_ensure_defaults(organisation=trust.organisation)
    kind = InvolvementKindFactory(
        organisation=trust.organisation, code="interview-panel", required_training="Recruitment panel training"
    )
    lead.client.post(reverse("opportunities:add"), _posting(kind, trust.willow))
    opportunity = Opportunity.objects.get(title="Help design the QI bulletin")
    assert list(opportunity.required_courses.all()) == [courses[CourseCode.RECRUITMENT_PANEL]]
    edit = reverse("opportunities:edit", args=[opportunity.pk])
    form_page = lead.client.get(edit).content.decode()
    assert f'<option value="{courses[CourseCode.RECRUITMENT_PANEL].pk}" selected>' in form_page
    data = _posting(kind, trust.willow, required_training="none")
    assert lead.client.post(edit, data).status_code == 302
    opportunity.refresh_from_db()
    assert not opportunity.required_courses.exists()
    assert "None" in lead.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    ResponseFactory(opportunity=opportunity, person=PersonFactory(organisation=trust.organisation))
    data["required_training"] = str(courses[CourseCode.INTRO_QI].pk)
    assert "People have already responded, so this cannot be changed now" in lead.client.get(edit).content.decode()
    lead.client.post(edit, data)  # the field is fixed, so what was sent for it is ignored
    assert not opportunity.required_courses.exists()
    with pytest.raises(ValidationError, match="already responded"):
        opportunity_update(
            opportunity=opportunity, values={"required_courses": [courses[CourseCode.INTRO_QI]]}, actor=lead.user
        )
    assert not opportunity.required_courses.exists()


def test_lead_suggests_fairly_and_only_holders_of_intro_to_qi_are_ticked(trust, lead, amara, ben):
    courses = courses_ensure_defaults(organisation=trust.organisation)
    intro = courses[CourseCode.INTRO_QI]
    kind = InvolvementKindFactory(organisation=trust.organisation, code="co-design", required_training="")
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=3)
    opportunity.required_courses.set([intro])
    _trained(amara.person, intro, years_ago=0)
    ResponseFactory(opportunity=opportunity, person=amara.person)
    ResponseFactory(opportunity=opportunity, person=ben.person, message="I would love to help.")
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk]), {"suggest": "1"})
    html = page.content.decode()
    assert f'value="{amara.person.pk}" checked' in html
    assert f'value="{ben.person.pk}"' not in html
    assert f"Cannot be offered a place: needs {intro.name.lower()}, in date" in html
    assert "Their note: “I would love to help.”" in html


def test_someone_without_the_training_is_told_how_to_get_it(trust, panel, ben):
    opportunity, course = panel
    page = ben.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "You need Recruitment panel member training, in date." in page
    assert f'href="{reverse("learning:course", args=[course.pk])}"' in page
    assert "I am interested" not in page
    course_page = ben.client.get(reverse("learning:course", args=[course.pk]))
    assert course_page.status_code == 200


def test_the_demo_shows_suggest_fairly_offering_only_holders_of_intro_to_qi(demo):
    from withus.demo.learning_world import QI_TEAM_TITLE

    opportunity = Opportunity.objects.get(organisation=demo, title=QI_TEAM_TITLE)
    assert [course.code for course in opportunity.required_courses.all()] == [CourseCode.INTRO_QI]
    rows = candidates(opportunity)
    assert len(rows) == 5
    assert sum(1 for row in rows if row.ineligible_reason) == 2
    suggested = suggest_fairly(opportunity, rows)
    assert len(suggested) == opportunity.places == 2
    assert all(not row.ineligible_reason for row in suggested)
    assert any(row.message for row in rows)
