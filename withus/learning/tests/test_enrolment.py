"""Booking, the waiting list, prerequisites and overrides, withdrawing and offering the freed place."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.core.models import AuditEntry
from withus.learning.models import CompletionHow, CourseCode, Enrolment, EnrolmentChange, EnrolmentStatus
from withus.learning.services.courses import completion_record
from withus.learning.services.enrolment import enrolment_request, enrolment_withdraw
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def test_booking_takes_a_place_then_wait_lists_when_full(trust, make_cohort, lead_user):
    cohort = make_cohort(capacity=2)
    people = [PersonFactory(organisation=trust.organisation) for _ in range(4)]
    statuses = [enrolment_request(cohort=cohort, person=p, actor=lead_user).status for p in people]
    assert statuses == ["enrolled", "enrolled", "waiting", "waiting"]
    assert Enrolment.objects.filter(cohort=cohort).enrolled().count() == 2
    assert EnrolmentChange.objects.filter(enrolment__cohort=cohort).count() == 4
    assert AuditEntry.objects.filter(object_type="enrolment").count() == 4


def test_duplicate_booking_is_refused(trust, make_cohort, lead_user):
    cohort = make_cohort()
    person = PersonFactory(organisation=trust.organisation)
    enrolment_request(cohort=cohort, person=person, actor=lead_user)
    with pytest.raises(ValidationError, match="already has a place"):
        enrolment_request(cohort=cohort, person=person, actor=lead_user)
    assert Enrolment.objects.filter(cohort=cohort, person=person).count() == 1


def test_prerequisites_must_be_met_unless_a_lead_gives_a_reason(trust, make_cohort, lead_user):
    ilp = make_cohort(CourseCode.IMPROVEMENT_LEADERS)
    person = PersonFactory(organisation=trust.organisation)
    with pytest.raises(ValidationError, match="You need to complete QI Fundamentals before you can book"):
        enrolment_request(cohort=ilp, person=person, actor=lead_user)
    assert not Enrolment.objects.exists()
    enrolment = enrolment_request(
        cohort=ilp, person=person, actor=lead_user, override_reason="Did the same course at another trust"
    )
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.changes.get().reason == "Did the same course at another trust"


def test_completing_the_prerequisite_opens_the_next_step(trust, courses, make_cohort, lead_user):
    fundamentals = make_cohort(CourseCode.QI_FUNDAMENTALS)
    person = PersonFactory(organisation=trust.organisation)
    completion_record(
        person=person,
        course=courses[CourseCode.INTRO_QI],
        completed_on=timezone.localdate() - datetime.timedelta(days=30),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    assert enrolment_request(cohort=fundamentals, person=person, actor=lead_user).status == "enrolled"


def test_staff_need_not_do_service_user_courses_before_the_ilp(trust, make_cohort, lead_user):
    ilp = make_cohort(CourseCode.IMPROVEMENT_LEADERS)
    nurse = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF)
    assert enrolment_request(cohort=ilp, person=nurse, actor=lead_user).status == "enrolled"
    intro = make_cohort(CourseCode.INTRO_QI)
    with pytest.raises(ValidationError, match="is for service users and carers"):
        enrolment_request(cohort=intro, person=nurse, actor=lead_user)


def test_a_cohort_that_has_started_takes_no_new_bookings(trust, make_cohort, lead_user):
    cohort = make_cohort(first_in_hours=-2)
    with pytest.raises(ValidationError, match="already started"):
        enrolment_request(cohort=cohort, person=PersonFactory(organisation=trust.organisation), actor=lead_user)


def test_another_trusts_person_cannot_be_enrolled(make_cohort, lead_user):
    cohort = make_cohort()
    with pytest.raises(ValidationError, match="register"):
        enrolment_request(cohort=cohort, person=PersonFactory(), actor=lead_user)


def test_withdrawing_offers_the_place_to_the_next_person_waiting(trust, make_cohort, lead_user):
    cohort = make_cohort(capacity=1)
    first, second, third = (PersonFactory(organisation=trust.organisation, email=f"p{n}@example.org") for n in range(3))
    place = enrolment_request(cohort=cohort, person=first, actor=lead_user)
    enrolment_request(cohort=cohort, person=second, actor=lead_user)
    enrolment_request(cohort=cohort, person=third, actor=lead_user)
    offered = enrolment_withdraw(enrolment=place, actor=lead_user)
    assert offered.person == second
    statuses = dict(Enrolment.objects.filter(cohort=cohort).values_list("person_id", "status"))
    assert statuses == {first.pk: "withdrawn", second.pk: "enrolled", third.pk: "waiting"}
    # Withdrawing from the waiting list frees no place.
    assert enrolment_withdraw(enrolment=Enrolment.objects.get(person=third), actor=lead_user) is None
    # Booking again after withdrawing goes through the same checks and keeps one row.
    again = enrolment_request(cohort=cohort, person=first, actor=lead_user)
    assert again.pk == place.pk
    assert again.status == EnrolmentStatus.WAITING


def test_the_person_offered_a_place_is_told(trust, make_cohort, lead_user, django_capture_on_commit_callbacks):
    cohort = make_cohort(capacity=1)
    first = PersonFactory(organisation=trust.organisation)
    second = PersonFactory(organisation=trust.organisation, email="second@example.org")
    place = enrolment_request(cohort=cohort, person=first, actor=lead_user)
    enrolment_request(cohort=cohort, person=second, actor=lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=place, actor=lead_user)
    # The first person, taken off by the lead, is told too (issue 17); the second is offered the place.
    assert [message.to for message in mail.outbox] == [[first.email], ["second@example.org"]]
    assert "We have taken you off" in mail.outbox[0].body
    assert "A place came free" in mail.outbox[1].body
