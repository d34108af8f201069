"""Which WithUs account a validated Microsoft ID token signs in as, and with which roles (issue 24, ADR 31).

- Accounts are found by the token's tenant and object ids (`tid`, `oid`), never by e-mail address.
- A Microsoft account is connected to a WithUs account the first time only through an administrator's invitation
  link, or, where the trust has switched the rule on (WITHUS_ENTRA_NEW_ACCOUNTS), by making a new account for a
  person of the trust's own tenant who holds a mapped app role. An existing account is never taken over because
  its e-mail address matches.
- The directory decides the roles: at every sign-in the person's staff roles become exactly those the mapping table
  gives for the token's `roles` claim, so a role removed in the directory is gone at the next sign-in.
- Every sign-in, refusal, connection and role change is audited.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from withus.accounts.directory import DirectoryConfig
from withus.accounts.models import (
    ASSIGNED_ROLES,
    DirectoryIdentity,
    DirectoryInvitation,
    DirectoryRoleMapping,
    Role,
    User,
    sign_in_address_taken,
)
from withus.accounts.services import RoleChoice, _check_actor, _describe, _set_roles
from withus.accounts.signals import directory_invited
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import SINGLE_LINE_MESSAGE, has_control_characters

ASK_ADMINISTRATOR = "ask your administrator"


class SignInRefused(Exception):
    """The directory said who the person is, but WithUs will not sign them in. `reason` goes in the audit log;
    `kind` chooses the page the person sees."""

    def __init__(self, kind: str, reason: str, *, user: User | None = None):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.user = user


@dataclass(frozen=True)
class DirectorySignIn:
    user: User
    created: bool
    connected: bool


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def directory_organisation(config: DirectoryConfig):
    """The trust whose staff sign in through this tenant: the one with the configured ODS code, or the only one."""
    # Organisations sit above accounts (ADR 18): reached through the foreign key, not imported.
    organisations = DirectoryIdentity._meta.get_field("organisation").related_model.objects.all()  # noqa: SLF001
    if config.organisation_code:
        return organisations.filter(ods_code__iexact=config.organisation_code).first()
    found = list(organisations[:2])
    return found[0] if len(found) == 1 else None


def _refuse(kind: str, reason: str, *, request, claims: dict, organisation=None, user: User | None = None):
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor=user,
        actor_email=str(claims.get("preferred_username") or claims.get("email") or "")[:254],
        organisation_id=getattr(user, "organisation_id", None) or getattr(organisation, "pk", None),
        object_type="user",
        object_id=str(user.pk) if user else "",
        object_label=f"Microsoft sign-in refused: {reason}"[:200],
    )
    return SignInRefused(kind, reason, user=user)


def _mapped_roles(organisation, claims: dict) -> list[RoleChoice]:
    app_roles = claims.get("roles") or []
    if not isinstance(app_roles, list):
        return []
    names = {str(name) for name in app_roles}
    mappings = DirectoryRoleMapping.objects.for_organisation(organisation.pk).filter(app_role__in=names)
    chosen = {(m.role, m.unit_id): RoleChoice(m.role, m.unit) for m in mappings.select_related("unit")}
    return list(chosen.values())


def _email_from(claims: dict) -> str:
    return str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()[:254]


def _pending_invitation(digest: str, organisation) -> DirectoryInvitation | None:
    if not digest:
        return None
    return (
        DirectoryInvitation.objects.select_for_update()
        .select_related("user")
        .filter(
            token_digest=digest,
            organisation=organisation,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def _connect(*, user: User, tenant_id: str, object_id: str, how: str, request, claims: dict) -> DirectoryIdentity:
    identity = DirectoryIdentity.objects.create(
        organisation_id=user.organisation_id, user=user, tenant_id=tenant_id, object_id=object_id
    )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Microsoft account connected ({how})",
        changed_fields=["directory_identity"],
    )
    return identity


def _new_account(*, organisation, claims: dict, request) -> User:
    email = _email_from(claims)
    name = str(claims.get("name") or "").strip()[:200] or email
    if not email or sign_in_address_taken(email):
        # Never linked by e-mail: the person who has that address in WithUs may not be this directory account.
        raise _refuse(
            "needs_invitation",
            f"no connected account, and {email or 'no e-mail address'} cannot be given a new one",
            request=request,
            claims=claims,
            organisation=organisation,
        )
    user = User(email=email, full_name=name, organisation=organisation)
    user.set_unusable_password()  # they sign in through the directory only
    user.save()
    # The directory has checked the address; the account still cannot sign in with it unless a code is typed.
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=user,
        organisation_id=organisation.pk,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Account made at first Microsoft sign-in for {email} (trust rule)",
        changed_fields=["email", "full_name"],
    )
    return user


def _apply_directory_roles(*, user: User, roles: list[RoleChoice], request) -> None:
    """The person's staff roles become exactly the mapped ones (the participant role is never given or taken here)."""
    current = [RoleChoice(a.role, a.unit) for a in user.roles.select_related("unit") if a.role in ASSIGNED_ROLES]
    before, after = _describe(current), _describe(roles)
    if before == after:
        return
    _set_roles(user, roles)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Roles from the directory: {before} → {after}"[:200],
        changed_fields=["roles"],
    )


