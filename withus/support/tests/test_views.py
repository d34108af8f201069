import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.dates import add_months, month_start
from withus.core.models import AuditEntry
from withus.people.models import MembershipStatus, PersonKind
from withus.people.tests.factories import PersonFactory
from withus.support import services
from withus.support.models import Debrief, ExperienceAnswer, InvolvementAgreement, SupportPlan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead(make_user):
    return make_user(Role.PARTICIPATION_LEAD)


@pytest.fixture
def amara(trust, make_user, lead):
    user = make_user(Role.PARTICIPANT, email="amara@example.org")
    return PersonFactory(
        organisation=trust.organisation,
        user=user,
        full_name="Amara Bello",
        kind=PersonKind.SERVICE_USER,
        units=[trust.willow],
        participation_lead=lead,
    )


def test_amara_reads_and_agrees_her_agreement(amara, lead):
    agreement = services.agreement_create(
        person=amara, role="QI team member", details={"support_contact": "Priya Shah"}, actor=lead
    )
    client = client_for(amara.user)
    page = client.get(reverse("support:my_agreement")).content.decode()
    # "QI" is spelled out on participant pages, so the role is checked by its other words.
    assert "team member" in page
    assert "Priya Shah" in page
    assert "To agree" in page
    url = reverse("support:my_agreement_agree", args=[agreement.pk])
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Tick the box" in refused.content.decode()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.person_agreed_how == "online"
    assert "Agreed by both" in client.get(reverse("support:my_agreement")).content.decode()


def test_someone_elses_agreement_is_404(trust, amara, lead):
    other = PersonFactory(organisation=trust.organisation, units=[trust.nursing])
    agreement = services.agreement_create(person=other, role="Panel", details={}, actor=lead)
    response = client_for(amara.user).post(
        reverse("support:my_agreement_agree", args=[agreement.pk]), {"confirm": "on"}
    )
    assert response.status_code == 404
    assert not InvolvementAgreement.objects.filter(person_agreed_on__isnull=False).exists()


