"""The learning pages as each role uses them, bad input and other people's records included."""

import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.learning.models import Cohort, Completion, CompletionHow, Course, CourseCode, Enrolment, SessionAttendance
from withus.learning.services.attendance import attendance_record
from withus.learning.services.courses import completion_record
from withus.learning.services.enrolment import enrolment_request
from withus.learning.tests.conftest import enrol_directly
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def _date_fields(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_chen_books_the_introduction_but_is_told_why_not_the_ilp(participant, make_cohort):
    chen = participant("Chen Li")
    intro = make_cohort(CourseCode.INTRO_QI)
    ilp = make_cohort(CourseCode.IMPROVEMENT_LEADERS)
    page = chen.client.get("/me/learning/").content.decode()
    assert "You can now book Introduction to quality improvement (QI) for service users and carers." in page
    refused = chen.client.post(f"/learning/cohorts/{ilp.pk}/book/")
    assert refused.status_code == 200
    assert "You need to complete QI Fundamentals before you can book Improvement Leaders Programme" in (
        refused.content.decode()
    )
    assert not Enrolment.objects.filter(cohort=ilp).exists()
    response = chen.client.post(f"/learning/cohorts/{intro.pk}/book/")
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=intro, person=chen.person).status == "enrolled"
    page = chen.client.get("/me/learning/").content.decode()
    assert "You are booked on Introduction to quality improvement (QI) for service users and carers." in page
    again = chen.client.post(f"/learning/cohorts/{intro.pk}/book/")
    assert again.status_code == 200
    assert Enrolment.objects.filter(cohort=intro, person=chen.person).count() == 1


def test_a_full_cohort_puts_the_booker_on_the_waiting_list(participant, make_cohort, trust, lead_user):
    cohort = make_cohort(capacity=1)
    enrolment_request(cohort=cohort, person=PersonFactory(organisation=trust.organisation), actor=lead_user)
    ben = participant("Ben Hughes", kind=PersonKind.CARER)
    response = ben.client.post(f"/learning/cohorts/{cohort.pk}/book/", follow=True)
    assert "you are on the waiting list" in response.content.decode()
    assert Enrolment.objects.get(person=ben.person).status == "waiting"
    withdraw = ben.client.post(f"/learning/cohorts/{cohort.pk}/withdraw/")
    assert withdraw.status_code == 302
    assert Enrolment.objects.get(person=ben.person).status == "withdrawn"


def test_participants_cannot_reach_cohort_management(participant, make_cohort):
    amara = participant()
    cohort = make_cohort()
    for path in (
        f"/learning/cohorts/{cohort.pk}/",
        f"/learning/cohorts/{cohort.pk}/enrol/",
        f"/learning/sessions/{cohort.sessions.first().pk}/attendance/",
        f"/learning/courses/{cohort.course_id}/edit/",
        f"/learning/courses/{cohort.course_id}/cohorts/new/",
        "/learning/funnel/",
    ):
        assert amara.client.get(path).status_code == 404, path