def directory_sign_in(*, claims: dict, config: DirectoryConfig, invitation_digest: str = "", request=None):
    """The account this validated ID token signs in as, with its roles set from the token. Raises SignInRefused.

    A refusal is raised only once the transaction has committed, so its audit entry (and a role the directory has
    taken away, when the refusal is that no role is left) is kept."""
    with transaction.atomic():
        try:
            outcome = _sign_in(claims=claims, config=config, invitation_digest=invitation_digest, request=request)
        except SignInRefused as refusal:
            outcome = refusal
    if isinstance(outcome, SignInRefused):
        raise outcome
    return outcome


def _sign_in(*, claims: dict, config: DirectoryConfig, invitation_digest: str, request) -> DirectorySignIn:
    tenant_id, object_id = str(claims.get("tid") or ""), str(claims.get("oid") or "")
    organisation = directory_organisation(config)
    if not tenant_id or not object_id:
        raise _refuse("refused", "the token has no tenant or object id", request=request, claims=claims)
    if tenant_id != config.tenant_id:
        raise _refuse("refused", f"a token from another tenant ({tenant_id[:40]})", request=request, claims=claims)
    if organisation is None:
        raise _refuse("refused", "no trust is set up for this directory", request=request, claims=claims)
    identity = (
        DirectoryIdentity.objects.select_related("user")
        .filter(tenant_id=tenant_id, object_id=object_id, organisation=organisation)
        .first()
    )
    roles = _mapped_roles(organisation, claims)
    created = connected = False
    if identity is None:
        invitation = _pending_invitation(invitation_digest, organisation)
        if invitation is not None:
            user = invitation.user
            if DirectoryIdentity.objects.filter(user=user).exists():
                raise _refuse(
                    "already_connected",
                    f"{user.email} is already connected to another Microsoft account",
                    request=request,
                    claims=claims,
                    user=user,
                )
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at", "updated_at"])
            how = f"invitation from {invitation.created_by.email}"
        elif config.new_accounts and roles:
            user, created, how = _new_account(organisation=organisation, claims=claims, request=request), True, "rule"
        else:
            raise _refuse(
                "needs_invitation",
                f"no WithUs account is connected to directory object {object_id[:40]}",
                request=request,
                claims=claims,
                organisation=organisation,
            )
        try:
            with transaction.atomic():
                identity = _connect(
                    user=user, tenant_id=tenant_id, object_id=object_id, how=how, request=request, claims=claims
                )
        except IntegrityError as error:  # two first sign-ins at once: the other one connected it
            raise _refuse("refused", "connected twice at once", request=request, claims=claims) from error
        connected = True
    user = identity.user
    if not user.is_active:
        raise _refuse("inactive", "the account is deactivated in WithUs", request=request, claims=claims, user=user)
    if user.has_role(Role.PARTICIPANT):
        raise _refuse(
            "refused", "service users and carers do not sign in this way", request=request, claims=claims, user=user
        )
    _apply_directory_roles(user=user, roles=roles, request=request)
    if not roles:
        raise _refuse("no_role", "no mapped app role in the token", request=request, claims=claims, user=user)
    identity.last_signed_in_at = timezone.now()
    identity.save(update_fields=["last_signed_in_at", "updated_at"])
    return DirectorySignIn(user=user, created=created, connected=connected)


