"""The demo trust's learning pathway, as each demo role sees it."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from withus.accounts.models import User
from withus.demo.world import TRUST_NAME
from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.learning.models import Cohort, Completion, CourseCode, Enrolment, EnrolmentStatus, Evaluation
from withus.opportunities.models import Opportunity
from withus.opportunities.selection import candidates
from withus.people.models import Person


def _client(local_part: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local_part}@demo.withus.local"))
    return client


def test_amara_sees_her_pathway_and_downloads_her_certificate(demo):
    amara = _client("amara")
    page = amara.get("/me/learning/").content.decode()
    assert "You are booked on Improvement Leaders Programme." in page
    assert "Introduction to QI for service users and carers" in page
    assert "Download your certificate for QI Fundamentals (PDF)" in page
    person = Person.objects.get(full_name="Amara Bello")
    completion = Completion.objects.get(person=person, course__code=CourseCode.QI_FUNDAMENTALS)
    response = amara.get(f"/learning/certificates/{completion.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Amara Bello" in text
    assert TRUST_NAME in text
    assert Completion.objects.filter(
        person=person, course__code=CourseCode.RECRUITMENT_PANEL, valid_until__gte=completion.completed_on
    ).exists()


def test_chen_can_book_the_introduction_not_the_ilp(demo):
    chen = _client("chen")
    page = chen.get("/me/learning/").content.decode()
    assert "You can now book Introduction to quality improvement (QI) for service users and carers." in page
    intro = Cohort.objects.get(name="Introduction to QI: January 2027")
    assert "Book a place" in chen.get(f"/learning/cohorts/{intro.pk}/book/").content.decode()
    wave = Cohort.objects.filter(course__code=CourseCode.IMPROVEMENT_LEADERS).order_by("-starts_at").first()
    ilp_page = chen.get(f"/learning/courses/{wave.course_id}/").content.decode()
    assert "You need to complete QI Fundamentals" in ilp_page


def test_lead_sees_the_funnel_and_panel_gating(demo):
    lead = _client("lead")
    page = lead.get("/learning/funnel/").content.decode()
    assert "Introduction to QI" in page
    assert "Waiting more than six months" in page
    opportunity = Opportunity.objects.get(organisation=demo, title="Interview panel: Willow Ward manager")
    assert [course.code for course in opportunity.required_courses.all()] == [CourseCode.RECRUITMENT_PANEL]
    rows = candidates(opportunity)
    holders = set(
        Completion.objects.holders_of(
            organisation_id=demo.pk, course_code=CourseCode.RECRUITMENT_PANEL, on=timezone.localdate()
        ).values_list("person_id", flat=True)
    )
    for row in rows:
        assert bool(row.ineligible_reason) == (row.person_id not in holders)
    selection = lead.get(f"/opportunities/{opportunity.pk}/selection/").content.decode()
    assert "Recruitment panel member training" in selection


def test_the_demo_has_cohorts_waiting_lists_co_facilitators_and_evaluations(demo):
    assert Cohort.objects.filter(organisation=demo).count() >= 12
    assert Enrolment.objects.filter(organisation=demo, status=EnrolmentStatus.WAITING).exists()
    assert Evaluation.objects.filter(organisation=demo).count() >= 3
    assert InvolvementRecord.objects.filter(
        organisation=demo, source_type=InvolvementSource.TRAINING, source_key__startswith="training-session:"
    ).exists()
    assert not Completion.objects.filter(person__full_name="Chen Li").exists()
    counts = (Cohort.objects.count(), Completion.objects.count(), Enrolment.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert counts == (Cohort.objects.count(), Completion.objects.count(), Enrolment.objects.count())


# Who manages which cohorts: leads and administrators all; the QI team those of the QI pathway; nobody else any.
MANAGES = {"admin": "all", "lead": "all", "qi": "pathway"}
# "My learning" is for people in the involvement register: the demo's staff member and participants are.
IN_REGISTER = {"staff", "amara", "ben", "chen"}


@pytest.mark.parametrize("local_part", ["admin", "lead", "qi", "finance", "staff", "amara", "ben", "chen"])
def test_every_role_reaches_its_learning_pages(demo, local_part):
    client = _client(local_part)
    assert client.get("/", follow=True).status_code == 200
    assert client.get("/learning/").status_code == 200
    me = client.get("/me/learning/")
    assert me.status_code == (200 if local_part in IN_REGISTER else 404)
    cohorts = list(Cohort.objects.filter(organisation=demo).select_related("course"))
    assert {cohort.course.kind for cohort in cohorts} == {"pathway", "role", "staff"}
    for cohort in cohorts:
        assert client.get(f"/learning/courses/{cohort.course_id}/").status_code == 200
        manages = MANAGES.get(local_part) == "all" or (
            MANAGES.get(local_part) == "pathway" and cohort.course.kind == "pathway"
        )
        assert client.get(f"/learning/cohorts/{cohort.pk}/").status_code == (200 if manages else 404), cohort
