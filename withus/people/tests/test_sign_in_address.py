"""The register's e-mail is for contacting a person; it never changes the address they sign in with.

The attack this stops: a lead changed a staff member's register e-mail to one the lead controlled, which
silently became the staff member's sign-in address, then signed in as them with a code."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.pages import CODE, latest_code_to, messages_to
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import PersonKind
from withus.people.services import person_give_sign_in
from withus.people.tests.factories import PersonFactory

LEADS_ADDRESS = "priya.private@example.net"


def _edit(person, **changes) -> dict:
    data = {
        "kind": person.kind,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "preferred_contact": "email",
    }
    data.update(changes)
    return data


def _try_to_sign_in_with_a_code(email: str) -> Client:
    client = Client()
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email})
    sent = messages_to(email)
    if sent and CODE.search(sent[-1].body):
        client.post(reverse("account_confirm_login_code"), {"code": latest_code_to(email)})
    return client


def test_a_lead_cannot_change_a_staff_members_sign_in_address(lead_client, make_user, trust):
    ellen = make_user(Role.STAFF, email="ellen@example.org", unit=trust.willow)
    record = PersonFactory(
        organisation=trust.organisation, kind=PersonKind.STAFF, email="ellen@example.org", user=ellen
    )

    response = lead_client.post(reverse("people:edit", args=[record.pk]), _edit(record, email=LEADS_ADDRESS))
    assert response.status_code == 302

    record.refresh_from_db()
    ellen.refresh_from_db()
    assert record.email == LEADS_ADDRESS  # the contact e-mail changed...
    assert ellen.email == "ellen@example.org"  # ...the sign-in address did not
    assert list(EmailAddress.objects.filter(user=ellen).values_list("email", flat=True)) == ["ellen@example.org"]
    # The lead's address signs nobody in as Ellen (it gets the "no account" e-mail, with no code)...
    attacker = _try_to_sign_in_with_a_code(LEADS_ADDRESS)
    assert attacker.session.get("_auth_user_id") is None
    assert "we do not have an account for it" in messages_to(LEADS_ADDRESS)[-1].body
    # ...Ellen still signs in with her own, and the change is the lead's in the audit log.
    assert _try_to_sign_in_with_a_code("ellen@example.org").session.get("_auth_user_id") == str(ellen.pk)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="person", object_id=str(record.pk))
    assert entry.actor == lead_client.user
    assert entry.changed_fields == ["email"]

    page = lead_client.get(reverse("people:detail", args=[record.pk])).content.decode()
    assert "They sign in with ellen@example.org (only they can change this)" in page
    assert LEADS_ADDRESS in page


def test_a_participant_changing_their_contact_e_mail_keeps_their_sign_in(signed_in, make_user, trust):
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    record = PersonFactory(organisation=trust.organisation, email="amara@example.org", user=amara)
    client = signed_in(amara)
    form = client.get(reverse("people:me_edit")).content.decode()
    assert "This does not change the e-mail address you sign in with" in form

    response = client.post(
        reverse("people:me_edit"),
        {"email": "amara.home@example.net", "phone": record.phone, "preferred_contact": "email"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    amara.refresh_from_db()
    assert record.email == "amara.home@example.net"
    assert amara.email == "amara@example.org"
    page = client.get(reverse("people:me")).content.decode()
    assert "Sign-in e-mail address" in page
    assert reverse("account_email") in page


def test_a_contact_e_mail_may_be_shared_with_someone_who_signs_in_with_it(signed_in, make_user, trust):
    """A family may share one mailbox for contact; that gives nobody anyone else's sign-in."""
    make_user(Role.STAFF, email="family@example.org")
    amara = make_user(Role.PARTICIPANT, email="amara@example.org")
    record = PersonFactory(organisation=trust.organisation, email="amara@example.org", user=amara)
    response = signed_in(amara).post(
        reverse("people:me_edit"), {"email": "family@example.org", "phone": record.phone, "preferred_contact": "email"}
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.email == "amara@example.org"


def test_a_new_sign_in_uses_the_contact_e_mail_and_is_checked_at_the_first_sign_in(lead_client, trust):
    record = PersonFactory(organisation=trust.organisation, email="chen@example.org")
    user = person_give_sign_in(person=record, actor=lead_client.user)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("chen@example.org", True, False)
    client = _try_to_sign_in_with_a_code("chen@example.org")
    assert client.session.get("_auth_user_id") == str(user.pk)
    address.refresh_from_db()
    assert address.verified


def test_a_sign_in_cannot_be_given_with_an_address_another_account_uses(lead_client, make_user, trust):
    make_user(Role.STAFF, email="taken@example.org")
    record = PersonFactory(organisation=trust.organisation, email="TAKEN@example.org")
    with pytest.raises(ValidationError, match="Another WithUs account already uses this e-mail address"):
        person_give_sign_in(person=record, actor=lead_client.user)
    record.refresh_from_db()
    assert record.user_id is None
