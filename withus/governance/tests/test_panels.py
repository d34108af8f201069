"""Vacancies and their panels: who may open them, setting up, training, candidates by reference only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.governance.models import Candidate, PanelMember, PanelStatus, Vacancy
from withus.governance.services.panels import candidate_add, criterion_add, member_add, panel_agree, vacancy_create
from withus.governance.services.scores import decision_record, score_sheet_submit
from withus.governance.tests.conftest import submit
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults


def _urls(panel):
    vacancy, candidate = panel.vacancy, panel.first
    return [
        reverse("governance:vacancy", args=[vacancy.pk]),
        reverse("governance:score", args=[vacancy.pk, candidate.pk]),
        reverse("governance:result", args=[vacancy.pk, candidate.pk]),
        reverse("governance:decision", args=[vacancy.pk]),
        reverse("governance:member_add", args=[vacancy.pk]),
        reverse("governance:candidate_add", args=[vacancy.pk]),
    ]


def test_a_panel_someone_is_not_on_is_not_found(panel, ben, make_user, signed_in, trust):
    other_staff = signed_in(make_user(Role.STAFF, unit=trust.cedar))
    other_lead = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    for client in (ben.client, other_staff, other_lead):
        for url in _urls(panel):
            assert client.get(url).status_code == 404, url
    assert ben.client.post(_urls(panel)[1], {}).status_code == 404


def test_amara_sees_only_her_panel_and_not_the_set_up_pages(panel, amara):
    page = amara.client.get(reverse("governance:vacancy", args=[panel.vacancy.pk])).content.decode()
    assert "Score candidate WW-001 (AB)" in page
    assert "Add a panel member" not in page
    for url in _urls(panel)[3:]:
        assert amara.client.get(url).status_code == 404
    assert amara.client.get(reverse("governance:recruitment")).status_code == 403
    page = amara.client.get(reverse("governance:my_panels")).content.decode()
    assert "Ward manager, Willow Ward" in page
    assert "2 candidates to score" in page


def test_a_candidate_from_another_panel_is_not_found(panel, amara, staff, trust):
    other = vacancy_create(
        organisation=trust.organisation,
        unit=trust.willow,
        job_title="Another post",
        band="5",
        closing_date=timezone.localdate(),
        recruiting_manager=staff.user,
        actor=staff.user,
    )
    stranger = candidate_add(vacancy=other, reference="ZZ-9", initials="ZZ", actor=staff.user)
    url = reverse("governance:score", args=[panel.vacancy.pk, stranger.pk])
    assert amara.client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="not on this panel"):
        score_sheet_submit(
            vacancy=panel.vacancy,
            member=panel.members.amara,
            candidate=stranger,
            scores={panel.essential.pk: 1, panel.desirable.pk: 1},
            actor=amara.user,
        )


def test_managers_and_leads_see_results_only_after_the_decision(panel, staff, lead, trust, make_user, signed_in):
    manager = make_user(Role.STAFF, unit=trust.willow)
    panel.vacancy.recruiting_manager = manager
    panel.vacancy.save()
    manager_client = signed_in(manager)
    result_url = reverse("governance:result", args=[panel.vacancy.pk, panel.first.pk])
    for member in (panel.members.staff, panel.members.lead, panel.members.amara):
        submit(panel, member, panel.first, 2, 2)
        submit(panel, member, panel.second, 1, 1)
    assert manager_client.get(reverse("governance:vacancy", args=[panel.vacancy.pk])).status_code == 200
    response = manager_client.get(result_url)
    assert response.status_code == 302
    assert response.url == reverse("governance:vacancy", args=[panel.vacancy.pk])
    decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="Best", actor=manager)
    page = manager_client.get(result_url).content.decode()
    assert "Combined score: <strong>4.00 out of 6</strong>" in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(panel.first.pk)).exists()


def test_panel_members_who_are_not_staff_need_in_date_training(vacancy, staff, chen):
    url = reverse("governance:member_add", args=[vacancy.pk])
    response = staff.client.post(url, {"user": str(chen.user.pk)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chen Li cannot join the panel yet" in page
    assert "recruitment panel training" in page
    assert not PanelMember.objects.exists()
    course = courses_ensure_defaults(organisation=vacancy.organisation)[CourseCode.RECRUITMENT_PANEL]
    # Training that lapses before the interview day does not count.
    lapsing = vacancy.interview_on - datetime.timedelta(days=1)
    completion_record(
        person=chen.person,
        course=course,
        completed_on=lapsing.replace(year=lapsing.year - 3) + datetime.timedelta(days=1),
        how=CompletionHow.ATTENDED,
        actor=None,
    )
    with pytest.raises(ValidationError, match="cannot join the panel yet"):
        member_add(vacancy=vacancy, user=chen.user, actor=staff.user)
    completion_record(person=chen.person, course=course, completed_on=timezone.localdate(), how="attended", actor=None)
    response = staff.client.post(url, {"user": str(chen.user.pk)})
    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert member.kind == "service_user"
    assert member.person == chen.person


def test_staff_need_no_panel_training_and_nobody_joins_twice(vacancy, staff, lead):
    member_add(vacancy=vacancy, user=lead.user, is_chair=True, actor=staff.user)
    with pytest.raises(ValidationError, match="already on this panel"):
        member_add(vacancy=vacancy, user=lead.user, actor=staff.user)
    with pytest.raises(ValidationError, match="already has a chair"):
        member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user)


def test_agreeing_needs_an_essential_criterion_and_two_members_and_then_fixes_the_criteria(vacancy, staff, amara):
    agree = reverse("governance:agree", args=[vacancy.pk])
    staff.client.post(agree)
    vacancy.refresh_from_db()
    assert vacancy.status == PanelStatus.SETTING_UP
    criterion_add(vacancy=vacancy, text="Values", essential=True, actor=staff.user)
    with pytest.raises(ValidationError, match="two panel members"):
        panel_agree(vacancy=vacancy, actor=staff.user)
    member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user)
    member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    assert staff.client.post(agree).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == PanelStatus.SCORING
    with pytest.raises(ValidationError, match="agreed its criteria"):
        criterion_add(vacancy=vacancy, text="More", essential=False, actor=staff.user)


@pytest.mark.parametrize(
    ("reference", "initials", "message"),
    [
        ("", "AB", "Enter the candidate reference"),
        ("WW 1", "A1", "initials as up to 4 letters, like AB"),
        ("WW<1>", "AB", "letters, numbers and dashes"),
        ("WW-1", "Alexandra", "Enter up to 4 letters"),
    ],
)
def test_candidates_are_recorded_by_reference_and_initials_only(vacancy, staff, reference, initials, message):
    url = reverse("governance:candidate_add", args=[vacancy.pk])
    response = staff.client.post(url, {"reference": reference, "initials": initials})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_candidate_reference_is_used_once_per_panel(vacancy, staff):
    url = reverse("governance:candidate_add", args=[vacancy.pk])
    assert staff.client.post(url, {"reference": "ww-1", "initials": "a.b."}).status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.reference, candidate.initials) == ("WW-1", "AB")
    response = staff.client.post(url, {"reference": "WW-1", "initials": "CD"})
    assert "already on the list" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_adding_a_vacancy_with_bad_input_says_what_to_fix(staff, trust):
    url = reverse("governance:vacancy_add")
    response = staff.client.post(
        url,
        {
            "job_title": "",
            "band": "12",
            "unit": str(trust.willow.pk),
            "closing_date_day": "31",
            "closing_date_month": "2",
            "closing_date_year": "2027",
            "recruiting_manager": str(staff.user.pk),
            "score_max": "11",
        },
    )
    page = response.content.decode()
    for message in ("Enter the job title", "Select one of the options", "Closing date must be a real date"):
        assert message in page
    assert "Enter a highest score of 10 or fewer" in page
    assert not Vacancy.objects.exists()
    response = staff.client.post(
        url,
        {
            "job_title": "Staff nurse",
            "band": "5",
            "unit": str(trust.nursing.pk),
            "closing_date_day": "1",
            "closing_date_month": "3",
            "closing_date_year": "2027",
            "recruiting_manager": str(staff.user.pk),
            "score_max": "3",
        },
    )
    assert "Choose a ward, team or service you work in or support" in response.content.decode()
    response = staff.client.post(
        url,
        {
            "job_title": "Staff nurse",
            "band": "5",
            "unit": str(trust.willow.pk),
            "closing_date_day": "1",
            "closing_date_month": "3",
            "closing_date_year": "2027",
            "recruiting_manager": str(staff.user.pk),
            "score_max": "3",
            "status": "decided",
        },
    )
    vacancy = Vacancy.objects.get()
    assert response.url == reverse("governance:vacancy", args=[vacancy.pk])
    assert vacancy.status == PanelStatus.SETTING_UP
    assert vacancy.score_max == 3


def test_the_recruitment_list_warns_about_panels_without_a_service_user(panel, vacancy, lead, trust, staff):
    vacancy_create(
        organisation=trust.organisation,
        unit=trust.cedar,
        job_title="Staff nurse, Cedar Ward",
        band="5",
        closing_date=timezone.localdate(),
        recruiting_manager=staff.user,
        actor=lead.user,
    )
    page = lead.client.get(reverse("governance:recruitment")).content.decode()
    assert "Ward manager, Willow Ward" in page
    assert "Staff nurse, Cedar Ward" in page
    assert page.count("No service user or carer") == 1
    assert "1 of 2 panels" in page


def test_the_recruitment_list_has_bounded_queries(lead, trust, staff, amara, django_assert_max_num_queries):
    for number in range(30):
        vacancy = vacancy_create(
            organisation=trust.organisation,
            unit=trust.willow,
            job_title=f"Post {number}",
            band="5",
            closing_date=timezone.localdate(),
            recruiting_manager=staff.user,
            actor=staff.user,
        )
        member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    with django_assert_max_num_queries(12):
        response = lead.client.get(reverse("governance:recruitment"))
    assert response.status_code == 200
    with django_assert_max_num_queries(13):  # one is the header's unread messages count
        assert amara.client.get(reverse("governance:my_panels")).status_code == 200


def test_another_trust_reaches_nothing(panel, signed_in):
    from withus.accounts.tests.factories import UserFactory
    from withus.governance.models import Committee
    from withus.organisations.tests.factories import OrganisationFactory

    other_trust = OrganisationFactory(name="Another trust")
    committee = Committee.objects.create(organisation=panel.vacancy.organisation, name="Board", kind="board")
    for role in (Role.ADMINISTRATOR, Role.PARTICIPATION_LEAD):
        client = signed_in(UserFactory(organisation=other_trust, roles=[(role, None)]))
        for url in _urls(panel):
            assert client.get(url).status_code == 404, (role, url)
        assert client.get(reverse("governance:committee", args=[committee.pk])).status_code == 404
        assert "Ward manager" not in client.get(reverse("governance:recruitment")).content.decode()


def test_a_member_added_by_mistake_is_taken_off_while_setting_up(vacancy, staff, lead, amara):
    member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user)
    mistake = member_add(vacancy=vacancy, user=lead.user, actor=staff.user)
    url = reverse("governance:member_remove", args=[vacancy.pk, mistake.pk])
    assert amara.client.post(url).status_code == 404
    assert staff.client.post(url).status_code == 302
    assert list(vacancy.members.values_list("user", flat=True)) == [staff.user.pk]
    assert AuditEntry.objects.filter(object_id=str(mistake.pk), changed_fields=["removed"]).exists()
    kept = member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    criterion_add(vacancy=vacancy, text="Values", essential=True, actor=staff.user)
    panel_agree(vacancy=vacancy, actor=staff.user)
    staff.client.post(reverse("governance:member_remove", args=[vacancy.pk, kept.pk]))
    assert vacancy.members.filter(pk=kept.pk).exists()


def test_whoever_runs_the_panel_sees_members_communication_needs_and_other_members_do_not(panel, amara, staff):
    """The Accessible Information Standard flag (issue 26 item 2, ADR 41), for the chair who plans the panel."""
    amara.person.communication_needs = ["bsl"]
    amara.person.save()
    assert panel.members.amara.person == amara.person
    url = reverse("governance:vacancy", args=[panel.vacancy.pk])
    chair = staff.client.get(url).content.decode()
    assert "Communication needs: </span>" in chair
    assert "BSL interpreter" in chair
    member = amara.client.get(url).content.decode()
    assert "BSL interpreter" not in member
