import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import ConsentDecision, ConsentTopic
from withus.people.services import person_record_consent
from withus.people.tests.factories import ConsentStatementFactory, PersonFactory


@pytest.fixture
def amara(trust, make_user, signed_in):
    user = make_user(Role.PARTICIPANT, email="amara@example.org")
    person = PersonFactory(
        organisation=trust.organisation,
        full_name="Amara Bello",
        email="amara@example.org",
        user=user,
        units=[trust.willow],
    )
    client = signed_in(user)
    client.person = person
    return client


def _details(**changes):
    data = {
        "preferred_name": "Amara",
        "email": "amara@example.org",
        "phone": "07700 900123",
        "preferred_contact": "email",
    }
    data.update(changes)
    return data


def test_a_participant_sees_their_own_record(amara):
    response = amara.get(reverse("people:me"))
    assert response.status_code == 200
    assert "Amara Bello" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(amara.person.pk)).exists()


def test_home_takes_a_participant_to_their_details(amara):
    assert amara.get(reverse("home"))["Location"] == reverse("people:me")


def test_a_participant_corrects_their_details(amara):
    response = amara.post(reverse("people:me_edit"), _details(phone="020 7946 0123", pronouns="she/her"))
    assert response.status_code == 302
    amara.person.refresh_from_db()
    assert (amara.person.phone, amara.person.pronouns) == ("020 7946 0123", "she/her")
    assert "Your details have been updated" in amara.get(reverse("people:me")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12"}, "Enter a phone number"),
        ({"email": "amara@"}, "in the correct format"),
        ({"support_notes": "z" * 1001}, "1,000 characters or fewer"),
    ],
)
def test_bad_details_are_explained_kindly(amara, changes, message):
    response = amara.post(reverse("people:me_edit"), _details(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_participant_cannot_change_protected_fields(amara, trust):
    amara.post(
        reverse("people:me_edit"),
        _details(full_name="Someone Else", status="left", kind="carer", units=[str(trust.cedar.pk)]),
    )
    amara.person.refresh_from_db()
    assert amara.person.full_name == "Amara Bello"
    assert amara.person.status == "active"
    assert list(amara.person.units.all()) == [trust.willow]


def test_a_participant_withdraws_consent(amara, trust):
    ConsentStatementFactory(organisation=trust.organisation, topic=ConsentTopic.CONTACT)
    person_record_consent(person=amara.person, topic=ConsentTopic.CONTACT, agreed=True, actor=None)
    assert amara.get(reverse("people:me_consent_withdraw", args=["contact"])).status_code == 200
    response = amara.post(reverse("people:me_consent_withdraw", args=["contact"]))
    assert response.status_code == 302
    latest = ConsentDecision.objects.filter(person=amara.person).latest("created_at")
    assert latest.agreed is False
    assert latest.recorded_by == amara.person.user


def test_someone_without_a_record_gets_a_kind_404(signed_in, make_user):
    response = signed_in(make_user(Role.PARTICIPANT)).get(reverse("people:me"))
    assert response.status_code == 404
