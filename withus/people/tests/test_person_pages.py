import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import ConsentDecision, ConsentTopic, EqualityRecord, MembershipStatus, PersonKind
from withus.people.tests.factories import ConsentStatementFactory, PersonFactory


@pytest.fixture
def amara(trust):
    return PersonFactory(
        organisation=trust.organisation, full_name="Amara Bello", units=[trust.willow], status=MembershipStatus.ACTIVE
    )


def test_opening_a_persons_record_is_audited(lead_client, amara):
    response = lead_client.get(reverse("people:detail", args=[amara.pk]))
    assert response.status_code == 200
    assert "Amara Bello" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_type="person")
    assert (entry.object_id, entry.actor) == (str(amara.pk), lead_client.user)
    assert entry.path == reverse("people:detail", args=[amara.pk])


def test_a_participant_cannot_reach_anyone_elses_record(signed_in, make_user, amara):
    participant = make_user(Role.PARTICIPANT)
    PersonFactory(organisation=amara.organisation, full_name="Me Myself", user=participant)
    client = signed_in(participant)
    for name in ("detail", "edit", "status", "equality"):
        response = client.get(reverse(f"people:{name}", args=[amara.pk]))
        assert response.status_code in (403, 404), name
    assert client.get(reverse("people:detail", args=[amara.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(amara.pk)).exists()


def test_the_equality_record_opens_for_leads_and_is_audited(lead_client, amara):
    response = lead_client.get(reverse("people:equality", args=[amara.pk]))
    assert response.status_code == 200
    saved = lead_client.post(
        reverse("people:equality", args=[amara.pk]),
        {"ethnic_category": "N", "age_band": "35_44", "sex": "female", "religion": "prefer_not"},
    )
    assert saved.status_code == 302
    record = EqualityRecord.objects.get(person=amara)
    assert (record.ethnic_category, record.religion, record.updated_by) == ("N", "prefer_not", lead_client.user)
    lead_client.get(reverse("people:equality", args=[amara.pk]))
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="equality_record").exists()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="equality_record").exists()


def test_an_unknown_ethnic_code_is_refused(lead_client, amara):
    response = lead_client.post(reverse("people:equality", args=[amara.pk]), {"ethnic_category": "Q"})
    assert "Select one of the options" in response.content.decode()
    assert not EqualityRecord.objects.exists()


@pytest.mark.parametrize("fixture", ["staff_client", "qi_client", "finance_client"])
def test_other_staff_are_refused_equality_records(request, fixture, amara):
    client = request.getfixturevalue(fixture)
    response = client.get(reverse("people:equality", args=[amara.pk]))
    assert response.status_code in (403, 404)
    assert client.post(reverse("people:equality", args=[amara.pk]), {"ethnic_category": "A"}).status_code in (403, 404)
    assert not EqualityRecord.objects.exists()


def test_staff_see_the_person_but_not_the_equality_link(staff_client, amara):
    html = staff_client.get(reverse("people:detail", args=[amara.pk])).content.decode()
    assert "Amara Bello" in html
    assert reverse("people:equality", args=[amara.pk]) not in html


def test_equality_summary_shows_totals_only_and_hides_small_numbers(qi_client, trust):
    for index in range(6):
        person = PersonFactory(organisation=trust.organisation, full_name=f"Person {index}")
        EqualityRecord.objects.create(
            organisation=trust.organisation, person=person, ethnic_category="A" if index < 5 else "N"
        )
    staff_member = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF)
    EqualityRecord.objects.create(organisation=trust.organisation, person=staff_member, ethnic_category="R")
    html = qi_client.get(reverse("people:equality_summary")).content.decode()
    assert "White – British" in html
    assert ">5<" in html
    assert "fewer than 5" in html
    assert "Person 0" not in html
    assert "Chinese" not in html


def test_a_status_change_is_kept_with_who_and_why(lead_client, amara):
    response = lead_client.post(
        reverse("people:status", args=[amara.pk]), {"to_status": "paused", "reason": "Taking a break"}
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.PAUSED
    change = amara.status_changes.get()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "active",
        "paused",
        "Taking a break",
        lead_client.user,
    )
    again = lead_client.post(
        reverse("people:status", args=[amara.pk]), {"to_status": "paused", "reason": "Taking a break"}
    )
    assert again.status_code == 302
    assert amara.status_changes.count() == 1


def test_a_status_change_needs_a_reason(lead_client, amara):
    response = lead_client.post(reverse("people:status", args=[amara.pk]), {"to_status": "left"})
    assert "Enter why the status is changing" in response.content.decode()
    amara.refresh_from_db()
    assert amara.status == MembershipStatus.ACTIVE


def test_consent_is_recorded_and_withdrawn_against_the_wording_version(lead_client, amara, trust):
    statement = ConsentStatementFactory(organisation=trust.organisation, topic=ConsentTopic.CONTACT, version="2.1")
    lead_client.post(reverse("people:consent", args=[amara.pk, "contact"]), {"agreed": "yes"})
    lead_client.post(reverse("people:consent", args=[amara.pk, "contact"]), {"agreed": "no"})
    decisions = list(ConsentDecision.objects.filter(person=amara).order_by("created_at"))
    assert [decision.agreed for decision in decisions] == [True, False]
    assert {decision.statement for decision in decisions} == {statement}
    html = lead_client.get(reverse("people:detail", args=[amara.pk])).content.decode()
    assert "Withdrawn on" in html


def test_editing_keeps_the_record_and_audits_the_changed_fields(lead_client, amara, trust):
    response = lead_client.post(
        reverse("people:edit", args=[amara.pk]),
        {
            "kind": "service_user",
            "full_name": "Amara Bello",
            "email": amara.email,
            "phone": "020 7946 0000",
            "preferred_contact": "phone",
            "units": [str(trust.cedar.pk)],
        },
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.phone == "020 7946 0000"
    assert list(amara.units.all()) == [trust.cedar]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="person")
    assert set(entry.changed_fields) >= {"phone", "preferred_contact", "units"}


def test_a_participant_following_a_link_to_their_own_record_goes_to_my_details(signed_in, make_user, trust):
    participant = make_user(Role.PARTICIPANT)
    own = PersonFactory(organisation=trust.organisation, user=participant)
    response = signed_in(participant).get(reverse("people:detail", args=[own.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:me")
