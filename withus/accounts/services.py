"""Administrators manage staff accounts in the app: invite, change roles and units, deactivate, reactivate and reset
two-step verification. Each write is validated, saved and audited in one transaction (issue 14 item 1, ADR 20).

Rules kept here, whoever calls: nobody changes their own roles or deactivates themselves; the trust's last active
administrator is never removed; an invitation sets the sign-in address of a new account only (nobody changes
another person's sign-in address, issue 12 item 3).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from withus.accounts.models import ASSIGNED_ROLES, Role, RoleAssignment, User, sign_in_address_taken
from withus.accounts.signals import staff_invited
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import SINGLE_LINE_MESSAGE, has_control_characters

LAST_ADMINISTRATOR = (
    "You cannot remove the trust's last administrator. Make someone else an administrator first, then try again"
)
OWN_ROLES = "You cannot change your own roles. Ask another administrator"


@dataclass(frozen=True)
class RoleChoice:
    """One role and where it applies: a unit (and everything beneath it), or None for the whole trust."""

    role: str
    unit: object = None


def _describe(choices: Iterable[RoleChoice]) -> str:
    parts = []
    for choice in choices:
        where = choice.unit.name if choice.unit is not None else "whole trust"
        parts.append(f"{Role(choice.role).label} ({where})")
    return ", ".join(sorted(parts)) or "no roles"


def _current_roles(user: User) -> list[RoleChoice]:
    return [RoleChoice(a.role, a.unit) for a in user.roles.select_related("unit")]


def _check_actor(actor: User, user: User | None = None) -> None:
    if not actor.has_perm("accounts.manage_users"):
        raise ValidationError("Only an administrator can manage accounts")
    if user is not None and user.organisation_id != actor.organisation_id:
        raise ValidationError("This account belongs to another trust")


def _check_name(full_name: str) -> None:
    if not full_name:
        raise ValidationError({"full_name": "Enter their full name"})
    if has_control_characters(full_name):
        raise ValidationError({"full_name": SINGLE_LINE_MESSAGE})


def _check_roles(organisation, roles: list[RoleChoice]) -> None:
    if not roles:
        raise ValidationError({"roles": "Select at least one role"})
    for choice in roles:
        if choice.role not in ASSIGNED_ROLES:
            raise ValidationError(
                {"roles": "Add service users and carers through the register, not here"},
            )
        if choice.unit is not None and choice.unit.organisation_id != organisation.pk:
            raise ValidationError({"roles": "Select units in this trust"})
    if len({(c.role, getattr(c.unit, "pk", None)) for c in roles}) != len(roles):
        raise ValidationError({"roles": "Each role can be given once"})


def other_active_administrators(user: User):
    """The trust's other active administrators (accounts that could still manage accounts without this one)."""
    holders = RoleAssignment.objects.filter(organisation_id=user.organisation_id, role=Role.ADMINISTRATOR).values(
        "user_id"
    )
    others = User.objects.for_organisation(user.organisation_id).exclude(pk=user.pk)
    return others.filter(is_active=True, pk__in=holders)


def _check_not_last_administrator(user: User) -> None:
    if not (user.has_role(Role.ADMINISTRATOR) and user.is_active):
        return
    # The other administrators' rows stay locked until this change commits, so two administrators removing each
    # other at the same moment cannot both succeed (on PostgreSQL; SQLite runs one write at a time anyway).
    if not list(other_active_administrators(user).select_for_update()):
        raise ValidationError(LAST_ADMINISTRATOR)


def _set_roles(user: User, roles: list[RoleChoice]) -> None:
    user.roles.all().delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(organisation_id=user.organisation_id, user=user, role=c.role, unit=c.unit) for c in roles
    )
    user.__dict__.pop("role_assignments", None)
    user.__dict__.pop("role_names", None)


