"""Adding someone: everything saved together or nothing; duplicates flagged; bad input explained."""

import uuid
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from withus.accounts.models import Role, User
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import ConsentDecision, ConsentTopic, MembershipStatus, MembershipStatusChange, Person
from withus.people.tests.factories import ConsentStatementFactory, PersonFactory


@pytest.fixture
def statements(trust):
    return [
        ConsentStatementFactory(organisation=trust.organisation, topic=ConsentTopic.CONTACT),
        ConsentStatementFactory(organisation=trust.organisation, topic=ConsentTopic.DATA),
    ]


def _form(**changes) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "service_user",
        "full_name": "Amara Bello",
        "preferred_name": "Amara",
        "email": "amara@example.org",
        "phone": "07700 900123",
        "preferred_contact": "email",
        "agreement_signed_on_day": "3",
        "agreement_signed_on_month": "9",
        "agreement_signed_on_year": "2025",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_lead_adds_someone_with_consent_and_a_sign_in(lead_client, trust, statements):
    response = lead_client.post(
        reverse("people:add"),
        _form(consent_contact="on", consent_data="on", give_sign_in="on", units=[str(trust.willow.pk)]),
    )
    person = Person.objects.get(full_name="Amara Bello")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.status == MembershipStatus.ENQUIRY
    assert person.agreement_signed_on.isoformat() == "2025-09-03"
    assert list(person.units.all()) == [trust.willow]
    assert person.status_changes.get().changed_by == lead_client.user
    assert ConsentDecision.objects.filter(person=person, agreed=True).count() == 2
    assert person.user.email == "amara@example.org"
    assert person.user.has_role(Role.PARTICIPANT)
    assert not person.user.has_usable_password()
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="person")
    assert created.object_id == str(person.pk)
    assert created.actor == lead_client.user


def test_a_likely_duplicate_is_flagged_before_saving(lead_client, trust):
    existing = PersonFactory(
        organisation=trust.organisation,
        full_name="Amara Bello",
        email="other@example.org",
        phone="07700 900123",
        phone_digits="07700900123",
    )
    response = lead_client.post(
        reverse("people:add"), _form(phone="+44 7700 900123", email="", preferred_contact="phone")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This may be someone already in the register" in html
    assert reverse("people:detail", args=[existing.pk]) in html
    assert Person.objects.filter(full_name="Amara Bello").count() == 1
    confirmed = lead_client.post(
        reverse("people:add"), _form(phone="+44 7700 900123", email="", preferred_contact="phone", not_a_duplicate="on")
    )
    assert confirmed.status_code == 302
    assert Person.objects.filter(full_name="Amara Bello").count() == 2


def test_a_form_sent_twice_adds_one_person(lead_client, trust):
    data = _form()
    first = lead_client.post(reverse("people:add"), data)
    second = lead_client.post(reverse("people:add"), data)
    assert Person.objects.filter(full_name="Amara Bello").count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"email": "not-an-email"}, "Enter an e-mail address in the correct format, like name@example.com"),
        ({"phone": "call me"}, "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
        ({"agreement_signed_on_month": "13"}, "must be a real date"),
        ({"full_name": "x" * 201}, "Full name must be 200 characters or fewer"),
        ({"full_name": ""}, "Enter full name"),
        ({"preferred_contact": "pigeon"}, "Select one of the options"),
        ({"email": "", "preferred_contact": "email"}, "Enter an e-mail address, or choose another way to be contacted"),
        (
            {"give_sign_in": "on", "email": "", "phone": "020 7946 0000", "preferred_contact": "phone"},
            "Enter an e-mail address or a UK mobile number so they can sign in with a code",
        ),
        ({"communication_notes": "y" * 1001}, "must be 1,000 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(lead_client, trust, changes, field_message):
    response = lead_client.post(reverse("people:add"), _form(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert field_message in html
    assert Person.objects.count() == 0


def test_html_is_stored_as_typed_and_escaped_on_output(lead_client, trust):
    name = '<img src=x onerror="alert(1)">'
    lead_client.post(reverse("people:add"), _form(full_name=name, preferred_name=""))
    person = Person.objects.get()
    assert person.full_name == name
    html = lead_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert name not in html
    assert "&lt;img src=x" in html


def test_extra_fields_in_a_post_are_ignored(lead_client, trust):
    other_trust_id = uuid.uuid4()
    lead_client.post(
        reverse("people:add"),
        _form(status="active", organisation=str(other_trust_id), user=str(lead_client.user.pk), phone_digits="999"),
    )
    person = Person.objects.get()
    assert person.status == MembershipStatus.ENQUIRY
    assert person.organisation == trust.organisation
    assert person.user is None
    assert person.phone_digits == "07700900123"


def test_a_database_error_part_way_leaves_nothing_half_saved(lead_client, trust, statements):
    lead_client.raise_request_exception = False
    with mock.patch.object(MembershipStatusChange.objects, "create", side_effect=DatabaseError("disk full")):
        response = lead_client.post(reverse("people:add"), _form(consent_contact="on", give_sign_in="on"))
    assert response.status_code == 500
    assert b"Nothing you entered has been saved" in response.content
    assert Person.objects.count() == 0
    assert User.objects.filter(email="amara@example.org").count() == 0
    assert ConsentDecision.objects.count() == 0


def test_staff_cannot_add_people(staff_client):
    assert staff_client.get(reverse("people:add")).status_code == 403
    assert staff_client.post(reverse("people:add"), _form()).status_code == 403
    assert Person.objects.count() == 0
