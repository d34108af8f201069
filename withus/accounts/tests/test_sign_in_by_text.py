"""Issue 17, ADR 34: a participant without an e-mail address signs in with a code sent by text message through the
notifications outbox and the GOV.UK Notify gateway (here the fake Notify on 127.0.0.1, with the real client)."""

import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from withus.accounts.models import Role, User
from withus.accounts.sign_in_by_text import TEXT_NOT_SENT
from withus.core.models import AuditAction, AuditEntry
from withus.notifications.gateway import LocalGateway
from withus.notifications.models import SIGN_IN_CODE, ContactPreference, Message, MessageStatus
from withus.notifications.selectors import messages_to, unread_count_for
from withus.notifications.services.sending import message_resend
from withus.notifications.tests.fake_notify import API_KEY, EMAIL_TEMPLATE_ID, SMS_TEMPLATE_ID, FakeNotify
from withus.people.models import ContactMethod, PersonKind
from withus.people.services import person_give_sign_in
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MOBILE = "07700900461"
TEXT_PAGE = "/accounts/login/text/"
CONFIRM_PAGE = "/accounts/login/code/confirm/"
SAME_ANSWER = "If <strong>07700 900461</strong> is the mobile number of a WithUs account"


@pytest.fixture
def fake_notify(settings):
    """The fake GOV.UK Notify on 127.0.0.1, with the real client pointed at it (as in the notifications tests)."""
    fake = FakeNotify().start()
    settings.NOTIFY_GATEWAY = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.base_url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE_ID
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE_ID
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _no_texts_left_over():
    LocalGateway.texts.clear()
    yield
    LocalGateway.texts.clear()


