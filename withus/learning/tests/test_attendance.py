"""Attendance completes the course; co-facilitating is paid involvement, once per person per session."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.involvement.tests.factories import RecordFactory
from withus.learning.models import Completion, CompletionHow, CourseCode, Facilitator, SessionAttendance
from withus.learning.services.attendance import (
    attendance_record,
    completion_mark,
    evaluation_submit,
    training_source_key,
)
from withus.learning.services.enrolment import enrolment_request
from withus.learning.tests.conftest import enrol_directly
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def running(trust, make_cohort):
    """A two-session staff-facing course that began a week ago, with a co-facilitator and a staff facilitator."""
    co = PersonFactory(organisation=trust.organisation, full_name="Cora Cofacilitator")
    trainer = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF, full_name="Tess Trainer")
    cohort = make_cohort(CourseCode.RECRUITMENT_PANEL, first_in_hours=-24 * 8, count=2, facilitators=[co, trainer])
    people = [PersonFactory(organisation=trust.organisation) for _ in range(2)]
    for person in people:
        enrol_directly(cohort, person)
    return cohort, people, co, trainer


def test_facilitator_roles_follow_the_kind_of_person(running):
    cohort, _, co, trainer = running
    roles = dict(Facilitator.objects.filter(cohort=cohort).values_list("person_id", "role"))
    assert roles == {co.pk: "co_facilitator", trainer.pk: "staff"}


def test_attending_every_session_completes_the_course(running, lead_user):
    cohort, (came, missed), _, _ = running
    first, second = cohort.sessions.all()
    assert attendance_record(session=first, attended={came.pk: True, missed.pk: False}, actor=lead_user) == []
    completions = attendance_record(session=second, attended={came.pk: True, missed.pk: True}, actor=lead_user)
    assert [completion.person for completion in completions] == [came]
    completion = completions[0]
    assert completion.how == CompletionHow.ATTENDED
    assert completion.cohort == cohort
    assert completion.valid_until is not None  # a role training lapses and needs a refresher
    # Recording the same session again changes nothing and completes nobody twice.
    attendance_record(session=second, attended={came.pk: True, missed.pk: True}, actor=lead_user)
    assert Completion.objects.filter(person=came).count() == 1
    assert SessionAttendance.objects.filter(session__cohort=cohort).count() == 4


def test_required_sessions_can_be_fewer_than_all(running, lead_user):
    cohort, (person, _), _, _ = running
    cohort.required_sessions = 1
    cohort.save()
    completions = attendance_record(session=cohort.sessions.first(), attended={person.pk: True}, actor=lead_user)
    assert [c.person for c in completions] == [person]


def test_co_facilitators_get_one_involvement_record_per_session(running, lead_user):
    cohort, (person, _), co, _trainer = running
    session = cohort.sessions.first()
    attendance_record(session=session, attended={person.pk: True}, actor=lead_user)
    attendance_record(session=session, attended={person.pk: False}, actor=lead_user)
    records = InvolvementRecord.objects.filter(source_key=training_source_key(session))
    assert list(records.values_list("person_id", flat=True)) == [co.pk]  # staff are not paid for involvement
    record = records.get()
    assert record.source_type == InvolvementSource.TRAINING
    assert record.kind.code == "staff-training"
    assert record.hours == 3
    assert record.source_key == f"training-session:{session.pk}"
    # The database itself refuses a second record for the same person and session.
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordFactory(
            person=co,
            date=record.date,
            kind=record.kind,
            hours=1,
            source_type=InvolvementSource.TRAINING,
            source_label="again",
            source_key=record.source_key,
        )


def test_qi_courses_use_the_qi_coaching_kind(trust, make_cohort, lead_user):
    co = PersonFactory(organisation=trust.organisation)
    cohort = make_cohort(CourseCode.INTRO_QI, first_in_hours=-4, facilitators=[co])
    person = PersonFactory(organisation=trust.organisation)
    enrol_directly(cohort, person)
    attendance_record(session=cohort.sessions.first(), attended={person.pk: True}, actor=lead_user)
    assert InvolvementRecord.objects.get(person=co).kind.code == "qi-coaching"


def test_attendance_only_for_people_enrolled(running, trust, lead_user):
    cohort, _, _, _ = running
    stranger = PersonFactory(organisation=trust.organisation)
    with pytest.raises(ValidationError, match="only for people enrolled"):
        attendance_record(session=cohort.sessions.first(), attended={stranger.pk: True}, actor=lead_user)
    assert not SessionAttendance.objects.exists()


def test_attendance_waits_for_the_session_to_start(trust, make_cohort, lead_user):
    cohort = make_cohort()
    person = PersonFactory(organisation=trust.organisation)
    enrolment_request(cohort=cohort, person=person, actor=lead_user)
    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_record(session=cohort.sessions.first(), attended={person.pk: True}, actor=lead_user)


def test_a_lead_can_mark_complete_with_a_reason(running, lead_user):
    cohort, (person, _), _, _ = running
    enrolment = cohort.enrolments.get(person=person)
    with pytest.raises(ValidationError, match="why you are marking"):
        completion_mark(enrolment=enrolment, reason="  ", actor=lead_user)
    completion = completion_mark(enrolment=enrolment, reason="Caught up one to one", actor=lead_user)
    assert completion.how == CompletionHow.MARKED
    with pytest.raises(ValidationError, match="already completed"):
        completion_mark(enrolment=enrolment, reason="Again", actor=lead_user)


def test_staff_who_attended_give_one_evaluation(trust, make_cohort, lead_user):
    cohort = make_cohort(CourseCode.INTRO_QI, first_in_hours=-4)
    nurse = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF)
    enrol_directly(cohort, nurse)
    session = cohort.sessions.first()
    with pytest.raises(ValidationError, match="only on a session you attended"):
        evaluation_submit(session=session, person=nurse, rating=5, comment="", actor=lead_user)
    attendance_record(session=session, attended={nurse.pk: True}, actor=lead_user)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        evaluation_submit(session=session, person=nurse, rating=6, comment="", actor=lead_user)
    evaluation = evaluation_submit(session=session, person=nurse, rating="4", comment=" Useful ", actor=lead_user)
    assert (evaluation.rating, evaluation.comment) == (4, "Useful")
    with pytest.raises(ValidationError, match="already given feedback"):
        evaluation_submit(session=session, person=nurse, rating=3, comment="", actor=lead_user)
