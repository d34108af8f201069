"""Winnie Osei (issue 17, ADR 34): a service user on Birch Ward with no e-mail address, who hears from us by text
message and, when the demo's sign-ins are made, signs in with a code sent by text message to her mobile number
(type 07700 900047 at /accounts/login/text/; the code appears in the console, where the local gateway writes text
messages). Idempotent: she is added once, and her sign-in only with WITHUS_DEMO=1."""

from django.db import transaction

from withus.accounts.models import Role, RoleAssignment, User
from withus.people import services as people_services
from withus.people.models import ConsentTopic, ContactMethod, MembershipStatus, Person, PersonKind

FULL_NAME = "Winnie Osei"
MOBILE = "07700900047"
MOBILE_AS_TYPED = "07700 900047"


def build_text_sign_in(*, trust, units, with_sign_ins: bool) -> Person:
    with transaction.atomic():
        person = Person.objects.filter(organisation=trust, full_name=FULL_NAME).first()
        if person is None:
            person = _add_winnie(trust, units)
        if with_sign_ins and person.user_id is None:
            user = User.objects.filter(phone=MOBILE).first() or User.objects.create_user(
                None, phone=MOBILE, full_name=FULL_NAME, organisation=trust
            )
            # A demo number receives no texts: it counts as verified, like the demo e-mail addresses.
            User.objects.filter(pk=user.pk).update(phone_verified=True)
            RoleAssignment.objects.get_or_create(organisation=trust, user=user, role=Role.PARTICIPANT, unit=None)
            Person.objects.filter(pk=person.pk).update(user=user)
            person.refresh_from_db()
    return person


def _add_winnie(trust, units) -> Person:
    statements = people_services.current_consent_statements(trust)
    person = people_services.person_create(
        organisation=trust,
        details=people_services.PersonDetails(
            values={
                "kind": PersonKind.SERVICE_USER,
                "full_name": FULL_NAME,
                "preferred_name": "Winnie",
                "pronouns": "she/her",
                "email": "",
                "phone": MOBILE_AS_TYPED,
                "preferred_contact": ContactMethod.TEXT,
                "communication_notes": "Has no e-mail address. Reads text messages on her phone with large text.",
                "support_notes": "Likes someone to meet her at the main entrance before meetings.",
            },
            relations={"units": [units["BIRCH"]]} if "BIRCH" in units else {},
        ),
        actor=None,
        consents=[statements[topic] for topic in (ConsentTopic.CONTACT, ConsentTopic.DATA) if topic in statements],
    )
    for status, reason in (
        (MembershipStatus.WELCOME, "Welcome conversation booked with the People Participation team"),
        (MembershipStatus.ACTIVE, "Welcome conversation held; involvement agreement signed"),
    ):
        people_services.person_change_status(person=person, to_status=status, reason=reason, actor=None)
    return person