def test_certificate_downloads_as_a_pdf_with_the_facts(participant, courses, trust):
    amara = participant()
    completion = completion_record(
        person=amara.person,
        course=courses[CourseCode.QI_FUNDAMENTALS],
        completed_on=datetime.date(2026, 3, 4),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    page = amara.client.get("/me/learning/").content.decode()
    link = f"/learning/certificates/{completion.pk}/certificate.pdf"
    assert link in page
    response = amara.client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    for fact in (trust.organisation.name, "Amara Bello", "QI Fundamentals", "4 March 2026"):
        assert fact in text
    # Tagged and accessible (PDF/UA-1): a structure tree, marked content, its language and its title.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Certificate of completion: QI Fundamentals"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="certificate").exists()


def test_another_persons_certificate_is_not_found(participant, courses):
    amara, ben = participant(), participant("Ben Hughes")
    completion = completion_record(
        person=amara.person,
        course=courses[CourseCode.INTRO_QI],
        completed_on=datetime.date(2026, 3, 4),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    assert ben.client.get(f"/learning/certificates/{completion.pk}/certificate.pdf").status_code == 404
    # No completion, no certificate: an incomplete course (or any other id) has nothing to download.
    assert amara.client.get(f"/learning/certificates/{uuid.uuid4()}/certificate.pdf").status_code == 404


def test_an_incomplete_course_has_no_certificate(participant, make_cohort, lead_user):
    amara = participant()
    cohort = make_cohort()
    enrolment = enrolment_request(cohort=cohort, person=amara.person, actor=lead_user)
    page = amara.client.get("/me/learning/").content.decode()
    assert "certificate.pdf" not in page
    assert amara.client.get(f"/learning/certificates/{enrolment.pk}/certificate.pdf").status_code == 404


def test_a_lead_downloads_a_certificate_for_someone_they_can_see(lead_client, courses, trust):
    person = PersonFactory(organisation=trust.organisation, full_name="Dee Done")
    completion = completion_record(
        person=person,
        course=courses[CourseCode.INTRO_QI],
        completed_on=datetime.date(2026, 3, 4),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    response = lead_client.get(f"/learning/certificates/{completion.pk}/certificate.pdf")
    assert response.status_code == 200
    assert "Dee Done" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_lead_records_attendance_and_tampering_is_refused(lead_client, make_cohort, trust):
    cohort = make_cohort(first_in_hours=-3)
    person = PersonFactory(organisation=trust.organisation, full_name="Ada Attender")
    enrol_directly(cohort, person)
    session = cohort.sessions.first()
    path = f"/learning/sessions/{session.pk}/attendance/"
    page = lead_client.get(path).content.decode()
    assert "Ada Attender" in page
    stranger = PersonFactory(organisation=trust.organisation)
    tampered = lead_client.post(path, {"attended": [str(stranger.pk)]})
    assert tampered.status_code == 200
    assert "Choose only people enrolled on this cohort" in tampered.content.decode()
    assert not SessionAttendance.objects.exists()
    response = lead_client.post(path, {"attended": [str(person.pk)]})
    assert response.status_code == 302
    assert Completion.objects.get(person=person).cohort == cohort


def test_lead_enrols_with_an_override_and_sees_the_waiting_list(lead_client, make_cohort, trust):
    cohort = make_cohort(CourseCode.QI_FUNDAMENTALS, capacity=1)
    first = PersonFactory(organisation=trust.organisation, full_name="Fay First")
    second = PersonFactory(organisation=trust.organisation, full_name="Sam Second")
    path = f"/learning/cohorts/{cohort.pk}/enrol/"
    refused = lead_client.post(path, {"person": str(first.pk)})
    assert "You need to complete Introduction to QI" in refused.content.decode()
    ok = lead_client.post(path, {"person": str(first.pk), "override_reason": "Did it at another trust"})
    assert ok.status_code == 302
    lead_client.post(path, {"person": str(second.pk), "override_reason": "Did it at another trust"})
    page = lead_client.get(f"/learning/cohorts/{cohort.pk}/").content.decode()
    assert "Waiting list (1)" in page
    assert "Sam Second, waiting since" in page
    other_trust = PersonFactory()
    tampered = lead_client.post(path, {"person": str(other_trust.pk), "override_reason": "x"})
    assert "Select one of the people listed" in tampered.content.decode()


def test_planning_a_cohort_checks_the_dates(lead_client, courses):
    course = courses[CourseCode.INTRO_QI]
    path = f"/learning/courses/{course.pk}/cohorts/new/"
    past = timezone.localdate() - datetime.timedelta(days=3)
    data = {
        "name": "Spring",
        "capacity": "10",
        "session_count": "1",
        "weeks_between": "1",
        "starts_at": "10am",
        "ends_at": "9am",
        **_date_fields("first_date", past),
    }
    response = lead_client.post(path, data)
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The first session must be today or in the future" in content
    assert "The end time must be after the start time" in content
    assert "Enter where it is, or tick that it is online" in content
    assert not Cohort.objects.exists()
    future = timezone.localdate() + datetime.timedelta(days=30)
    data.update({"ends_at": "1pm", "is_online": "on", "session_count": "3", **_date_fields("first_date", future)})
    assert lead_client.post(path, data).status_code == 302
    cohort = Cohort.objects.get()
    assert cohort.sessions.count() == 3


def test_courses_are_edited_by_leads_and_never_loop(lead_client, courses):
    intro = courses[CourseCode.INTRO_QI]
    ilp = courses[CourseCode.IMPROVEMENT_LEADERS]
    path = f"/learning/courses/{intro.pk}/edit/"
    data = {
        "name": "Introduction to QI",
        "open_to": "participants",
        "attendance_pay": "not_paid",
        "is_active": "on",
        "prerequisites": [str(ilp.pk)],
    }
    looped = lead_client.post(path, data)
    assert "A course cannot come before itself" in looped.content.decode()
    data.update({"prerequisites": [], "valid_for_months": "abc"})
    assert "as a whole number" in lead_client.post(path, data).content.decode()
    data.update({"valid_for_months": "24"})
    assert lead_client.post(path, data).status_code == 302
    intro.refresh_from_db()
    assert (intro.name, intro.valid_for_months) == ("Introduction to QI", 24)


def test_staff_cannot_edit_courses(staff_client, courses):
    assert staff_client.get(f"/learning/courses/{courses[CourseCode.INTRO_QI].pk}/edit/").status_code == 404


def test_the_qi_team_runs_pathway_cohorts_only(qi_client, make_cohort):
    pathway = make_cohort(CourseCode.INTRO_QI)
    role = make_cohort(CourseCode.RECRUITMENT_PANEL)
    assert qi_client.get(f"/learning/cohorts/{pathway.pk}/").status_code == 200
    assert qi_client.get(f"/learning/cohorts/{role.pk}/").status_code == 404
    assert qi_client.get(f"/learning/courses/{role.course_id}/cohorts/new/").status_code == 404


def test_staff_book_the_ilp_and_give_feedback(trust, make_user, signed_in, make_cohort, lead_user):
    user = make_user(Role.STAFF, unit=trust.willow)
    nurse = PersonFactory(organisation=trust.organisation, user=user, kind=PersonKind.STAFF, full_name="Nia Nurse")
    client = signed_in(user)
    upcoming = make_cohort(CourseCode.IMPROVEMENT_LEADERS)
    assert client.post(f"/learning/cohorts/{upcoming.pk}/book/").status_code == 302
    started = make_cohort(CourseCode.IMPROVEMENT_LEADERS, first_in_hours=-3, name="Earlier")
    enrol_directly(started, nurse)
    session = started.sessions.first()
    attendance_record(session=session, attended={nurse.pk: True}, actor=lead_user)
    page = client.get("/me/learning/").content.decode()
    assert f"/learning/sessions/{session.pk}/feedback/" in page
    bad = client.post(f"/learning/sessions/{session.pk}/feedback/", {"rating": "9"})
    assert "Select a score from 1 to 5" in bad.content.decode()
    assert (
        client.post(f"/learning/sessions/{session.pk}/feedback/", {"rating": "5", "comment": "Great"}).status_code
        == 302
    )


def test_course_page_shows_evaluations_per_facilitator(lead_client, trust, make_cohort, lead_user):
    co = PersonFactory(organisation=trust.organisation, full_name="Cora Cofacilitator")
    cohort = make_cohort(CourseCode.INTRO_QI, first_in_hours=-3, facilitators=[co])
    nurse = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF)
    enrol_directly(cohort, nurse)
    session = cohort.sessions.first()
    attendance_record(session=session, attended={nurse.pk: True}, actor=lead_user)
    from withus.learning.services.attendance import evaluation_submit

    evaluation_submit(session=session, person=nurse, rating=4, comment="Made it real", actor=lead_user)
    page = lead_client.get(f"/learning/courses/{cohort.course_id}/").content.decode()
    assert "Average score 4.0 out of 5" in page
    assert "Cora Cofacilitator" in page
    assert "Made it real" in page


def test_list_pages_use_a_bounded_number_of_queries(
    lead_client, participant, make_cohort, trust, lead_user, courses, django_assert_max_num_queries
):
    amara = participant()
    for number in range(6):
        cohort = make_cohort(CourseCode.INTRO_QI, name=f"Cohort {number}", count=3)
        for _ in range(4):
            enrolment_request(cohort=cohort, person=PersonFactory(organisation=trust.organisation), actor=lead_user)
    for code in (CourseCode.INTRO_QI, CourseCode.RECRUITMENT_PANEL):
        completion_record(
            person=amara.person,
            course=courses[code],
            completed_on=datetime.date(2026, 1, 5),
            how="attended",
            actor=None,
        )
    course = Course.objects.get(code=CourseCode.INTRO_QI, organisation=trust.organisation)
    with django_assert_max_num_queries(12):
        assert lead_client.get("/learning/").status_code == 200
    with django_assert_max_num_queries(20):
        assert lead_client.get(f"/learning/courses/{course.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert lead_client.get(f"/learning/cohorts/{cohort.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert lead_client.get("/learning/funnel/").status_code == 200
    with django_assert_max_num_queries(25):
        assert amara.client.get("/me/learning/").status_code == 200


def test_facilitators_offered_are_staff_and_trained_co_facilitators(lead_client, courses, trust):
    trained = PersonFactory(organisation=trust.organisation, full_name="Tia Trained")
    completion_record(
        person=trained,
        course=courses[CourseCode.CO_DELIVERING],
        completed_on=timezone.localdate() - datetime.timedelta(days=40),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    untrained = PersonFactory(organisation=trust.organisation, full_name="Uma Untrained")
    PersonFactory(organisation=trust.organisation, full_name="Sid Staff", kind=PersonKind.STAFF)
    path = f"/learning/courses/{courses[CourseCode.INTRO_QI].pk}/cohorts/new/"
    page = lead_client.get(path).content.decode()
    assert "Tia Trained" in page
    assert "Sid Staff" in page
    assert "Uma Untrained" not in page
    future = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "name": "Spring",
        "capacity": "10",
        "session_count": "1",
        "weeks_between": "1",
        "starts_at": "10am",
        "ends_at": "1pm",
        "is_online": "on",
        "facilitators": [str(untrained.pk)],
        **_date_fields("first_date", future),
    }
    assert "Choose only from the people listed" in lead_client.post(path, data).content.decode()
    data["facilitators"] = [str(trained.pk)]
    assert lead_client.post(path, data).status_code == 302
    assert Cohort.objects.get().facilitators.get().role == "co_facilitator"


def test_someone_who_already_completed_the_course_cannot_be_enrolled_again(
    participant, make_cohort, courses, lead_user
):
    amara = participant("Amara Bello")
    intro = courses[CourseCode.INTRO_QI]
    done_on = timezone.localdate() - datetime.timedelta(days=30)
    completion_record(person=amara.person, course=intro, completed_on=done_on, how=CompletionHow.ATTENDED, actor=None)
    cohort = make_cohort(CourseCode.INTRO_QI)
    with pytest.raises(ValidationError, match=r"was already completed on .* and is still in date"):
        enrolment_request(cohort=cohort, person=amara.person, actor=lead_user)
    with pytest.raises(ValidationError, match="already completed"):
        enrolment_request(cohort=cohort, person=amara.person, actor=lead_user, override_reason="Lead says so")
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_removing_someone_from_a_cohort_asks_first_then_says_what_happened(
    participant, make_cohort, signed_in, lead_user
):
    amara = participant("Amara Bello")
    cohort = make_cohort(CourseCode.INTRO_QI)
    enrolment = enrolment_request(cohort=cohort, person=amara.person, actor=lead_user)
    client = signed_in(lead_user)
    cohort_page = client.get(f"/learning/cohorts/{cohort.pk}/").content.decode()
    url = f"/learning/enrolments/{enrolment.pk}/withdraw/"
    assert f'href="{url}"' in cohort_page
    confirm = client.get(url).content.decode()
    assert f"Withdraw Amara Bello from {cohort.name}?" in confirm
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"  # asking changes nothing
    done = client.post(url, follow=True).content.decode()
    assert "Amara Bello has been withdrawn." in done
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_a_course_page_says_what_you_learn_how_long_it_takes_and_whether_you_are_paid(participant, courses):
    chen = participant("Chen Li")
    intro = courses[CourseCode.INTRO_QI]
    page = chen.client.get(f"/learning/courses/{intro.pk}/").content.decode()
    assert "What you will learn" in page
    assert "<li>What quality improvement (QI) is: a way of making care better by testing small changes</li>" in page
    assert "How long it takes" in page
    assert "Half a day" in page
    assert "Are you paid to attend?" in page
    assert "No. The course is free, but you are not paid to attend it." in page


def test_a_lead_sets_what_people_learn_and_that_they_are_paid(lead_client, participant, courses):
    panel = courses[CourseCode.RECRUITMENT_PANEL]
    path = f"/learning/courses/{panel.pk}/edit/"
    data = {
        "name": panel.name,
        "open_to": "participants",
        "is_active": "on",
        "duration": "Two hours",
        "learning_outcomes": "How a panel works\n\n<b>How to score</b> fairly",
        "attendance_pay": "sometimes",
    }
    refused = lead_client.post(path, data).content.decode()
    assert "Select a valid choice" in refused or "Select whether" in refused
    data.update({"attendance_pay": "paid", "learning_outcomes": "x" * 1001})
    assert "What people will learn must be 1,000 characters or fewer" in lead_client.post(path, data).content.decode()
    panel.refresh_from_db()
    assert panel.attendance_pay == "not_paid"
    data.update({"learning_outcomes": "How a panel works\n\n<b>How to score</b> fairly"})
    assert lead_client.post(path, data).status_code == 302
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(panel.pk)).first()
    assert {"learning_outcomes", "attendance_pay", "duration"} <= set(entry.changed_fields)
    page = participant("Chen Li").client.get(f"/learning/courses/{panel.pk}/").content.decode()
    assert "<li>How a panel works</li><li>&lt;b&gt;How to score&lt;/b&gt; fairly</li>" in page
    assert "Two hours" in page
    assert "Yes. You are paid for the time you spend on the course" in page


def test_a_staff_course_does_not_ask_whether_you_are_paid(participant, trust, staff_client, courses):
    staff_only = Course.objects.create(
        organisation=trust.organisation, code="staff-x", name="Staff course", kind="staff", open_to="staff"
    )
    page = staff_client.get(f"/learning/courses/{staff_only.pk}/").content.decode()
    assert "Are you paid to attend?" not in page
    assert "Ask the People Participation team what the course covers." in page
