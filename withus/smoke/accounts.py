"""The smoke test's trust and sign-ins: one per role it checks, staff with an authenticator app whose secret the
smoke test knows. It refuses to touch any database but a fresh one of its own (ADR 8)."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction

from withus.accounts.models import Role, RoleAssignment, User
from withus.organisations.models import Organisation
from withus.organisations.services import organisation_create
from withus.people.models import Person
from withus.people.services import PersonDetails, person_create

TRUST_NAME = "Smoke Test NHS Trust (CI only)"
EMAIL_DOMAIN = "smoke-test.invalid"  # .invalid can never be a real mailbox (RFC 2606)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@dataclass(frozen=True)
class SmokeSignIn:
    local_part: str
    full_name: str
    role: Role


SIGN_INS = (
    SmokeSignIn("administrator", "Smoke Administrator", Role.ADMINISTRATOR),
    SmokeSignIn("lead", "Smoke Participation Lead", Role.PARTICIPATION_LEAD),
    SmokeSignIn("finance", "Smoke Finance Approver", Role.FINANCE_APPROVER),
    SmokeSignIn("participant", "Smoke Participant", Role.PARTICIPANT),
)


class SmokeTestRefused(Exception):
    """The command was run where it must not be."""


def refuse_unless_smoke_test() -> None:
    if not getattr(settings, "WITHUS_SMOKE_TEST", False):
        raise SmokeTestRefused("This command is only for CI's production smoke test (WITHUS_SMOKE_TEST is not set).")
    if not set(settings.ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
        raise SmokeTestRefused("This command only runs for a site served to 127.0.0.1 alone.")
    others = Organisation.objects.exclude(name=TRUST_NAME)
    strangers = User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}")
    if others.exists() or strangers.exists():
        raise SmokeTestRefused(
            "This database already holds a trust or accounts: the smoke test only runs on a fresh, empty database "
            "of its own. Nothing was changed."
        )


@transaction.atomic
def create_smoke_sign_ins(*, password: str, totp_secret: str) -> list[User]:
    """Create (or reset) the smoke test's sign-ins. Staff get an authenticator app with the given secret."""
    refuse_unless_smoke_test()
    trust = Organisation.objects.filter(name=TRUST_NAME).first() or organisation_create(
        name=TRUST_NAME, short_name="Smoke test"
    )
    users = []
    for sign_in in SIGN_INS:
        email = f"{sign_in.local_part}@{EMAIL_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, full_name=sign_in.full_name, organisation=trust, email_verified=True
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(organisation=trust, user=user, role=sign_in.role, unit=None)
        if sign_in.role == Role.PARTICIPANT:
            _give_register_record(trust, user)
        else:
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            TOTP.activate(user, totp_secret)
        users.append(user)
    return users


def _give_register_record(trust: Organisation, user: User) -> None:
    if Person.objects.filter(user=user).exists():
        return
    person = person_create(
        organisation=trust,
        details=PersonDetails(
            values={
                "kind": "service_user",
                "full_name": user.full_name,
                "email": user.email,
                "preferred_contact": "email",
            }
        ),
        actor=None,
    )
    Person.objects.filter(pk=person.pk).update(user=user)
