"""Fair selection: the facts, Suggest fairly, choosing with a reason, places never exceeded, people told."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.involvement.models import InvolvementSource
from withus.involvement.tests.factories import RecordFactory
from withus.opportunities.models import ExpressionOfInterest, ResponseStatus
from withus.opportunities.selection import candidates, suggest_fairly
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.models import EqualityRecord
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def interested(trust, opportunity, kind):
    """Four people: a first-timer, a busy regular, a quiet regular, and someone chosen for this kind before."""
    today = timezone.localdate()
    first_timer = PersonFactory(organisation=trust.organisation, full_name="Fola First")
    busy = PersonFactory(organisation=trust.organisation, full_name="Bea Busy")
    quiet = PersonFactory(organisation=trust.organisation, full_name="Quinn Quiet")
    chosen_before = PersonFactory(organisation=trust.organisation, full_name="Cal Chosen")
    for days in (5, 20, 40):
        RecordFactory(person=busy, kind=kind, hours=3, date=today - datetime.timedelta(days=days))
    RecordFactory(person=quiet, kind=kind, hours=1, date=today - datetime.timedelta(days=200))
    RecordFactory(
        person=quiet,
        kind=kind,
        hours=Decimal("1.5"),
        date=today - datetime.timedelta(days=300),
        source_type=InvolvementSource.TRAINING,
        source_label="Introduction to QI",
    )
    earlier = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="none")
    ResponseFactory(opportunity=earlier, person=chosen_before, status=ResponseStatus.CONFIRMED, place_number=1)
    RecordFactory(person=chosen_before, kind=kind, hours=1, date=today - datetime.timedelta(days=150))
    people = {"first": first_timer, "busy": busy, "quiet": quiet, "chosen": chosen_before}
    for person in people.values():
        ResponseFactory(opportunity=opportunity, person=person)
    return people


def test_facts_for_each_person(opportunity, interested):
    rows = {row.full_name: row for row in candidates(opportunity)}
    assert rows["Bea Busy"].hours_recent == Decimal(9)
    assert rows["Bea Busy"].last_involved == timezone.localdate() - datetime.timedelta(days=5)
    assert rows["Quinn Quiet"].hours_recent == 0
    assert rows["Quinn Quiet"].training == ["Introduction to QI"]
    assert rows["Cal Chosen"].times_selected == 1
    assert rows["Fola First"].first_timer
    assert not rows["Bea Busy"].first_timer


def test_suggest_fairly_favours_first_timers_then_fewer_recent_opportunities(opportunity, interested):
    suggestion = [row.full_name for row in suggest_fairly(opportunity, candidates(opportunity))]
    assert suggestion == ["Fola First", "Quinn Quiet"]
    opportunity.places = 3
    suggestion = [row.full_name for row in suggest_fairly(opportunity, candidates(opportunity))]
    assert suggestion == ["Fola First", "Quinn Quiet", "Bea Busy"]  # Cal was chosen for this kind before


def test_suggest_fairly_only_fills_free_places(opportunity, interested, lead):
    selection_make(opportunity=opportunity, chosen_ids=[interested["busy"].pk], actor=lead.user, tell_others=False)
    suggestion = suggest_fairly(opportunity, candidates(opportunity))
    assert [row.full_name for row in suggestion] == ["Fola First"]


def test_selection_page_shows_facts_and_suggestion(lead, opportunity, interested):
    url = reverse("opportunities:selection", args=[opportunity.pk])
    html = lead.client.get(url).content.decode()
    for text in ("Fola First", "Hours in the last 3 months", "9 hours", "Never", "First time", "Introduction to QI"):
        assert text in html
    assert "Suggest fairly" in html
    html = lead.client.get(url, {"suggest": "1"}).content.decode()
    assert html.count(">Suggested</strong>") == 2
    assert "Diversity of the proposed group" in html


def test_select_the_suggestion_and_tell_everyone(lead, opportunity, interested, django_capture_on_commit_callbacks):
    url = reverse("opportunities:selection", args=[opportunity.pk])
    suggested = [str(interested["first"].pk), str(interested["quiet"].pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.client.post(f"{url}?suggest=1", {"chosen": suggested, "suggested": ",".join(suggested)})
    assert response.status_code == 302
    statuses = dict(
        ExpressionOfInterest.objects.filter(opportunity=opportunity).values_list("person__full_name", "status")
    )
    assert statuses == {
        "Fola First": "selected",
        "Quinn Quiet": "selected",
        "Bea Busy": "not_selected",
        "Cal Chosen": "not_selected",
    }
    assert ExpressionOfInterest.objects.filter(opportunity=opportunity, status="selected", suggested=True).count() == 2
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(mail.outbox) == 4
    assert subjects.count(f"WithUs: You have a place: {opportunity.title}") == 2
    not_chosen = next(message for message in mail.outbox if message.to == [interested["busy"].email])
    assert "not a judgement" in not_chosen.body
    assert "Traceback" not in not_chosen.body


def test_changing_the_suggestion_needs_a_reason(lead, opportunity, interested):
    url = reverse("opportunities:selection", args=[opportunity.pk])
    suggested = ",".join([str(interested["first"].pk), str(interested["quiet"].pk)])
    chosen = [str(interested["first"].pk), str(interested["busy"].pk)]
    response = lead.client.post(f"{url}?suggest=1", {"chosen": chosen, "suggested": suggested})
    assert "Enter why you changed the suggested selection" in response.content.decode()
    assert not ExpressionOfInterest.objects.filter(status="selected").exists()
    response = lead.client.post(
        f"{url}?suggest=1", {"chosen": chosen, "suggested": suggested, "reason": "Bea asked to mentor Fola"}
    )
    assert response.status_code == 302
    busy = ExpressionOfInterest.objects.get(person=interested["busy"])
    assert (busy.status, busy.decision_reason, busy.suggested) == ("selected", "Bea asked to mentor Fola", False)


def test_selecting_more_people_than_places_is_refused(lead, opportunity, interested):
    url = reverse("opportunities:selection", args=[opportunity.pk])
    chosen = [str(person.pk) for person in interested.values()]
    response = lead.client.post(url, {"chosen": chosen})
    assert "Only 2 places are left" in response.content.decode()
    assert not ExpressionOfInterest.objects.filter(status="selected").exists()
    assert mail.outbox == []


def test_selecting_someone_not_interested_is_refused(lead, opportunity, interested, trust):
    stranger = PersonFactory(organisation=trust.organisation)
    with pytest.raises(ValidationError):
        selection_make(opportunity=opportunity, chosen_ids=[stranger.pk], actor=lead.user)
    response = lead.client.post(
        reverse("opportunities:selection", args=[opportunity.pk]), {"chosen": [str(stranger.pk)]}
    )
    assert "Choose only people listed" in response.content.decode()


def test_places_can_be_filled_in_two_rounds_but_never_over(lead, opportunity, interested):
    selection_make(opportunity=opportunity, chosen_ids=[interested["first"].pk], actor=lead.user)
    with pytest.raises(ValidationError, match="Only 1 place is left"):
        selection_make(
            opportunity=opportunity, chosen_ids=[interested["busy"].pk, interested["quiet"].pk], actor=lead.user
        )
    selection_make(opportunity=opportunity, chosen_ids=[interested["busy"].pk], actor=lead.user)
    holding = ExpressionOfInterest.objects.filter(opportunity=opportunity).holding_places()
    assert sorted(holding.values_list("place_number", flat=True)) == [1, 2]


def test_diversity_summary_is_totals_only(lead, opportunity, interested, trust):
    for person in interested.values():
        EqualityRecord.objects.create(organisation=trust.organisation, person=person, ethnic_category="N")
    html = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk]), {"suggest": "1"}).content
    html = html.decode()
    assert "fewer than 5" in html
    assert "Black or Black British" in html
    assert "Black or Black British – African" not in html  # no individual categories against names


def test_participant_gets_404_on_selection(amara, opportunity, interested):
    url = reverse("opportunities:selection", args=[opportunity.pk])
    assert amara.client.get(url).status_code == 404
    assert amara.client.post(url, {"chosen": [str(amara.person.pk)]}).status_code == 404


def test_staff_see_selection_only_for_what_they_organise(make_user, signed_in, opportunity, interested, trust):
    staff = make_user(Role.STAFF, unit=trust.willow)
    client = signed_in(staff)
    url = reverse("opportunities:selection", args=[opportunity.pk])
    assert client.get(url).status_code == 404
    opportunity.organiser = staff
    opportunity.save()
    assert client.get(url).status_code == 200


def test_lead_of_another_directorate_gets_404(make_user, signed_in, opportunity, interested, trust):
    client = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    assert client.get(reverse("opportunities:selection", args=[opportunity.pk])).status_code == 404


def test_selection_page_queries_are_bounded(lead, opportunity, trust, django_assert_max_num_queries, kind):
    people = [PersonFactory(organisation=trust.organisation) for _ in range(30)]
    for person in people:
        ResponseFactory(opportunity=opportunity, person=person)
        RecordFactory(person=person, kind=kind)
        RecordFactory(person=person, kind=kind, source_type=InvolvementSource.TRAINING, source_label="QI intro")
    url = reverse("opportunities:selection", args=[opportunity.pk])
    # A fixed number whatever the number of people: the training check and the payment-limit warnings each add
    # a query or two once, never one per person.
    with django_assert_max_num_queries(24):
        response = lead.client.get(url, {"suggest": "1"})
    assert response.status_code == 200
    assert response.content.decode().count("QI intro") == 30


def test_long_lists_come_a_page_at_a_time_in_fair_order(lead, opportunity, trust, kind):
    today = timezone.localdate()
    for number in range(60):
        person = PersonFactory(organisation=trust.organisation, full_name=f"Person {number:02d}")
        ResponseFactory(opportunity=opportunity, person=person)
        if number >= 2:  # only Person 00 and Person 01 are first-timers
            RecordFactory(person=person, kind=kind, hours=1, date=today - datetime.timedelta(days=number))
    url = reverse("opportunities:selection", args=[opportunity.pk])
    first = lead.client.get(url, {"suggest": "1"}).content.decode()
    assert "People 1 to 50 of 60" in first
    assert first.count(">Suggested</strong>") == 2
    assert "Person 00" in first
    assert "Person 01" in first
    second = lead.client.get(url, {"suggest": "1", "page": "2"}).content.decode()
    assert second.count('type="checkbox"') == 10
    assert ">Suggested</strong>" not in second


def test_no_places_before_a_lead_approves(lead, opportunity, interested):
    opportunity.status = "requested"
    opportunity.save()
    with pytest.raises(ValidationError, match="needs to approve"):
        selection_make(opportunity=opportunity, chosen_ids=[interested["first"].pk], actor=lead.user)
    assert not ExpressionOfInterest.objects.filter(opportunity=opportunity, status="selected").exists()