def directory_session_record(*, user: User, request) -> None:
    """After Django's login: the session on the person's list of signed-in devices, and the sign-in audited."""
    UserSession.objects.create_from_request(request, user=user)
    audit_record(
        action=AuditAction.SIGN_IN,
        request=request,
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        object_label="Signed in with Microsoft",
    )


# What administrators do: invitation links and the table of app roles.


@transaction.atomic
def directory_invitation_create(*, user: User, actor: User, days: int, request=None) -> str:
    """A link that connects the first Microsoft account to sign in through it to this account. The link's secret is
    sent to the person through the outbox and is not kept (only its digest is); earlier unused links stop working."""
    _check_actor(actor, user)
    if days < 1:
        raise ValidationError("Sign in with Microsoft is not switched on for WithUs yet, so the link would not work")
    if not user.is_active:
        raise ValidationError(f"{user.full_name}'s account is deactivated. Reactivate it first")
    if user.has_role(Role.PARTICIPANT):
        raise ValidationError("Service users and carers do not sign in with Microsoft")
    if DirectoryIdentity.objects.filter(user=user).exists():
        raise ValidationError(f"{user.full_name}'s account is already connected to a Microsoft account")
    user.directory_invitations.filter(used_at__isnull=True).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    DirectoryInvitation.objects.create(
        organisation_id=user.organisation_id,
        user=user,
        token_digest=token_digest(token),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        object_label=f"Invited {user.email} to connect a Microsoft account",
        changed_fields=["directory_invitation"],
    )
    path = reverse("accounts:microsoft_invitation", args=[token])
    link = request.build_absolute_uri(path) if request is not None else path
    directory_invited.send(sender=User, user=user, actor=actor, link=link, days=days)
    return token


def directory_invitation_find(token: str) -> DirectoryInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        DirectoryInvitation.objects.select_related("user")
        .filter(token_digest=token_digest(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def directory_role_mapping_add(*, organisation, app_role: str, role: str, unit, actor: User, request=None):
    _check_actor(actor)
    if organisation.pk != actor.organisation_id:
        raise ValidationError("You can only change your own trust's roles")
    app_role = app_role.strip()
    if not app_role:
        raise ValidationError({"app_role": "Enter the app role's value, for example WithUs.Finance"})
    if has_control_characters(app_role) or " " in app_role:
        raise ValidationError({"app_role": f"{SINGLE_LINE_MESSAGE}, with no spaces"})
    if role not in ASSIGNED_ROLES:
        raise ValidationError({"role": "Select a staff role. Service users and carers do not sign in this way"})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Select a unit in this trust"})
    existing = DirectoryRoleMapping.objects.for_organisation(organisation.pk).filter(
        app_role=app_role, role=role, unit=unit
    )
    if existing.exists():
        raise ValidationError({"app_role": "This app role already gives this role there"})
    mapping = DirectoryRoleMapping.objects.create(organisation=organisation, app_role=app_role, role=role, unit=unit)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=mapping,
        object_label=f"Directory role mapping: {mapping}"[:200],
    )
    return mapping


@transaction.atomic
def directory_role_mapping_remove(*, mapping: DirectoryRoleMapping, actor: User, request=None) -> None:
    _check_actor(actor)
    if mapping.organisation_id != actor.organisation_id:
        raise ValidationError("This mapping belongs to another trust")
    label = f"Directory role mapping removed: {mapping}"[:200]
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        object_type="directoryrolemapping",
        object_id=str(mapping.pk),
        object_label=label,
        changed_fields=["deleted"],
    )
    mapping.delete()