@transaction.atomic
def user_invite(
    *, organisation, email: str, full_name: str, roles: list[RoleChoice], actor: User, request=None
) -> User:
    """A new staff account: its sign-in address, name and roles; an e-mail tells them how to sign in with a code."""
    _check_actor(actor)
    if organisation.pk != actor.organisation_id:
        raise ValidationError("You can only invite people to your own trust")
    email = email.strip().lower()
    full_name = full_name.strip()
    _check_name(full_name)
    if not email:
        raise ValidationError({"email": "Enter their e-mail address"})
    if sign_in_address_taken(email):
        raise ValidationError(
            {"email": "A WithUs account already uses this e-mail address. Find them in the list of accounts instead"}
        )
    _check_roles(organisation, roles)
    user = User(email=email, full_name=full_name, organisation=organisation)
    user.set_unusable_password()  # they sign in with a code sent to this address, and may set a password later
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    _set_roles(user, roles)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Invited {email} as {_describe(roles)}",
        changed_fields=["email", "full_name", "roles"],
    )
    path = reverse("account_request_login_code")
    sign_in_url = request.build_absolute_uri(path) if request is not None else path
    # Notifications writes the invitation to its outbox in this transaction and sends it once it commits.
    staff_invited.send(sender=User, user=user, actor=actor, sign_in_url=sign_in_url)
    return user


@transaction.atomic
def user_change_roles(*, user: User, full_name: str, roles: list[RoleChoice], actor: User, request=None) -> User:
    """Change someone's name and roles (never their sign-in address, and never your own roles)."""
    _check_actor(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(OWN_ROLES)
    full_name = full_name.strip()
    _check_name(full_name)
    _check_roles(user.organisation, roles)
    keeps_participant = user.has_role(Role.PARTICIPANT)
    if user.has_role(Role.ADMINISTRATOR) and not any(c.role == Role.ADMINISTRATOR for c in roles):
        _check_not_last_administrator(user)
    before = _describe(_current_roles(user))
    if keeps_participant:  # the register gives and takes the participant role, not this page
        roles = [*roles, RoleChoice(Role.PARTICIPANT)]
    changed = []
    if user.full_name != full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
        changed.append("full_name")
    after = _describe(roles)
    if after != before:
        _set_roles(user, roles)
        changed.append("roles")
    if changed:
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            object_type="user",
            object_id=str(user.pk),
            object_label=f"Roles of {user.sign_in_name}: {before} → {after}"
            if "roles" in changed
            else f"Name of {user.sign_in_name}",
            changed_fields=changed,
        )
    return user


def _end_sessions(user: User) -> int:
    """End every session the person has (allauth's user sessions), wherever they are signed in."""
    sessions = list(UserSession.objects.filter(user_id=user.pk))
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def user_deactivate(*, user: User, actor: User, request=None) -> User:
    """A leaver: they can no longer sign in and every session of theirs ends now. Their history stays."""
    _check_actor(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError("You cannot deactivate your own account. Ask another administrator")
    if not user.is_active:
        raise ValidationError(f"{user.full_name}'s account is already deactivated")
    _check_not_last_administrator(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _end_sessions(user)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Deactivated {user.sign_in_name}; {ended} session{'s' if ended != 1 else ''} ended",
        changed_fields=["is_active"],
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User, request=None) -> User:
    _check_actor(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(f"{user.full_name}'s account is already active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Reactivated {user.sign_in_name}",
        changed_fields=["is_active"],
    )
    return user


@transaction.atomic
def user_reset_two_step(*, user: User, reason: str, actor: User, request=None) -> User:
    """Remove someone's authenticator app and recovery codes (a lost phone, say), with the reason on record."""
    _check_actor(actor, user)
    if user.pk == actor.pk:
        raise ValidationError("You cannot reset your own two-step verification. Ask another administrator")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why, for example how you checked who they are"})
    removed, _ = Authenticator.objects.filter(user=user).delete()
    if not removed:
        raise ValidationError(
            f"{user.full_name or user.sign_in_name} has not set up two-step verification: nothing to reset"
        )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        organisation_id=user.organisation_id,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Two-step verification reset for {user.sign_in_name}: {reason[:150]}",
        changed_fields=["two_step_verification"],
    )
    return user
