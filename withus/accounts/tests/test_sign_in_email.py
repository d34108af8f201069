"""Changing your own sign-in e-mail address: confirm it is you first (a code by e-mail works for people with no
password), the new address works only after its code is typed in, the old address is told, and the change is
audited as the account owner's."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role, User
from withus.accounts.tests.factories import PASSWORD
from withus.accounts.tests.pages import CODE, form_fields, latest_code_to, messages_to
from withus.core.models import AuditAction, AuditEntry

OLD = "amara@example.org"
NEW = "amara.bello@example.net"
EMAIL_PAGE = "/accounts/email/"
REQUEST_CODE = "/accounts/reauthenticate/code/"
CONFIRM_CODE = "/accounts/reauthenticate/code/confirm/"
NEW_ADDRESS_CODE = "/accounts/confirm-email/"


@pytest.fixture
def amara(make_user):
    """A participant with no password: she can only ever sign in, or confirm it is her, with a code."""
    user = make_user(Role.PARTICIPANT, email=OLD, password=None)
    assert not user.has_usable_password()
    return user


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _sign_in_with_code(email: str) -> Client:
    """A fresh browser asks for a sign-in code for `email` and types in whatever code arrives (if any)."""
    client = Client()
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email})
    sent = messages_to(email)
    if sent and CODE.search(sent[-1].body):
        client.post(reverse("account_confirm_login_code"), {"code": latest_code_to(email)})
    return client


def _confirm_it_is_you_with_a_code(client: Client, start: str, user) -> None:
    """From a page that asks "confirm it is you", send the code request form as the page has it, then type
    the code from the e-mail into the next page's form."""
    asked = client.get(start)
    assert asked.status_code == 302
    assert asked["Location"].startswith(REQUEST_CODE)
    page = client.get(asked["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirm it is you" in html
    assert user.email in html
    mail.outbox.clear()
    sent = client.post(REQUEST_CODE, form_fields(html, REQUEST_CODE))
    assert sent.status_code == 302, sent.content.decode()[:3000]
    assert sent["Location"].startswith(CONFIRM_CODE)
    confirm = client.get(sent["Location"])
    fields = form_fields(confirm.content.decode(), CONFIRM_CODE)
    fields["code"] = latest_code_to(user.email)
    done = client.post(CONFIRM_CODE, fields)
    assert done.status_code == 302
    assert done["Location"] == start


def test_a_participant_changes_her_sign_in_address_and_it_works_only_once_verified(amara):
    client = _sign_in_with_code(OLD)
    assert _signed_in_as(client) == str(amara.pk)

    # Signing in is not enough: she confirms it is her before she sees the form.
    _confirm_it_is_you_with_a_code(client, EMAIL_PAGE, amara)
    page = client.get(EMAIL_PAGE)
    assert page.status_code == 200
    assert "Change your sign-in e-mail address" in page.content.decode()

    mail.outbox.clear()
    fields = form_fields(page.content.decode(), EMAIL_PAGE)
    fields["email"] = NEW
    sent = client.post(EMAIL_PAGE, fields)
    assert sent.status_code == 302
    assert sent["Location"] == NEW_ADDRESS_CODE
    code = latest_code_to(NEW)
    assert messages_to(NEW)[-1].subject == "WithUs: Your code to confirm your new e-mail address"

    # Not verified yet: the new address signs nobody in, and the old one still works.
    amara.refresh_from_db()
    assert amara.email == OLD
    assert not EmailAddress.objects.filter(email=NEW).exists()
    assert _signed_in_as(_sign_in_with_code(NEW)) is None
    assert _signed_in_as(_sign_in_with_code(OLD)) == str(amara.pk)

    # A wrong code is refused kindly and changes nothing.
    confirm_page = client.get(NEW_ADDRESS_CODE)
    assert NEW in confirm_page.content.decode()
    fields = form_fields(confirm_page.content.decode(), NEW_ADDRESS_CODE)
    wrong = client.post(NEW_ADDRESS_CODE, {**fields, "code": "WRONG-CODE"})
    assert wrong.status_code == 200
    assert "<title>Error: " in wrong.content.decode()
    amara.refresh_from_db()
    assert amara.email == OLD

    mail.outbox.clear()
    done = client.post(NEW_ADDRESS_CODE, {**fields, "code": code})
    assert done.status_code == 302
    amara.refresh_from_db()
    assert amara.email == NEW
    assert list(EmailAddress.objects.filter(user=amara).values_list("email", "primary", "verified")) == [
        (NEW, True, True)
    ]
    # The old address is told, and the page says so (because it was).
    [notice] = messages_to(OLD)
    assert notice.subject == "WithUs: Your sign-in e-mail address has changed"
    assert OLD in notice.body
    assert NEW in notice.body
    home = client.get(done["Location"], follow=True).content.decode()
    assert "Your sign-in e-mail address has changed. We have sent an e-mail to your old address" in home
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="user", changed_fields=["email"])
    assert entry.actor == amara
    assert entry.object_id == str(amara.pk)

    # Now the new address signs her in and the old one does not.
    assert _signed_in_as(_sign_in_with_code(NEW)) == str(amara.pk)
    assert _signed_in_as(_sign_in_with_code(OLD)) is None


def test_the_change_page_and_the_change_itself_ask_to_confirm_it_is_you(amara, signed_in):
    client = signed_in(amara)  # signed in, but has not confirmed it is her in the last few minutes
    page = client.get(EMAIL_PAGE)
    assert page.status_code == 302
    assert page["Location"] == f"{REQUEST_CODE}?next={EMAIL_PAGE.replace('/', '%2F')}"

    mail.outbox.clear()
    sent = client.post(EMAIL_PAGE, {"email": NEW, "action_add": "1"})
    assert sent.status_code == 302
    assert sent["Location"].startswith(REQUEST_CODE)
    assert not messages_to(NEW)
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_re_authenticating_by_code_needs_the_right_code(amara):
    client = _sign_in_with_code(OLD)
    asked = client.get(EMAIL_PAGE)
    page = client.get(asked["Location"])
    client.post(REQUEST_CODE, form_fields(page.content.decode(), REQUEST_CODE))
    fields = form_fields(client.get(CONFIRM_CODE + "?next=/accounts/email/").content.decode(), CONFIRM_CODE)
    wrong = client.post(CONFIRM_CODE, {**fields, "code": "WRONG-CODE"})
    assert wrong.status_code == 200
    assert "<title>Error: " in wrong.content.decode()
    assert client.get(EMAIL_PAGE).status_code == 302  # still not confirmed
    empty = client.post(CONFIRM_CODE, {**fields, "code": ""})
    assert "Enter the code from your e-mail" in empty.content.decode()


@pytest.fixture
def ellen_confirmed(make_user):
    """A staff member with a password, who has just confirmed it is her with it."""
    ellen = make_user(Role.STAFF, email="ellen@example.org")
    client = Client()
    client.post(reverse("account_login"), {"login": ellen.email, "password": PASSWORD})
    asked = client.get(EMAIL_PAGE)
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(asked["Location"]).content.decode()
    assert "Get a code by e-mail instead" in page  # her address is verified, so a code works too
    wrong = client.post(asked["Location"], {"password": "not-it"})
    assert "The password is not right" in wrong.content.decode()
    assert client.post(asked["Location"], {"password": PASSWORD})["Location"] == EMAIL_PAGE
    client.user = ellen
    return client


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the e-mail address you want to sign in with"),
        ("ellen at example", "Enter an e-mail address in the correct format, like name@example.com"),
        ("ELLEN@example.org", "This is already your sign-in e-mail address. Enter a different one"),
    ],
)
def test_bad_new_addresses_are_explained(ellen_confirmed, email, message):
    mail.outbox.clear()
    response = ellen_confirmed.post(EMAIL_PAGE, {"email": email, "action_add": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert message in html
    assert not mail.outbox


def test_an_address_another_account_uses_is_refused_once_its_owner_types_the_code(ellen_confirmed, make_user):
    """Whether an address is taken is only said to someone who has shown they receive its mail."""
    make_user(Role.STAFF, email="taken@example.org")
    sent = ellen_confirmed.post(EMAIL_PAGE, {"email": "taken@example.org", "action_add": "1"})
    assert sent["Location"] == NEW_ADDRESS_CODE
    fields = form_fields(ellen_confirmed.get(NEW_ADDRESS_CODE).content.decode(), NEW_ADDRESS_CODE)
    refused = ellen_confirmed.post(NEW_ADDRESS_CODE, {**fields, "code": latest_code_to("taken@example.org")})
    assert "Another WithUs account already uses this e-mail address" in refused.content.decode()
    ellen_confirmed.user.refresh_from_db()
    assert ellen_confirmed.user.email == "ellen@example.org"


def test_a_first_password_sign_in_with_an_unchecked_address_asks_for_a_code_once(trust):
    """An address a lead or administrator typed is checked the first time it is used to sign in."""
    user = User.objects.create_user(
        "new.staff@example.org", PASSWORD, full_name="New Staff", organisation=trust.organisation
    )
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == NEW_ADDRESS_CODE
    assert _signed_in_as(client) is None
    page = client.get(NEW_ADDRESS_CODE).content.decode()
    assert "Confirm your e-mail address" in page
    fields = form_fields(page, NEW_ADDRESS_CODE)
    assert client.post(NEW_ADDRESS_CODE, {**fields, "code": latest_code_to(user.email)}).status_code == 302
    assert _signed_in_as(client) == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified

    again = Client()
    assert again.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})["Location"] == "/"