@pytest.fixture
def winnie(trust, make_user, django_capture_on_commit_callbacks):
    """A participant with no e-mail address, given a sign-in by text message by her lead."""
    person = PersonFactory(
        organisation=trust.organisation,
        email="",
        phone="07700 900 461",
        preferred_contact=ContactMethod.TEXT,
        full_name="Winnie Osei",
    )
    with django_capture_on_commit_callbacks(execute=True):
        person_give_sign_in(person=person, actor=make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah"))
    person.refresh_from_db()
    return person


def _ask_for_a_code(client, django_capture_on_commit_callbacks, phone="07700 900461"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(TEXT_PAGE, {"phone": phone})


def _code_sent_to(fake, phone=MOBILE) -> str:
    texts = [item for item in fake.accepted if item["channel"] == "sms" and item["to"] == phone]
    assert texts, fake.accepted
    return re.match(r"^(\d{6}) is your WithUs sign-in code", texts[-1]["personalisation"]["body"]).group(1)


def _codes_sent(fake) -> list[dict]:
    return [item for item in fake.accepted if item["personalisation"]["body"].endswith("we will never ask you for it.")]


def test_a_lead_gives_a_sign_in_by_mobile_to_someone_without_e_mail(winnie, django_capture_on_commit_callbacks):
    user = winnie.user
    assert user.email is None
    assert (user.phone, user.phone_verified) == (MOBILE, False)
    assert user.has_role(Role.PARTICIPANT)
    assert user.sign_in_name == "07700 900461"
    told = Message.objects.get(template="people.sign_in_given")
    assert told.channel == "sms"
    assert "enter your mobile number (07700 900461)" in told.body
    assert "/accounts/login/text/" in told.body
    entry = AuditEntry.objects.get(object_id=str(user.pk), action=AuditAction.CREATE)
    assert entry.object_label == "Sign-in created: a code by text message to 07700 900461"


def test_the_whole_sign_in_by_text_through_notify(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    response = _ask_for_a_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == CONFIRM_PAGE
    code = _code_sent_to(fake_notify)
    page = client.get(CONFIRM_PAGE).content.decode()
    assert SAME_ANSWER in page
    assert "Use a different mobile number" in page
    assert "We could not send the text message" not in page
    signed_in = client.post(CONFIRM_PAGE, {"action": "verify", "code": code})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(winnie.user.pk)
    winnie.user.refresh_from_db()
    assert winnie.user.phone_verified
    assert AuditEntry.objects.get(action=AuditAction.SIGN_IN, actor=winnie.user).object_label == (
        "Signed in with a code by text message"
    )
    me = client.get(reverse("people:me")).content.decode()
    assert "Sign-in mobile number" in me
    assert "07700 900461" in me
    assert "Sign-in e-mail address" not in me


def test_the_code_never_stays_in_the_outbox(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    code = _code_sent_to(fake_notify)
    message = Message.objects.get(template=SIGN_IN_CODE)
    assert message.status == MessageStatus.SENT
    assert message.person == winnie
    assert message.to_address == MOBILE
    assert code not in message.body
    assert code not in str(message.personalisation)
    assert code not in " ".join(change.detail for change in message.history.all())
    # Not on her own Messages page, and not counted as unread.
    assert message not in messages_to(winnie)
    assert unread_count_for(winnie.user) == 1  # "You can now sign in to WithUs", never the code
    assert not Message.objects.unread().filter(template=SIGN_IN_CODE).exists()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    with pytest.raises(ValidationError, match="not sent again"):
        message_resend(message=message, actor=winnie.user)


def test_quiet_hours_never_hold_a_sign_in_code(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    import datetime

    ContactPreference.objects.create(
        organisation=winnie.organisation, person=winnie, quiet_from=datetime.time(0), quiet_until=datetime.time(23, 59)
    )
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    assert len(_codes_sent(fake_notify)) == 1


@pytest.mark.parametrize("typed", ["020 7946 0000", "0770090", "+1 555 0100", "not a number", "07700 900461 2"])
def test_a_number_that_is_not_a_uk_mobile_is_refused(client, fake_notify, typed, django_capture_on_commit_callbacks):
    response = _ask_for_a_code(client, django_capture_on_commit_callbacks, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Enter a UK mobile number, like 07700 900123" in html
    assert fake_notify.accepted == []


def test_no_number_is_refused(client):
    response = client.post(TEXT_PAGE, {"phone": ""})
    assert "Enter your mobile number" in response.content.decode()


@pytest.mark.parametrize("typed", ["+44 7700 900461", "07700-900-461", "0044 7700 900461"])
def test_a_number_typed_another_way_works(winnie, client, fake_notify, typed, django_capture_on_commit_callbacks):
    assert _ask_for_a_code(client, django_capture_on_commit_callbacks, typed).status_code == 302
    assert [item["to"] for item in _codes_sent(fake_notify)] == [MOBILE]


def test_an_unknown_number_gets_the_same_answer_and_no_text(client, fake_notify, django_capture_on_commit_callbacks):
    response = _ask_for_a_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == CONFIRM_PAGE
    page = client.get(CONFIRM_PAGE).content.decode()
    assert SAME_ANSWER in page
    assert "We could not send the text message" not in page
    assert fake_notify.accepted == []
    assert not Message.objects.exists()
    refused = client.post(CONFIRM_PAGE, {"action": "verify", "code": "123456"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "no account has this number" in failed.object_label


def test_a_deactivated_account_gets_no_code(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    User.objects.filter(pk=winnie.user_id).update(is_active=False)
    assert _ask_for_a_code(client, django_capture_on_commit_callbacks).status_code == 302
    assert _codes_sent(fake_notify) == []


def test_a_wrong_code_is_refused_kindly_and_audited(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    response = client.post(CONFIRM_PAGE, {"action": "verify", "code": "000000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Check the code in your text message" in html
    assert "_auth_user_id" not in client.session
    wrong = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED, actor=winnie.user)
    assert wrong.object_label == "Wrong sign-in code (sent by text message)"
    empty = client.post(CONFIRM_PAGE, {"action": "verify", "code": ""})
    assert "Enter the sign-in code from your text message" in empty.content.decode()


def test_three_wrong_codes_end_the_attempt(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    code = _code_sent_to(fake_notify)
    client.post(CONFIRM_PAGE, {"action": "verify", "code": "000000"})
    client.post(CONFIRM_PAGE, {"action": "verify", "code": "000001"})
    third = client.post(CONFIRM_PAGE, {"action": "verify", "code": "000002"})
    assert third.status_code == 302
    assert third["Location"] == reverse("accounts:sign_in_by_text")
    page = client.get(third["Location"]).content.decode()
    assert "You have tried to sign in too many times" in page
    # The right code no longer works: the attempt is over.
    late = client.post(CONFIRM_PAGE, {"action": "verify", "code": code})
    assert late.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_expired_code_is_refused(winnie, client, fake_notify, settings, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-12-04 10:00 +0000", tick=False):
        _ask_for_a_code(client, django_capture_on_commit_callbacks)
        code = _code_sent_to(fake_notify)
    with time_machine.travel("2026-12-04 10:11 +0000", tick=False):  # WITHUS_SIGN_IN_CODE_MINUTES is 10
        response = client.post(CONFIRM_PAGE, {"action": "verify", "code": code})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:sign_in_by_text")
        assert "Your sign-in code has expired" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_codes_to_one_number_are_limited(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    for _ in range(3):
        assert _ask_for_a_code(client, django_capture_on_commit_callbacks).status_code == 302
    fourth = _ask_for_a_code(client, django_capture_on_commit_callbacks)
    assert fourth.status_code == 200
    assert "You have tried to sign in too many times" in fourth.content.decode()
    assert len(_codes_sent(fake_notify)) == 3


def test_codes_from_one_client_are_limited(client, fake_notify, django_capture_on_commit_callbacks):
    answers = [
        _ask_for_a_code(client, django_capture_on_commit_callbacks, f"07700 900{number:03d}").status_code
        for number in range(21)
    ]
    assert answers[:20] == [302] * 20
    assert answers[20] != 302  # the twenty-first in a minute from one client is refused


@pytest.mark.parametrize("status", [500, 429, 400])
def test_notify_failing_is_said_kindly_and_a_new_code_can_be_asked_for(
    winnie, client, fake_notify, status, django_capture_on_commit_callbacks
):
    fake_notify.answer_next(status)
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    assert _codes_sent(fake_notify) == []
    message = Message.objects.get(template=SIGN_IN_CODE)
    assert message.status == MessageStatus.FAILED  # not retried later: the person asks again now
    assert message.personalisation["body"] == message.body  # the code is forgotten here too
    assert client.session[TEXT_NOT_SENT] is True
    page = client.get(CONFIRM_PAGE).content.decode()
    assert "We could not send the text message" in page
    assert "Something went wrong at our end, not yours" in page
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(CONFIRM_PAGE, {"action": "resend"})
    assert again.status_code == 302
    code = _code_sent_to(fake_notify)
    page = client.get(CONFIRM_PAGE).content.decode()
    assert "We could not send the text message" not in page
    assert "We have sent you a new code by text message" in page
    client.post(CONFIRM_PAGE, {"action": "verify", "code": code})
    assert client.session["_auth_user_id"] == str(winnie.user.pk)


def test_someone_with_e_mail_can_also_sign_in_by_text(
    trust, make_user, client, fake_notify, django_capture_on_commit_callbacks
):
    lead = make_user(Role.PARTICIPATION_LEAD)
    person = PersonFactory(organisation=trust.organisation, email="ben@example.org", phone="07700 900461")
    with django_capture_on_commit_callbacks(execute=True):
        user = person_give_sign_in(person=person, actor=lead)
        assert (user.email, user.phone) == ("ben@example.org", None)
        user = person_give_sign_in(person=person, actor=lead, by="text")
    assert (user.email, user.phone) == ("ben@example.org", MOBILE)
    told = Message.objects.get(idempotency_key=f"people.sign_in_given:{user.pk}:text")
    assert "You can now also sign in with a code sent by text message" in told.body
    _ask_for_a_code(client, django_capture_on_commit_callbacks)
    client.post(CONFIRM_PAGE, {"action": "verify", "code": _code_sent_to(fake_notify)})
    assert client.session["_auth_user_id"] == str(user.pk)
    # The e-mail address they have not used yet is not asked for: they proved their phone.
    assert client.get(reverse("people:me")).status_code == 200


def test_e_mail_sign_in_still_works_and_is_not_offered_a_phone_field(trust, make_user, client):
    make_user(Role.PARTICIPANT, email="amara@example.org")
    page = client.get(reverse("account_request_login_code")).content.decode()
    assert 'name="phone"' not in page
    assert "No e-mail address? Get a code by text message" in page
    response = client.post(reverse("account_request_login_code"), {"email": ""})
    assert "Enter your e-mail address" in response.content.decode()
    login = client.get(reverse("account_login")).content.decode()
    assert 'type="email"' in login


def test_a_mobile_number_and_password_never_sign_in(winnie, client):
    user = winnie.user
    user.set_password("a-long-test-password")
    user.save()
    response = client.post(reverse("account_login"), {"login": "07700900461", "password": "a-long-test-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_bad_ways_to_give_a_sign_in(trust, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD)
    nobody = PersonFactory(organisation=trust.organisation, email="", phone="020 7946 0000")
    with pytest.raises(ValidationError, match="UK mobile number"):
        person_give_sign_in(person=nobody, actor=lead)
    staff = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF, email="", phone="07700 900461")
    with pytest.raises(ValidationError, match="Staff sign in with their e-mail address"):
        person_give_sign_in(person=staff, actor=lead, by="text")
    first = PersonFactory(organisation=trust.organisation, email="", phone="07700 900461")
    person_give_sign_in(person=first, actor=lead)
    second = PersonFactory(organisation=trust.organisation, email="", phone="+44 7700 900461")
    with pytest.raises(ValidationError, match="already signs in with this mobile number"):
        person_give_sign_in(person=second, actor=lead)
    assert User.objects.filter(phone=MOBILE).count() == 1


def test_accounts_without_e_mail_stay_unique_and_need_something_to_sign_in_with(trust):
    organisation = trust.organisation
    User.objects.create_user(None, phone="07700900001", full_name="One", organisation=organisation)
    User.objects.create_user("", phone="07700900002", full_name="Two", organisation=organisation)
    assert User.objects.filter(email__isnull=True).count() == 2
    with pytest.raises(ValueError, match="e-mail address or a mobile number"):
        User.objects.create_user(None, full_name="Nobody", organisation=organisation)
    with pytest.raises(ValueError, match="UK mobile number"):
        User.objects.create_user(None, phone="020 7946 0000", full_name="Landline", organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(None, phone="07700900001", full_name="Same number", organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        User(full_name="Nothing", organisation=organisation).save()


def test_a_lead_gives_a_sign_in_by_text_on_the_person_page(lead_client, trust, django_capture_on_commit_callbacks):
    person = PersonFactory(organisation=trust.organisation, email="", phone="07700 900461", full_name="Winnie Osei")
    detail = lead_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Give a sign-in" in detail
    page = lead_client.get(reverse("people:sign_in", args=[person.pk])).content.decode()
    assert "With a code sent by text message to 07700 900461" in page
    refused = lead_client.post(reverse("people:sign_in", args=[person.pk]), {"how": "email"})
    assert "Select one of the ways shown" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = lead_client.post(reverse("people:sign_in", args=[person.pk]), {"how": "text"}, follow=True)
    html = done.content.decode()
    assert "Winnie Osei can now sign in to WithUs with a code sent by text message" in html
    assert "Yes. They sign in with a code texted to 07700 900461" in html
    assert [text["to"] for text in LocalGateway.texts] == [MOBILE]  # told how, by text message
    person.refresh_from_db()
    assert person.user.phone == MOBILE


def test_someone_without_e_mail_or_mobile_is_told_what_is_missing(lead_client, trust):
    person = PersonFactory(organisation=trust.organisation, email="", phone="")
    page = lead_client.get(reverse("people:sign_in", args=[person.pk])).content.decode()
    assert "needs an e-mail address or a UK mobile number" in page


def test_adding_someone_without_e_mail_with_a_sign_in_gives_one_by_text(
    lead_client, django_capture_on_commit_callbacks
):
    import uuid

    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "service_user",
        "full_name": "Winnie Osei",
        "email": "",
        "phone": "07700 900461",
        "preferred_contact": "text",
        "give_sign_in": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("people:add"), data)
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(full_name="Winnie Osei")
    assert (user.email, user.phone) == (None, MOBILE)
    assert [text["to"] for text in LocalGateway.texts] == [MOBILE]


def test_recovery_never_sends_a_sign_in_code_late(winnie, fake_notify):
    import datetime

    from django.utils import timezone

    from withus.notifications.services.sending import messages_recover
    from withus.notifications.services.sign_in_codes import sign_in_code_write

    left_queued = sign_in_code_write(user=winnie.user, phone=MOBILE, code="123456", minutes=10)
    left_sending = sign_in_code_write(user=winnie.user, phone=MOBILE, code="654321", minutes=10)
    Message.objects.filter(pk=left_sending.pk).update(status=MessageStatus.SENDING)
    later = timezone.now() + datetime.timedelta(minutes=30)
    Message.objects.filter(pk__in=[left_queued.pk, left_sending.pk]).update(updated_at=timezone.now())
    messages_recover(stuck_for=datetime.timedelta(minutes=10), now=later)
    for message in Message.objects.filter(template=SIGN_IN_CODE):
        assert message.status == MessageStatus.FAILED
        assert "123456" not in str(message.personalisation)
        assert "654321" not in str(message.personalisation)
    assert _codes_sent(fake_notify) == []


def test_confirming_it_is_them_sends_a_code_by_text(winnie, client, fake_notify, django_capture_on_commit_callbacks):
    User.objects.filter(pk=winnie.user_id).update(phone_verified=True)
    client.force_login(winnie.user)
    page = client.get("/accounts/reauthenticate/code/").content.decode()
    assert 'value="07700900461"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/reauthenticate/code/", {"recipient": MOBILE})
    assert response.status_code == 302
    [text] = _codes_sent(fake_notify)
    assert "is your WithUs code to confirm it is you" in text["personalisation"]["body"]
    assert (
        "We have sent a code by text message to <strong>07700 900461</strong>"
        in client.get(response["Location"]).content.decode()
    )


def test_a_staff_colleague_without_e_mail_is_told_to_add_one(lead_client, trust):
    person = PersonFactory(organisation=trust.organisation, kind=PersonKind.STAFF, email="", phone="07700 900461")
    page = lead_client.get(reverse("people:sign_in", args=[person.pk])).content.decode()
    assert "Staff colleagues sign in with their e-mail address" in page
    assert 'name="how"' not in page
