"""Cancelling a cohort that has not started: everyone booked or waiting is taken off, told why, and nobody can
book it or record attendance for it afterwards."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.learning.models import EnrolmentChange, EnrolmentStatus, LearningSession
from withus.learning.services.attendance import attendance_record
from withus.learning.services.cohorts import cohort_cancel
from withus.learning.services.enrolment import enrolment_request
from withus.learning.tests.conftest import enrol_directly
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def booked_cohort(make_cohort, trust, lead_user):
    cohort = make_cohort(capacity=1)
    first, second = (PersonFactory(organisation=trust.organisation) for _ in range(2))
    enrolment_request(cohort=cohort, person=first, actor=lead_user)
    enrolment_request(cohort=cohort, person=second, actor=lead_user)  # full: on the waiting list
    return cohort, first, second


def test_cancelling_takes_everyone_off_tells_them_and_is_audited(
    booked_cohort, lead_user, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, first, second = booked_cohort
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = cohort_cancel(cohort=cohort, reason="  The trainer is ill  ", actor=lead_user)
    cohort.refresh_from_db()
    assert cohort.is_cancelled
    assert cohort.cancel_reason == "The trainer is ill"
    assert {enrolment.person_id for enrolment in withdrawn} == {first.pk, second.pk}
    assert all(enrolment.status == EnrolmentStatus.WITHDRAWN for enrolment in cohort.enrolments.all())
    assert EnrolmentChange.objects.filter(reason="Cohort cancelled: The trainer is ill").count() == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted([first.email, second.email])
    assert "The trainer is ill" in mailoutbox[0].body
    assert AuditEntry.objects.filter(object_id=str(cohort.pk), changed_fields__icontains="cancel").exists()


def test_a_reason_is_needed_and_nothing_changes_without_one(booked_cohort, lead_user):
    cohort, first, _ = booked_cohort
    with pytest.raises(ValidationError, match="Enter why"):
        cohort_cancel(cohort=cohort, reason="   ", actor=lead_user)
    cohort.refresh_from_db()
    assert not cohort.is_cancelled
    assert cohort.enrolments.get(person=first).status == EnrolmentStatus.ENROLLED


def test_cancelled_twice_or_after_it_started_is_refused(make_cohort, booked_cohort, lead_user):
    cohort, _, _ = booked_cohort
    cohort_cancel(cohort=cohort, reason="Room flooded", actor=lead_user)
    with pytest.raises(ValidationError, match="already cancelled"):
        cohort_cancel(cohort=cohort, reason="Again", actor=lead_user)
    started = make_cohort(first_in_hours=-2)
    with pytest.raises(ValidationError, match="already started"):
        cohort_cancel(cohort=started, reason="Too late", actor=lead_user)


def test_nobody_can_book_or_record_attendance_on_a_cancelled_cohort(booked_cohort, lead_user, trust):
    cohort, first, _ = booked_cohort
    cohort_cancel(cohort=cohort, reason="Room flooded", actor=lead_user)
    with pytest.raises(ValidationError, match="has been cancelled"):
        enrolment_request(cohort=cohort, person=PersonFactory(organisation=trust.organisation), actor=lead_user)
    with pytest.raises(ValidationError, match="has been cancelled"):
        enrolment_request(cohort=cohort, person=first, actor=lead_user, override_reason="Lead overrides")
    session = LearningSession.objects.get(cohort=cohort)
    enrol_directly(cohort, PersonFactory(organisation=trust.organisation))
    with (
        time_machine.travel(session.starts_at + datetime.timedelta(hours=1)),
        pytest.raises(ValidationError, match="was cancelled"),
    ):
        attendance_record(session=session, attended={}, actor=lead_user)


def test_the_page_asks_for_a_reason_then_cancels(booked_cohort, lead_user, signed_in, mailoutbox):
    cohort, _, _ = booked_cohort
    client = signed_in(lead_user)
    url = reverse("learning:cohort_cancel", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert "2 people booked or waiting" in page
    empty = client.post(url, {"reason": ""})
    html = empty.content.decode()
    assert "<title>Error: " in html
    assert "Enter why the cohort is cancelled" in html
    cohort.refresh_from_db()
    assert not cohort.is_cancelled
    done = client.post(url, {"reason": "The trainer is ill"})
    assert done.status_code == 302
    cohort.refresh_from_db()
    assert cohort.is_cancelled
    detail = client.get(reverse("learning:cohort", args=[cohort.pk])).content.decode()
    assert "Cancelled on" in detail
    assert "The trainer is ill" in detail
    assert reverse("learning:cohort_cancel", args=[cohort.pk]) not in detail
    course_page = client.get(reverse("learning:course", args=[cohort.course_id])).content.decode()
    assert "Cancelled" in course_page


def test_participants_do_not_see_cancelled_cohorts_or_reach_the_page(booked_cohort, lead_user, participant):
    cohort, _, _ = booked_cohort
    cohort_cancel(cohort=cohort, reason="Room flooded", actor=lead_user)
    amara = participant()
    assert amara.client.get(reverse("learning:cohort_cancel", args=[cohort.pk])).status_code == 404
    course_page = amara.client.get(reverse("learning:course", args=[cohort.course_id])).content.decode()
    assert cohort.name not in course_page


def test_another_trusts_lead_gets_404(booked_cohort, make_user, signed_in):
    from withus.accounts.models import Role
    from withus.organisations.tests.factories import OrganisationFactory

    cohort, _, _ = booked_cohort
    stranger = make_user(Role.PARTICIPATION_LEAD, organisation=OrganisationFactory())
    response = signed_in(stranger).post(reverse("learning:cohort_cancel", args=[cohort.pk]), {"reason": "Mine now"})
    assert response.status_code == 404
    cohort.refresh_from_db()
    assert not cohort.is_cancelled