def test_lead_writes_agreement_and_bad_dates_are_refused(amara, lead):
    client = client_for(lead)
    url = reverse("support:agreement_new", args=[amara.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "role": "QI team member",
        "what_the_role_involves": "Joining team meetings",
        "time_commitment": "2 hours a month",
        "payment_terms": "Paid by the hour through payroll",
        "support_contact": "Priya",
        "if_unwell": "Tell Priya",
        "confidentiality": "Keep team matters private",
        "paper_signed_on_day": str(tomorrow.day),
        "paper_signed_on_month": str(tomorrow.month),
        "paper_signed_on_year": str(tomorrow.year),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not InvolvementAgreement.objects.exists()
    data.update(paper_signed_on_day="", paper_signed_on_month="", paper_signed_on_year="")
    assert client.post(url, data).status_code == 302
    assert InvolvementAgreement.objects.get().lead_agreed_by == lead


def test_amara_edits_her_plan_and_staff_get_404(amara, make_user, trust, caplog):
    client = client_for(amara.user)
    page = client.get(reverse("support:my_support")).content.decode()
    assert "116 123" in page  # where to get help in a crisis
    response = client.post(
        reverse("support:my_support"), {"what_helps": "A quiet room", "adjustments": ["pre_meeting"]}
    )
    assert response.status_code == 302
    assert SupportPlan.objects.get(person=amara).adjustments == ["pre_meeting"]
    bad = client.post(reverse("support:my_support"), {"adjustments": ["teleport"]})
    assert bad.status_code == 200
    assert "Choose adjustments from the list" in bad.content.decode()
    staff = client_for(make_user(Role.STAFF, unit=trust.willow))
    assert staff.get(reverse("support:person", args=[amara.pk])).status_code == 404
    other_lead = client_for(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    assert other_lead.get(reverse("support:person", args=[amara.pk])).status_code == 404
    refusals = [record for record in caplog.records if record.name == "withus.security.support"]
    assert len(refusals) == 1  # the lead of another directorate (staff are refused by the permission)


def test_lead_reads_plan_and_it_is_audited(amara, lead):
    services.plan_save(person=amara, values={"what_helps": "A quiet room"}, actor=amara.user)
    page = client_for(lead).get(reverse("support:person", args=[amara.pk])).content.decode()
    assert "A quiet room" in page
    assert AuditEntry.objects.filter(action="view", object_type="supportplan", actor=lead).exists()


def test_survey_on_a_phone_replaces_and_refuses_bad_answers(amara):
    client = client_for(amara.user)
    url = reverse("support:my_survey")
    answers = {"voice": "4", "contribute": "5", "agenda": "4", "change": "3"}
    assert client.post(url, answers).status_code == 302
    assert client.post(url, {**answers, "voice": "2"}).status_code == 302
    assert ExperienceAnswer.objects.get(person=amara).voice == 2
    bad = client.post(url, {**answers, "change": "7"})
    assert bad.status_code == 200
    assert "Choose an answer from 1 to 5" in bad.content.decode()
    missing = client.post(url, {"voice": "3"})
    assert missing.status_code == 200
    assert ExperienceAnswer.objects.get(person=amara).change == 3


def test_debrief_is_offered_and_answered(amara):
    debrief = services.debrief_offer(
        person=amara, occasion_key="panel:1", occasion_label="an interview panel", occasion_on=timezone.localdate()
    )
    client = client_for(amara.user)
    assert "an interview panel" in client.get(reverse("support:my_support")).content.decode()
    url = reverse("support:my_debrief", args=[debrief.pk])
    bad = client.post(url, {"answer": "yes"})
    assert bad.status_code == 200
    assert "Say who you would like to talk to" in bad.content.decode()
    assert client.post(url, {"answer": "yes", "with_whom": "My buddy"}).status_code == 302
    assert Debrief.objects.get().with_whom == "My buddy"


def test_pause_and_return_from_the_phone(amara):
    client = client_for(amara.user)
    assert client.post(reverse("support:my_pause"), {"reason": "Busy month"}).status_code == 302
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.PAUSED
    assert client.post(reverse("support:my_pause"), {}).status_code == 302
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.ACTIVE


def test_experience_run_charts_hide_small_counts(trust, lead, make_user, django_assert_max_num_queries):
    this_month = month_start(timezone.localdate())
    people = [PersonFactory(organisation=trust.organisation, units=[trust.willow]) for _ in range(6)]
    for back in range(16):
        month = add_months(this_month, -back)
        answering = people if back else people[:3]  # this month: too few to show
        for person in answering:
            ExperienceAnswer.objects.create(
                organisation=trust.organisation,
                person=person,
                month=month,
                directorate=trust.mental_health,
                voice=3 + back % 2,
                contribute=4,
                agenda=4,
                change=4,
            )
    services.experience_summary_rebuild(organisation_id=trust.organisation.pk)  # made directly: count the totals
    client = client_for(lead)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("support:experience"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Mental Health" in page
    assert "withus-mdc-icon" in page
    assert "1 months had fewer than 5 answers" in page or "fewer than 5" in page
    assert client_for(make_user(Role.STAFF, unit=trust.willow)).get(reverse("support:experience")).status_code == 404


def test_check_in_list_shows_reasons(amara, lead):
    services.experience_answer(
        person=amara,
        month=month_start(timezone.localdate()),
        answers={"voice": 1, "contribute": 3, "agenda": 3, "change": 3},
        actor=amara.user,
    )
    page = client_for(lead).get(reverse("support:check_ins")).content.decode()
    assert "Amara Bello" in page
    assert "low answer" in page


def test_my_involvement_page_links_to_support_and_says_what_waits(amara, lead):
    services.agreement_create(person=amara, role="Panel member", details={}, actor=lead)
    page = client_for(amara.user).get(reverse("involvement:my_involvement")).content.decode()
    assert "Your support" in page
    assert "waiting for you to read and agree it" in page
    assert reverse("support:my_survey") in page
